/**
 * Turning line bytes into text: UTF-8 that never throws, and ANSI colour removal for the
 * stderr lines Codex writes into the same file.
 *
 * @module
 */

// Non-fatal: invalid UTF-8 becomes U+FFFD instead of an exception. Stateless between calls.
const decoder = new TextDecoder("utf-8", { fatal: false });

// CSI sequences such as "\x1b[2m" or "\x1b[0;31m"; ESC is written as \u001b on purpose.
const ANSI_SEQUENCE = new RegExp("\u001b\\[[0-9;]*[A-Za-z]", "g");

/**
 * Decodes one line as UTF-8. Invalid bytes become U+FFFD; it never throws. A leading
 * byte order mark is dropped.
 */
export function decodeLine(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Removes ANSI CSI sequences (`ESC [ digits/semicolons letter`), such as colours. */
export function stripAnsi(text: string): string {
  if (!text.includes("\u001b")) return text;
  return text.replace(ANSI_SEQUENCE, "");
}
