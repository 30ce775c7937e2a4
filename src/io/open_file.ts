/**
 * Opening input files with the error messages codexmon prints (`Cannot read "x": ...`).
 *
 * @module
 */

import { CodexmonError } from "../core/errors.ts";
import { EXIT } from "../core/exit_codes.ts";

/** Standard input, read where a path names it: opening `/dev/stdin` needs every permission. */
export type StdinInput = Pick<typeof Deno.stdin, "read" | "readSync" | "close">;

/** A file opened for reading, with what `stat` said at open time. */
export interface OpenedFile {
  /** The open file, or standard input; the caller closes it. */
  file: Deno.FsFile | StdinInput;
  /** Size in bytes at open time. */
  size: number;
  /** Last modification time (ms since epoch), `null` where the platform has none. */
  mtime: number | null;
  /** False for a pipe or standard input: no size, no seeking, readable once from the start. */
  regular: boolean;
}

/** Options for {@linkcode openForReading}. */
export interface OpenForReadingOptions {
  /** How long to wait for a writer to open a named pipe (default 5 s). */
  fifoTimeoutMs?: number;
}

/** Paths that name this process's standard input (`-` too): always read, whatever it is. */
const STDIN_PATHS = new Set(["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);
const FIFO_TIMEOUT_MS = 5000;

/**
 * Opens `path` for reading. Throws {@linkcode CodexmonError} (exit code 1) with
 * `Cannot read "PATH": file not found`, `...: permission denied` or `...: is a directory`.
 * Only regular files, named pipes and standard input are read: a device such as `/dev/zero`
 * never ends, so it is refused; a named pipe whose writer does not come within
 * `fifoTimeoutMs` is refused too, instead of blocking forever.
 */
export async function openForReading(
  path: string,
  options: OpenForReadingOptions = {},
): Promise<OpenedFile> {
  if (STDIN_PATHS.has(path)) return { file: Deno.stdin, size: 0, mtime: null, regular: false };
  let file: Deno.FsFile;
  try {
    const kind = unstreamableKind(await Deno.stat(path));
    if (kind === "fifo") file = await openFifo(path, options.fifoTimeoutMs ?? FIFO_TIMEOUT_MS);
    else if (kind === null) file = await Deno.open(path, { read: true });
    else throw new CodexmonError(`Cannot read "${path}": not a regular file (${kind})`);
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const info = await file.stat();
    if (info.isDirectory) throw new CodexmonError(`Cannot read "${path}": is a directory`);
    return { file, size: info.size, mtime: info.mtime?.getTime() ?? null, regular: info.isFile };
  } catch (error) {
    file.close();
    throw readError(path, error);
  }
}

/** What kind of file `info` is when it is not one to read as a file; `null` for a regular file. */
function unstreamableKind(info: Deno.FileInfo): string | null {
  if (info.isFile) return null;
  if (info.isDirectory) throw new Deno.errors.IsADirectory();
  if (info.isFifo) return "fifo";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  return "an unknown kind of file";
}

/** Opens a named pipe, which blocks until a writer comes: gives up after `timeoutMs`. */
async function openFifo(path: string, timeoutMs: number): Promise<Deno.FsFile> {
  const opening = Deno.open(path, { read: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const file = await Promise.race([opening, timeout]);
    if (file !== null) return file;
  } finally {
    clearTimeout(timer);
  }
  // The open still waits for a writer; whatever it opens later is closed at once.
  opening.then((late) => late.close(), () => {});
  throw new CodexmonError(
    `Cannot read "${path}": a named pipe with no writer after ${timeoutMs / 1000} s`,
    { exitCode: EXIT.runtime },
  );
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

/** Maps a failure to open, stat or read `path` to the message codexmon prints. */
export function readError(path: string, error: unknown): CodexmonError {
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
