/** Small text formatters shared by the views. */

/** `12345` -> `12,345`. */
export function formatInt(value: number): string {
  // Not toLocaleString: loading the ICU locale data costs about 8 MB of memory per run.
  const rounded = Math.round(value);
  if (!Number.isSafeInteger(rounded)) return String(rounded);
  const digits = String(Math.abs(rounded));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return rounded < 0 ? `-${grouped}` : grouped;
}

/** `1234567` -> `1.2M`, `5400` -> `5.4K`. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trimZero((value / 1e9).toFixed(1))}G`;
  if (abs >= 1e6) return `${trimZero((value / 1e6).toFixed(1))}M`;
  if (abs >= 1e4) return `${Math.round(value / 1e3)}K`;
  if (abs >= 1e3) return `${trimZero((value / 1e3).toFixed(1))}K`;
  return String(Math.round(value));
}

function trimZero(text: string): string {
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

/** Milliseconds as `850ms`, `12.3s`, `4m05s`, `2h03m`, `3d04h`. */
export function formatDuration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, "0")}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, "0")}h`;
}

/** A percentage with one decimal: `0.8123` -> `81.2%`. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Collapses whitespace to single spaces so a text fits on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Shortens `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return "";
  if (text.length <= max) return text;
  if (max === 1) return "…";
  return text.slice(0, max - 1) + "…";
}

/** Joins an argv for display, quoting arguments that need it; `bash -lc X` shows as X. */
export function formatCommand(argv: readonly string[]): string {
  const shellScript = unwrapShell(argv);
  if (shellScript !== null) return shellScript;
  return argv.map(quoteArg).join(" ");
}

function unwrapShell(argv: readonly string[]): string | null {
  if (argv.length !== 3) return null;
  const [shell, flag, script] = argv;
  if (shell === undefined || flag === undefined || script === undefined) return null;
  const isShell = /(^|\/)(ba|z|da)?sh$/.test(shell);
  return isShell && (flag === "-lc" || flag === "-c") ? script : null;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`;
}

/** USD with cents, or four decimals below one cent. */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0.00";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
