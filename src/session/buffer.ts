/**
 * Appends to the buffer Codex reads. The buffer is only ever opened for appending, and each
 * message goes out in one write so concurrent writers never interleave inside a line.
 */

import { CodexmonError } from "../core/errors.ts";
import { requireMeta, writeMeta } from "./metadata.ts";
import { withFileLock } from "./lock.ts";
import { openPrivateFile } from "./private_files.ts";
import { nextRequestId, scanBufferIds } from "./request_ids.ts";
import type { SessionPaths } from "./state_dir.ts";

const encoder = new TextEncoder();

/** Appends `line` and a newline to `path` in a single write (the file must exist). */
export async function appendLine(path: string, line: string): Promise<void> {
  if (line.includes("\n") || line.includes("\r")) {
    throw new CodexmonError(`Cannot append to "${path}": the message spans several lines`);
  }
  const bytes = encoder.encode(line + "\n");
  let file: Deno.FsFile;
  try {
    // never through a link, never a file another user owns
    file = openPrivateFile(path, { append: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CodexmonError(`Cannot append to "${path}": ${detail}`, { cause: error });
  }
  try {
    let written = await file.write(bytes);
    // regular files take the whole write at once; the loop only guards against the rare short write
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
  } finally {
    file.close();
  }
}

/** Appends several lines in one write (the handshake), for the same reason as {@linkcode appendLine}. */
export async function appendLines(path: string, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    if (line.includes("\n")) {
      throw new CodexmonError(`Cannot append to "${path}": a message spans several lines`);
    }
  }
  await appendLine(path, lines.join("\n"));
}

/**
 * Allocates the next request id under the session lock (above the stored counter and every
 * id already in the buffer), appends the line `build(id)` returns, and returns the id.
 */
export function appendRequest(
  paths: SessionPaths,
  build: (id: number) => string,
): Promise<{ id: number; line: string }> {
  return withFileLock(paths.lock, async () => {
    const meta = await requireMeta(paths);
    const scanned = await readFrom(paths.buffer, meta.scannedOffset);
    const scan = scanBufferIds(scanned);
    const id = nextRequestId(meta.nextId, scan.maxNumericId);
    const line = build(id);
    await appendLine(paths.buffer, line);
    meta.nextId = id + 1;
    meta.scannedOffset += scan.consumed;
    await writeMeta(paths, meta);
    return { id, line };
  });
}

/** The bytes of `path` from `offset` to its end. */
export async function readFrom(path: string, offset: number): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    if (size <= offset) return new Uint8Array(0);
    await file.seek(offset, Deno.SeekMode.Start);
    const bytes = new Uint8Array(size - offset);
    let filled = 0;
    while (filled < bytes.length) {
      const read = await file.read(bytes.subarray(filled));
      if (read === null) break;
      filled += read;
    }
    return bytes.subarray(0, filled);
  } finally {
    file.close();
  }
}
