/** Argument parsers for commander options; they throw commander's own usage errors. */

import { InvalidArgumentError } from "commander";

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
