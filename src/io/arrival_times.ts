/**
 * The arrival-time side file of a session's output: one `{"line":N,"at":EPOCH_MS}` per output
 * line, in order. `session` writes it; `src/io/arrival_times_reader.ts` reads it alongside a scan.
 */

const encoder = new TextEncoder();

/** One record of the side file, with its newline. */
export function formatArrivalTime(line: number, at: number): string {
  return `{"line":${line},"at":${Math.round(at)}}\n`;
}

/**
 * Appends arrival times to an open side file, synchronously so they stay in output order.
 * The caller opens the file (the supervisor: privately, never through a link).
 */
export class ArrivalTimesWriter {
  #file: Deno.FsFile;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Records that output line `line` (1-based) arrived at `at` (ms since epoch). */
  record(line: number, at: number): void {
    writeAllSync(this.#file, encoder.encode(formatArrivalTime(line, at)));
  }

  close(): void {
    this.#file.close();
  }
}

/** One side-file record (`{"line":N,"at":MS}`), or null when it is malformed or torn. */
export function parseArrivalRecord(record: string): { line: number; at: number } | null {
  try {
    const value = JSON.parse(record) as { line?: unknown; at?: unknown };
    if (typeof value.line === "number" && typeof value.at === "number") {
      return { line: value.line, at: value.at };
    }
  } catch {
    // a torn last record while the supervisor writes
  }
  return null;
}

/** Parses side-file text into a map from line to time; malformed records are skipped. */
export function parseArrivalTimes(text: string): Map<number, number> {
  const times = new Map<number, number>();
  for (const record of text.split("\n")) {
    const parsed = record === "" ? null : parseArrivalRecord(record);
    if (parsed) times.set(parsed.line, parsed.at);
  }
  return times;
}

function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
}
