/** An exclusive lock on a file, held while `fn` runs (`flock`, released when the file closes). */

import { CodexmonError } from "../core/errors.ts";
import { openPrivateFile } from "./private_files.ts";

/** Runs `fn` while holding an exclusive lock on `path` (created 0600 if missing, never through a link). */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const file = openPrivateFile(path, { read: true, write: true, create: true });
  try {
    await file.lock(true);
    return await fn();
  } finally {
    // closing the descriptor releases the lock even when unlock fails
    file.close();
  }
}

/** A lock taken with {@linkcode tryFileLock}; closing it lets go. */
export interface HeldLock {
  release(): void;
}

/** Takes an exclusive lock on `path` at once, or returns null when another process holds it. */
export function tryFileLock(path: string): HeldLock | null {
  const file = openPrivateFile(path, { read: true, write: true, create: true });
  let taken: boolean;
  try {
    taken = file.tryLockSync(true);
  } catch (error) {
    file.close();
    throw new CodexmonError(`Cannot lock "${path}": ${String(error)}`, { cause: error });
  }
  if (!taken) {
    file.close();
    return null;
  }
  let open = true;
  return {
    release() {
      if (open) file.close();
      open = false;
    },
  };
}
