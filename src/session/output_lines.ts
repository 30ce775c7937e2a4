/** Small direct reads of a session's output: the initialize reply and the last text lines. */

import { stripAnsi } from "../io/mod.ts";
import type { RequestId } from "../core/model/mod.ts";

/** What the server said about itself in its `initialize` reply. */
export interface ServerInfo {
  name: string | null;
  version: string | null;
  userAgent: string | null;
}

/** Finds the `initialize` reply with id `id` in output text; null while it has not arrived. */
export function findInitializeReply(text: string, id: RequestId): ServerInfo | null {
  for (const line of text.split("\n")) {
    if (!line.includes('"serverInfo"')) continue;
    try {
      const message = JSON.parse(line) as {
        id?: unknown;
        result?: { serverInfo?: { name?: unknown; version?: unknown; user_agent?: unknown } };
      };
      if (message.id !== id || !message.result?.serverInfo) continue;
      const info = message.result.serverInfo;
      return {
        name: typeof info.name === "string" ? info.name : null,
        version: typeof info.version === "string" ? info.version : null,
        userAgent: typeof info.user_agent === "string" ? info.user_agent : null,
      };
    } catch {
      // a text line that mentions serverInfo
    }
  }
  return null;
}

/** The last `count` lines of output text that are not JSON (stderr), ANSI codes removed. */
export function lastTextLines(text: string, count: number): string[] {
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("{")) {
      try {
        JSON.parse(trimmed);
        continue;
      } catch {
        // not JSON after all: keep it
      }
    }
    lines.push(stripAnsi(trimmed));
    if (lines.length > count) lines.shift();
  }
  return lines;
}
