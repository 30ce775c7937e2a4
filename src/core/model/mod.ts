/**
 * Shared value types of the Codex model and small helpers every layer uses.
 *
 * @module
 */

export * from "./clip.ts";
export * from "./entry_kinds.ts";
export * from "./json_access.ts";
export * from "./limits.ts";
export * from "./recent_map.ts";
export * from "./request_key.ts";
export * from "./text_line.ts";
export * from "./types.ts";
