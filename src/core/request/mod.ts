/**
 * The request and thread state every format feeds: requests, sessions, command texts, token usage.
 *
 * @module
 */

export * from "./command_text.ts";
export * from "./file_uri.ts";
export * from "./pending_parts.ts";
export * from "./request_totals.ts";
export * from "./request_state.ts";
export * from "./sessions.ts";
export * from "./split_command.ts";
export * from "./token_usage.ts";
export * from "./short_ids.ts";
