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
  /** `--no-color` (same as `mode: "never"`). */
  noColorFlag: boolean;
  /** `--color=auto|always|never` (default auto). */
  mode?: "auto" | "always" | "never";
  env: (name: string) => string | undefined;
}

/**
 * Whether to colour: `--color=always|never` (or `--no-color`) decide first, then `NO_COLOR`
 * (any non-empty value: never), then `FORCE_COLOR` (non-empty and not 0: always), then the TTY.
 */
export function shouldColor(options: ShouldColorOptions): boolean {
  if (options.noColorFlag || options.mode === "never") return false;
  if (options.mode === "always") return true;
  const noColor = options.env("NO_COLOR");
  if (noColor !== undefined && noColor !== "") return false;
  const force = options.env("FORCE_COLOR");
  if (force !== undefined && force !== "" && force !== "0") return true;
  return options.isTty;
}
