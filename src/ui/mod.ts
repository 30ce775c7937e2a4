/**
 * The face of `src/ui` for the other folders.
 *
 * @module
 */

export * from "./board.ts";
export * from "./colors.ts";
export * from "./completion_scripts.ts";
export * from "./entry_view.ts";
export * from "./findings.ts";
export * from "./format.ts";
export * from "./output.ts";
export * from "./progress.ts";
export * from "./rate_limits_view.ts";
export * from "./request_view.ts";
export * from "./session_list_view.ts";
export * from "./status_view.ts";
export * from "./summary_view.ts";
export * from "./terminal.ts";
export * from "./usage_view.ts";
