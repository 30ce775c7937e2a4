/**
 * A depth check run before the JSONC parser, whose recursion overflows the stack on deeply
 * nested input: a config never needs more than a few levels.
 */

/** Deepest nesting of objects and arrays a config may have. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * The offset of the first `{` or `[` that opens a level deeper than `maxDepth`, or -1.
 * Strings and comments are skipped, so brackets inside them do not count.
 */
export function tooDeepAt(text: string, maxDepth: number = MAX_CONFIG_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (char === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (char === "{" || char === "[") {
      depth++;
      if (depth > maxDepth) return i;
    } else if (char === "}" || char === "]") {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}
