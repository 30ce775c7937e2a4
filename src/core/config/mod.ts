/**
 * Configuration: types, defaults, config-file parsing and stuck flags.
 *
 * @module
 */

export * from "./defaults.ts";
export * from "./parse_config.ts";
export * from "./stuck_flags.ts";
export * from "./types.ts";
export * from "./number_text.ts";
