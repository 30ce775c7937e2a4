/** Non-JSON lines (Codex's stderr): decoded with replacement, ANSI colour codes removed. */

const DECODER = new TextDecoder();
// CSI sequences (colours, cursor moves) and OSC sequences (titles, links): ESC is the point.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes ANSI escape sequences. */
export function stripAnsi(text: string): string {
  return text.includes("\x1b") ? text.replace(ANSI, "") : text;
}

/** Decodes a text line (invalid UTF-8 becomes U+FFFD) and strips ANSI escapes. */
export function decodeTextLine(bytes: Uint8Array): string {
  return stripAnsi(DECODER.decode(bytes));
}
