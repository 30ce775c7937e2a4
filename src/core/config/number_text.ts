/**
 * Numbers typed by a user (flags, `--threshold`): plain decimal digits only. `Number()` also
 * takes hex, exponents, blanks around the digits and an empty string; a flag never should.
 */

/** Digits, optionally with a fraction: `7`, `0.5`, `12.25`. */
const DECIMAL = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const WHOLE = /^(?:0|[1-9][0-9]*)$/;

/** Largest whole number a flag takes: what timers and array lengths accept everywhere. */
export const MAX_WHOLE = 2 ** 31 - 1;

/** The value of plain decimal `text`, or `null` for anything else (hex, `1e9`, ` 7`, `-1`). */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

/** The value of plain whole-number `text` up to {@linkcode MAX_WHOLE}, or `null`. */
export function parseWhole(text: string): number | null {
  if (!WHOLE.test(text) || text.length > 10) return null;
  const value = Number(text);
  return value <= MAX_WHOLE ? value : null;
}
