/** Writes a report page without ever replacing a file the user has, unless asked to. */

import { CodexmonError } from "../core/errors.ts";
import { EXIT } from "../core/exit_codes.ts";

const encoder = new TextEncoder();

/** The default output of a report: `NAME.report.html` in the current folder, named after `input`. */
export function defaultReportPath(input: string): string {
  const name = input.split("/").pop() || "codex";
  return `${name.replace(/\.(jsonl|json|ndjson|log|txt)$/i, "")}.report.html`;
}

/**
 * Writes `html` to `path` (mode 0600: reports hold commands and their output). Without
 * `force` an existing path (a symlink included) is an error; with it the page goes to a
 * temporary file first and replaces `path` in one rename, so a symlink is replaced, not followed.
 */
export async function writeReport(
  path: string,
  html: string,
  options: { force: boolean },
): Promise<void> {
  const bytes = encoder.encode(html);
  if (!options.force) {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) {
        throw new CodexmonError(
          `Cannot write "${path}": file exists (use --force to replace it, or -o another path)`,
          { exitCode: EXIT.runtime },
        );
      }
      throw writeError(path, error);
    }
    try {
      await writeAll(file, bytes);
    } finally {
      file.close();
    }
    return;
  }
  const temporary = `${path}.${Deno.pid}.tmp`;
  try {
    const file = await Deno.open(temporary, { write: true, createNew: true, mode: 0o600 });
    try {
      await writeAll(file, bytes);
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw writeError(path, error);
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}

function writeError(path: string, error: unknown): CodexmonError {
  const detail = error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : error instanceof Deno.errors.NotFound
    ? "folder not found"
    : error instanceof Error
    ? error.message
    : String(error);
  return new CodexmonError(`Cannot write "${path}": ${detail}`, {
    exitCode: EXIT.runtime,
    cause: error,
  });
}
