/**
 * The face of `src/session` for the other folders.
 *
 * @module
 */

export * from "./codex_version.ts";
export * from "./hints.ts";
export * from "./liveness.ts";
export * from "./metadata.ts";
export * from "./output_follower.ts";
export * from "./private_files.ts";
export * from "./record_beside.ts";
export * from "./send.ts";
export * from "./session_rows.ts";
export * from "./start.ts";
export * from "./state_dir.ts";
export * from "./status.ts";
export * from "./stop.ts";
export * from "./supervisor.ts";
export * from "./tool_arguments.ts";
export * from "./wait.ts";
