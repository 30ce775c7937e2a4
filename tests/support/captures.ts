/** Independent facts read straight from capture files, to check codexmon against. */

/** Every JSON line of a capture, parsed; non-JSON lines are skipped. */
export function jsonLines(path: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of Deno.readTextFileSync(path).split("\n")) {
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object") out.push(value);
    } catch {
      // stderr noise
    }
  }
  return out;
}

/** The text of the tools/call result with `id`, as the capture has it. */
export function resultText(path: string, id: number | string): string | null {
  for (const line of jsonLines(path)) {
    if (line.id !== id || line.method !== undefined) continue;
    const result = line.result as { content?: { text?: string }[] } | undefined;
    const text = result?.content?.[0]?.text;
    if (typeof text === "string") return text;
  }
  return null;
}

/** Counts of `msg.type` over the `codex/event` lines of a capture. */
export function eventTypeCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of jsonLines(path)) {
    if (line.method !== "codex/event") continue;
    const type = ((line.params as Record<string, unknown>).msg as Record<string, unknown>).type;
    if (typeof type === "string") counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

/** The last `total_token_usage.total_tokens` of a capture. */
export function lastTotalTokens(path: string): number | null {
  let total: number | null = null;
  for (const line of jsonLines(path)) {
    const msg = (line.params as Record<string, unknown> | undefined)?.msg as
      | Record<string, unknown>
      | undefined;
    const info = msg?.type === "token_count" ? msg.info as Record<string, unknown> | null : null;
    const usage = info?.total_token_usage as { total_tokens?: number } | undefined;
    if (typeof usage?.total_tokens === "number") total = usage.total_tokens;
  }
  return total;
}
