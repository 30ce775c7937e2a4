/**
 * The drift report between the captures of two Codex releases: per surface, the line kinds
 * and event types that appeared or vanished, fields added or removed per kind, fields whose
 * JSON type changed, and the lines codexmon counts as unknown in the new captures. A removed
 * or retyped field is *needed* when codexmon's analysis of the old captures changes without it.
 *
 * Usage: deno task drift OLD NEW [--json] [--out FILE] [--force]
 * OLD and NEW are capture folders or versions (`0.171.0` = fixtures/codex-0.171.0).
 * Exit codes: 0 codexmon reads every new line, 1 it counts unknown lines or needs a changed
 * field, 2 bad arguments or unreadable captures.
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CodexmonError, UsageError } from "../src/core/errors.ts";
import { EXIT } from "../src/core/exit_codes.ts";
import { compareSurface, type SurfaceDrift } from "./drift/compare.ts";
import { readCaptures, type SurfaceCaptures } from "./drift/captures.ts";
import { neededCheck } from "./drift/needed.ts";
import { type DriftReport, driftReport, reportMarkdown } from "./drift/report.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const VERSION_PATTERN = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** Surfaces in the order the report lists them. */
const SURFACE_ORDER = ["mcp-server", "app-server", "exec-json", "rollout", "unknown"];

const USAGE = `Usage: deno task drift OLD NEW [--json] [--out FILE] [--force]

Compares the captures of two Codex releases and tells whether codexmon reads the new ones.
OLD and NEW are capture folders or versions (0.171.0 means fixtures/codex-0.171.0).

Options:
  --json        the report as JSON (for tools) instead of Markdown
  --out FILE    write the report to FILE instead of stdout (an existing FILE needs --force)
  --force       overwrite FILE

Exit codes: 0 codexmon reads every new line, 1 it counts unknown lines or needs a field that
changed, 2 bad arguments or unreadable captures`;

/** Parsed command line. */
export interface DriftArgs {
  old: string;
  new: string;
  json: boolean;
  out: string | null;
  force: boolean;
}

/** Parses the command line; throws a usage error with the reason. */
export function parseDriftArgs(args: readonly string[]): DriftArgs | "help" {
  const rest = [...args];
  const positional: string[] = [];
  const parsed: Omit<DriftArgs, "old" | "new"> = { json: false, out: null, force: false };
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--json") parsed.json = true;
    else if (arg === "--force") parsed.force = true;
    else if (arg === "--out") {
      const value = rest.shift();
      if (value === undefined) throw new UsageError("Missing value for --out");
      parsed.out = value;
    } else if (arg.startsWith("-")) throw new UsageError(`Unknown option "${arg}"`);
    else positional.push(arg);
  }
  const [old, next, extra] = positional;
  if (old === undefined || next === undefined || extra !== undefined) {
    throw new UsageError("Expected two arguments: deno task drift OLD NEW");
  }
  return { old, new: next, ...parsed };
}

/** The folder an argument names: a folder as given, else `fixtures/codex-VERSION`. */
export async function captureFolder(arg: string): Promise<string> {
  if (await isDirectory(arg)) return arg;
  const fixture = join(FIXTURES, `codex-${arg}`);
  if (VERSION_PATTERN.test(arg) && await isDirectory(fixture)) return fixture;
  throw new UsageError(
    `Cannot find the captures "${arg}": no such folder${
      VERSION_PATTERN.test(arg) ? ` and no fixtures/codex-${arg}` : ""
    }`,
  );
}

/** Options for {@linkcode drift}. */
export interface DriftOptions {
  /** How the report names the two sides (default: the folders). */
  labels?: { old: string; new: string };
}

/** Compares the captures of two folders. */
export async function drift(
  oldDir: string,
  newDir: string,
  options: DriftOptions = {},
): Promise<DriftReport> {
  const labels = options.labels ?? { old: oldDir, new: newDir };
  const before = await read(oldDir);
  const after = await read(newDir);
  const surfaces = [...new Set([...before.keys(), ...after.keys()])]
    .sort((a, b) => SURFACE_ORDER.indexOf(a) - SURFACE_ORDER.indexOf(b));
  const drifts: SurfaceDrift[] = surfaces.map((surface) => {
    const old = before.get(surface);
    const next = after.get(surface);
    return compareSurface(surface, {
      old: old?.shape ?? null,
      new: next?.shape ?? null,
      isNeeded: neededCheck(surface, old?.files ?? []),
    });
  });
  return driftReport(labels, drifts);
}

async function read(dir: string): Promise<Map<string, SurfaceCaptures>> {
  try {
    return await readCaptures(dir);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Cannot read the captures in "${dir}": ${detail}`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return await Deno.stat(path).then((info) => info.isDirectory, () => false);
}

async function writeReport(text: string, args: DriftArgs): Promise<void> {
  if (args.out === null) {
    await Deno.stdout.write(new TextEncoder().encode(text));
    return;
  }
  try {
    await Deno.writeTextFile(args.out, text, { createNew: !args.force });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new UsageError(`Cannot write "${args.out}": it exists (use --force to replace it)`);
    }
    throw new CodexmonError(`Cannot write "${args.out}": ${String(error)}`, {
      exitCode: EXIT.usage,
    });
  }
}

if (import.meta.main) {
  let code: number = EXIT.ok;
  try {
    const args = parseDriftArgs(Deno.args);
    if (args === "help") console.log(USAGE);
    else {
      const report = await drift(await captureFolder(args.old), await captureFolder(args.new), {
        labels: { old: args.old, new: args.new },
      });
      const text = args.json ? JSON.stringify(report, null, 2) + "\n" : reportMarkdown(report);
      await writeReport(text, args);
      code = report.readsEverything ? EXIT.ok : EXIT.runtime;
    }
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    code = EXIT.usage;
  }
  Deno.exit(code);
}
