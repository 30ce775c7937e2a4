/**
 * Opening input files with the error messages codexmon prints (`Cannot read "x": ...`).
 *
 * @module
 */

import { CodexmonError } from "../core/errors.ts";
import { EXIT } from "../core/exit_codes.ts";

/** A file opened for reading, with what `stat` said at open time. */
export interface OpenedFile {
  /** The open file; the caller closes it. */
  file: Deno.FsFile;
  /** Size in bytes at open time. */
  size: number;
  /** Last modification time (ms since epoch), `null` where the platform has none. */
  mtime: number | null;
}

/**
 * Opens `path` for reading. Throws {@linkcode CodexmonError} (exit code 1) with
 * `Cannot read "PATH": file not found`, `...: permission denied` or `...: is a directory`.
 */
export async function openForReading(path: string): Promise<OpenedFile> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const info = await file.stat();
    if (info.isDirectory) throw new CodexmonError(`Cannot read "${path}": is a directory`);
    return { file, size: info.size, mtime: info.mtime?.getTime() ?? null };
  } catch (error) {
    file.close();
    throw readError(path, error);
  }
}

/**
 * Stats `path`, following symlinks. Resolves to `null` when nothing is there (yet); other
 * failures throw {@linkcode CodexmonError} like {@linkcode openForReading}.
 */
export async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw readError(path, error);
  }
}

/** Maps a failure to open or stat `path` to the message codexmon prints. */
function readError(path: string, error: unknown): CodexmonError {
  if (error instanceof CodexmonError) return error;
  const options = { exitCode: EXIT.runtime, cause: error };
  if (error instanceof Deno.errors.NotFound) {
    return new CodexmonError(`Cannot read "${path}": file not found`, options);
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new CodexmonError(`Cannot read "${path}": permission denied`, options);
  }
  if (error instanceof Deno.errors.NotCapable) {
    return new CodexmonError(
      `Cannot read "${path}": permission denied (allow it with --allow-read)`,
      options,
    );
  }
  if (error instanceof Deno.errors.IsADirectory) {
    return new CodexmonError(`Cannot read "${path}": is a directory`, options);
  }
  if (error instanceof Deno.errors.NotADirectory) {
    return new CodexmonError(`Cannot read "${path}": file not found`, options);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new CodexmonError(`Cannot read "${path}": ${detail}`, options);
}
