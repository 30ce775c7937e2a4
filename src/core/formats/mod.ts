/**
 * One reducer per Codex output format, behind the {@linkcode FormatReducer} seam.
 *
 * @module
 */

export * from "./format_reducer.ts";
export * from "./turn_book.ts";
export * from "./turn_book_reducer.ts";
export * from "./mcp_server/mcp_reducer.ts";
export * from "./mcp_server/event_header.ts";
export * from "./app_server/app_server_reducer.ts";
export * from "./exec_json/exec_json_reducer.ts";
export * from "./rollout/rollout_reducer.ts";
