/** Terminal facts for the views: the one place that asks the console for its size. */

/** Options for {@linkcode terminalWidth}. */
export interface TerminalWidthOptions {
  /** Columns of the output when it is no terminal (a pipe or a file). */
  notTty: number;
  /** Columns when the terminal does not tell its size. */
  unknown: number;
  /** The fewest columns a view is laid out for, however narrow the terminal (default 1). */
  min?: number;
}

/** The columns views may use: the terminal's width on a TTY, else a fixed width. */
export function terminalWidth(isTty: boolean, options: TerminalWidthOptions): number {
  if (!isTty) return options.notTty;
  try {
    const columns = Deno.consoleSize().columns;
    // A pseudo-terminal without a size reports 0 columns.
    return columns > 0 ? Math.max(options.min ?? 1, columns) : options.unknown;
  } catch {
    return options.unknown;
  }
}
