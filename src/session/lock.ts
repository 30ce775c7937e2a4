/** An exclusive lock on a file, held while `fn` runs (`flock`, released when the file closes). */

/** Runs `fn` while holding an exclusive lock on `path` (created if missing). */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const file = await Deno.open(path, { read: true, write: true, create: true });
  try {
    await file.lock(true);
    return await fn();
  } finally {
    // closing the descriptor releases the lock even when unlock fails
    file.close();
  }
}
