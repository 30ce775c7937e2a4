/**
 * The inputs of a multi-file command, as cat and rg take them: `-` (or `/dev/stdin`) is stdin, a
 * directory stands for the Codex files in it (side files skipped), a path that cannot be read is
 * a problem to report while the others are read.
 */

import { CodexmonError } from "../core/errors.ts";

/** The name `-` (stdin) is shown as. */
export const STDIN_LABEL = "(stdin)";

// Files written next to a capture that hold no Codex output: arrival times, the capture's mock
// server requests and timing, and its description.
const SIDE_FILE_ENDINGS = [".times.jsonl", ".timing.jsonl", ".mock-requests.jsonl", ".md"];

// Names of stdin that Deno would only open as device files, with --allow-all.
const STDIN_PATHS = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

// The files of a session folder (`src/session/state_dir.ts`) that directories are read for.
const SESSION_META = "session.json";
const SESSION_OUTPUT = "output.json";

/** One input to read. */
export interface Input {
  /** The path to open, or `-` for stdin. */
  path: string;
  /** The name to print: the path, or `(stdin)`. */
  label: string;
}

/** The inputs named on the command line, with the problems and notes found on the way. */
export interface ExpandedInputs {
  inputs: Input[];
  /** One message per argument that cannot be read (printed on stderr, exit 1 at the end). */
  problems: string[];
  /** Notes for stderr (a directory read, side files skipped). */
  notes: string[];
}

/** True for files that sit next to a capture without Codex output in them. */
export function isSideFile(path: string): boolean {
  return SIDE_FILE_ENDINGS.some((ending) => path.endsWith(ending));
}

/**
 * Expands `args`: directories to their Codex files (recursively, by name, hidden entries and
 * side files skipped), side files dropped when several inputs are given, `-` kept as stdin.
 */
export async function expandInputs(args: readonly string[]): Promise<ExpandedInputs> {
  const result: ExpandedInputs = { inputs: [], problems: [], notes: [] };
  const skipped: string[] = [];
  for (const arg of args) {
    if (arg === "-" || STDIN_PATHS.has(arg)) {
      result.inputs.push({ path: "-", label: arg === "-" ? STDIN_LABEL : arg });
      continue;
    }
    let info: Deno.FileInfo | null = null;
    try {
      info = await Deno.stat(arg);
    } catch {
      // Opening the file reports why it cannot be read.
    }
    if (info?.isDirectory) {
      await expandDirectory(arg, result);
    } else if (args.length > 1 && isSideFile(arg)) {
      skipped.push(arg);
    } else {
      result.inputs.push({ path: arg, label: arg });
    }
  }
  if (skipped.length > 0) {
    const names = skipped.length <= 3 ? `: ${skipped.join(", ")}` : "";
    result.notes.push(`skipped ${plural(skipped.length, "side file")}${names}`);
  }
  return result;
}

async function expandDirectory(dir: string, result: ExpandedInputs): Promise<void> {
  const files: string[] = [];
  let sideFiles = 0;
  try {
    for await (const path of walk(dir)) {
      if (isSideFile(path)) sideFiles += 1;
      else files.push(path);
    }
  } catch (error) {
    const detail = error instanceof Deno.errors.PermissionDenied ||
        error instanceof Deno.errors.NotCapable
      ? "permission denied"
      : error instanceof Error
      ? error.message
      : String(error);
    result.problems.push(`Cannot read directory "${dir}": ${detail}`);
    return;
  }
  files.sort();
  const skipped = sideFiles > 0 ? ` (${plural(sideFiles, "side file")} skipped)` : "";
  if (files.length === 0) {
    result.problems.push(`Cannot find Codex files in directory "${dir}"${skipped}`);
    return;
  }
  result.notes.push(`reading ${plural(files.length, "file")} in "${dir}"${skipped}`);
  for (const path of files) result.inputs.push({ path, label: path });
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.startsWith(".")) entries.push(entry);
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // A codexmon session folder: Codex's output is output.json; the rest is codexmon's own state.
  const session = entries.some((entry) => entry.name === SESSION_META && entry.isFile);
  for (const entry of entries) {
    const path = `${dir.replace(/\/+$/, "")}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else if (session && entry.name !== SESSION_OUTPUT) continue;
    else if (entry.isFile || entry.isSymlink) yield path;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The message of a read failure, for the stderr line of a multi-file command. */
export function problemMessage(error: unknown): string {
  if (error instanceof CodexmonError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
