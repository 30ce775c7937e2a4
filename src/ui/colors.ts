/** ANSI colours that turn into no-ops when disabled (not a TTY, NO_COLOR, --no-color). */

/** A colour function: wraps text in escape codes, or returns it unchanged. */
export type Paint = (text: string) => string;

/** The palette codexmon uses. */
export interface Colors {
  enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
  gray: Paint;
}

function wrap(open: number, close: number): Paint {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

const identity: Paint = (text) => text;

/** Builds the palette; every colour is the identity when `enabled` is false. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) {
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      blue: identity,
      magenta: identity,
      cyan: identity,
      gray: identity,
    };
  }
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    magenta: wrap(35, 39),
    cyan: wrap(36, 39),
    gray: wrap(90, 39),
  };
}

/** Options for {@linkcode shouldColor}. */
export interface ShouldColorOptions {
  isTty: boolean;
  noColorFlag: boolean;
  env: (name: string) => string | undefined;
}

/** Colours only on a TTY, never with `NO_COLOR` (any non-empty value) or `--no-color`. */
export function shouldColor(options: ShouldColorOptions): boolean {
  if (options.noColorFlag || !options.isTty) return false;
  const noColor = options.env("NO_COLOR");
  return noColor === undefined || noColor === "";
}
