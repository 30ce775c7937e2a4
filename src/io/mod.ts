/**
 * The face of `src/io` for the other folders.
 *
 * @module
 */

export * from "./analyze_file.ts";
export * from "./arrival_times.ts";
export * from "./arrival_times_reader.ts";
export * from "./backward_reader.ts";
export * from "./config_file.ts";
export * from "./decode.ts";
export * from "./follower.ts";
export * from "./inputs.ts";
export * from "./line_scanner.ts";
export * from "./open_file.ts";
export * from "./rate_limits_reader.ts";
export * from "./signals.ts";
export * from "./tail_lines.ts";
