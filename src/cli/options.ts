/** Argument parsers for commander options; they throw commander's own usage errors. */

import { Option } from "@commander-js/extra-typings";
import { InvalidArgumentError } from "commander";
import { MAX_WHOLE, parseDecimal, parseWhole } from "../core/config/mod.ts";

/** The values of `--color`. */
export type ColorChoice = "auto" | "always" | "never";

/** `--color <when>`; pair it with `--no-color`, which sets the value to `false`. */
export function colorOption() {
  return new Option("--color <when>", "colours: auto (on a TTY, the default), always, never")
    .choices(["auto", "always", "never"] as const);
}

/** The `mode` and `noColorFlag` of `shouldColor` for a `--color`/`--no-color` value. */
export function colorMode(
  value: ColorChoice | boolean | undefined,
): { mode: ColorChoice; noColorFlag: boolean } {
  if (value === false) return { mode: "never", noColorFlag: true };
  return { mode: typeof value === "string" ? value : "auto", noColorFlag: false };
}

/** A whole number >= 1 in plain digits (no hex, exponent or blanks), at most 2^31 - 1. */
export function positiveInt(text: string): number {
  const value = parseWhole(text);
  if (value === null || value < 1) {
    throw new InvalidArgumentError(
      `Expected a whole number from 1 to ${MAX_WHOLE} in digits, got "${text}"`,
    );
  }
  return value;
}

/** Longest wait a flag takes, in seconds: timers take at most 2^31 - 1 ms. */
const MAX_SECONDS = Math.floor(MAX_WHOLE / 1000);

/** A number of seconds > 0 in plain digits (fractions allowed). */
export function positiveSeconds(text: string): number {
  const value = parseDecimal(text);
  if (value === null || value <= 0 || value > MAX_SECONDS) {
    throw new InvalidArgumentError(
      `Expected a number of seconds above 0, up to ${MAX_SECONDS}, in digits; got "${text}"`,
    );
  }
  return value;
}

/** A comma-separated list, trimmed, without empty items. */
export function commaList(text: string): string[] {
  return text.split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/** A request id given on the command line: anything but empty or blank. */
export function requestIdText(text: string): string {
  if (text.trim() === "") throw new InvalidArgumentError("Expected a request id, got an empty one");
  return text;
}
