/** Codex 0.154+ reports a command as one shell-quoted string; the model wants argv. */

/**
 * Splits a POSIX shell-quoted command (`/bin/bash -lc 'echo hi'`) into its words, as
 * `shlex.join` wrote it: single quotes, double quotes with backslash escapes, and bare
 * backslash escapes. Unbalanced quotes end the word at the end of the text.
 *
 * @example
 * splitCommand("/bin/bash -lc 'echo hi'"); // ["/bin/bash", "-lc", "echo hi"]
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      const stop = end < 0 ? text.length : end;
      word += text.slice(index + 1, stop);
      inWord = true;
      index = stop + 1;
    } else if (char === '"') {
      index += 1;
      while (index < text.length && text[index] !== '"') {
        const next = text[index + 1];
        if (text[index] === "\\" && next !== undefined && '"\\$`'.includes(next)) {
          word += next;
          index += 2;
        } else {
          word += text[index];
          index += 1;
        }
      }
      inWord = true;
      index += 1;
    } else if (char === "\\" && index + 1 < text.length) {
      word += text[index + 1];
      inWord = true;
      index += 2;
    } else if (char === " " || char === "\t" || char === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      index += 1;
    } else {
      word += char;
      inWord = true;
      index += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}
