/**
 * A line read from a pipe that is too long to hold while it may still pass the line limit:
 * its bytes wait in an unlinked temporary file until the line ends (and is read back) or
 * passes the limit (and is let go), so a line over the limit never costs its length in memory.
 *
 * @module
 */

import { CodexmonError } from "../core/errors.ts";

/** The kept start of one long line, in a private temporary file nobody else can open. */
export class LineSpill {
  /** Bytes kept. */
  length = 0;
  /** The last byte kept, or -1: a CR there may belong to the newline that follows. */
  last = -1;
  #file: Deno.FsFile;

  /** Keeps bytes in `file`, opened for reading and writing and already unlinked. */
  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** Keeps `bytes` after those kept so far. */
  append(bytes: Uint8Array): void {
    try {
      for (let at = 0; at < bytes.length;) at += this.#file.writeSync(bytes.subarray(at));
    } catch (error) {
      throw spillError(error);
    }
    this.length += bytes.length;
    if (bytes.length > 0) this.last = bytes[bytes.length - 1] as number;
  }

  /** The bytes kept followed by `tail`, in one new array; then forgets them. */
  take(tail: Uint8Array): Uint8Array {
    const whole = new Uint8Array(this.length + tail.length);
    try {
      this.#file.seekSync(0, Deno.SeekMode.Start);
      for (let at = 0; at < this.length;) {
        const count = this.#file.readSync(whole.subarray(at, this.length));
        if (count === null) throw new Error("the temporary file ended early");
        at += count;
      }
    } catch (error) {
      throw spillError(error);
    }
    whole.set(tail, this.length);
    this.clear();
    return whole;
  }

  /** Forgets the bytes kept. */
  clear(): void {
    try {
      this.#file.truncateSync(0);
      this.#file.seekSync(0, Deno.SeekMode.Start);
    } catch (error) {
      throw spillError(error);
    }
    this.length = 0;
    this.last = -1;
  }

  /** Closes the file, which the system then deletes. */
  close(): void {
    this.#file.close();
  }
}

/** A new spill file, already unlinked; `null` where temporary files cannot be made. */
export function openLineSpill(): LineSpill | null {
  let path: string;
  try {
    // Created exclusively with mode 0600 and removed at once: only this handle reaches it.
    path = Deno.makeTempFileSync({ prefix: "codexmon-line-" });
  } catch {
    return null;
  }
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true, write: true });
  } catch {
    try {
      Deno.removeSync(path);
    } catch { /* already gone */ }
    return null;
  }
  try {
    Deno.removeSync(path);
  } catch {
    file.close();
    return null;
  }
  return new LineSpill(file);
}

function spillError(error: unknown): CodexmonError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CodexmonError(`Cannot keep a long line in a temporary file: ${reason}`);
}
