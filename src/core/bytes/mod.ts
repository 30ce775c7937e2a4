/**
 * Reading JSON straight from bytes, without decoding or parsing the whole line.
 *
 * @module
 */

export * from "./byte_codes.ts";
export * from "./byte_json.ts";
export * from "./complete_json.ts";
export * from "./recent_strings.ts";
