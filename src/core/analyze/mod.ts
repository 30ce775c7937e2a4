/**
 * The analyzer: detects a file's format and dispatches its lines to that format's reducer.
 *
 * @module
 */

export * from "./analyzer.ts";
export * from "./format_detect.ts";
