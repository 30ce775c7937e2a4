/**
 * The Codex event vocabulary: how one event changes a request.
 *
 * @module
 */

export * from "./apply_event.ts";
export * from "./vocabulary.ts";
