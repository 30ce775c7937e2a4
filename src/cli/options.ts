/** Argument parsers for commander options; they throw commander's own usage errors. */

import { Option } from "@commander-js/extra-typings";
import { InvalidArgumentError } from "commander";

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

/** A whole number >= 1. */
export function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`Expected a whole number of at least 1, got "${text}"`);
  }
  return value;
}

/** A number of seconds > 0 (fractions allowed). */
export function positiveSeconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`Expected a number of seconds above 0, got "${text}"`);
  }
  return value;
}

/** A comma-separated list, trimmed, without empty items. */
export function commaList(text: string): string[] {
  return text.split(",").map((item) => item.trim()).filter((item) => item !== "");
}
