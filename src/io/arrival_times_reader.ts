/**
 * Reads the arrival-time side file (`OUTPUT.times.jsonl`, one `{"line":N,"at":EPOCH_MS}` per
 * output line, written by `codexmon session`) in step with a forward scan of the output.
 */

import { parseArrivalRecord } from "./arrival_times.ts";
import { openForReading, readError, statOrNull, type StdinInput } from "./open_file.ts";

/** A forward-only cursor over arrival times. */
export interface ArrivalTimes {
  /** Arrival time of `line` (1-based), or null when the side file does not know it. Lines must be asked in increasing order. */
  timeOf(line: number): number | null;
  /**
   * Where a later cursor resumes ({@linkcode OpenArrivalTimesOptions.startOffset}): after the
   * last record of a line asked for, before a record read ahead for a later line.
   */
  readonly resumeOffset: number;
  close(): void;
}

/** Options for {@linkcode openArrivalTimes}. */
export interface OpenArrivalTimesOptions {
  /** Byte offset of the first record to read (a previous cursor's `resumeOffset`); default 0. */
  startOffset?: number;
}

const BLOCK = 64 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;

/** The side file path for an output file. */
export function arrivalTimesPath(outputPath: string): string {
  return `${outputPath}.times.jsonl`;
}

/** Opens the side file of `outputPath`, or returns null when there is none. */
export async function openArrivalTimes(
  outputPath: string,
  options: OpenArrivalTimesOptions = {},
): Promise<ArrivalTimes | null> {
  const path = arrivalTimesPath(outputPath);
  if (await statOrNull(path) === null) return null;
  const { file } = await openForReading(path);
  const startOffset = options.startOffset ?? 0;
  if (startOffset > 0 && "seek" in file) {
    try {
      await file.seek(startOffset, Deno.SeekMode.Start);
    } catch (error) {
      file.close();
      throw readError(path, error);
    }
  }
  return new SideFileCursor(file, path, startOffset);
}

class SideFileCursor implements ArrivalTimes {
  #file: Deno.FsFile | StdinInput;
  #buffer = new Uint8Array(BLOCK);
  #start = 0;
  #end = 0;
  #eof = false;
  #decoder = new TextDecoder();
  #currentLine = 0;
  #currentTime: number | null = null;
  /** File offset of `#buffer[0]`. */
  #base: number;
  #recordStart: number;
  #recordEnd: number;
  #askedLine = 0;

  #path: string;

  constructor(file: Deno.FsFile | StdinInput, path: string, startOffset: number) {
    this.#file = file;
    this.#path = path;
    this.#base = startOffset;
    this.#recordStart = startOffset;
    this.#recordEnd = startOffset;
  }

  timeOf(line: number): number | null {
    this.#askedLine = line;
    while (this.#currentLine < line) {
      if (!this.#advance()) return null;
    }
    return this.#currentLine === line ? this.#currentTime : null;
  }

  get resumeOffset(): number {
    return this.#currentLine > this.#askedLine ? this.#recordStart : this.#recordEnd;
  }

  close(): void {
    try {
      this.#file.close();
    } catch {
      // already closed
    }
  }

  // Reads the next record; false at the end of the side file.
  #advance(): boolean {
    while (true) {
      const newline = this.#buffer.subarray(this.#start, this.#end).indexOf(10);
      if (newline >= 0) {
        const text = this.#decoder.decode(
          this.#buffer.subarray(this.#start, this.#start + newline),
        );
        const recordStart = this.#base + this.#start;
        this.#start += newline + 1;
        if (this.#accept(text)) {
          this.#recordStart = recordStart;
          this.#recordEnd = this.#base + this.#start;
          return true;
        }
        // a malformed record is skipped for good
        this.#recordEnd = this.#base + this.#start;
        continue;
      }
      if (this.#eof || !this.#fill()) return false;
    }
  }

  #accept(text: string): boolean {
    const record = parseArrivalRecord(text);
    if (record === null) return false;
    this.#currentLine = record.line;
    this.#currentTime = record.at;
    return true;
  }

  #fill(): boolean {
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#base += this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buffer.length) {
      // Its records are tiny: a longer line means a broken side file, read no further.
      if (this.#buffer.length >= MAX_RECORD_BYTES) {
        this.#eof = true;
        return false;
      }
      const grown = new Uint8Array(this.#buffer.length * 2);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    let read: number | null;
    try {
      read = this.#file.readSync(this.#buffer.subarray(this.#end));
    } catch (error) {
      throw readError(this.#path, error);
    }
    if (read === null || read === 0) {
      this.#eof = true;
      return false;
    }
    this.#end += read;
    return true;
  }
}
