/**
 * Bundles codexmon into a folder of plain JavaScript files that `deno run` executes:
 *
 * - `codexmon.js`: the entry (the shebang of `main.ts` plus `--no-config`), everything most
 *   commands need;
 * - `codexmon_shared.js`: the modules both the entry and a lazily loaded part use;
 * - `codexmon_mcp.js`: `codexmon mcp` with the MCP SDK and zod, loaded only by that command, so
 *   the other commands never parse its 1.4 MB (about 10 MB of peak RSS on every run).
 *
 * `deno bundle --code-splitting` turns each dynamic import into a chunk and names chunks by
 * content hash; this script gives them the stable names above (rewriting the specifiers that
 * load them), so an install replaces the same files every time and leaves none behind. It also
 * stubs the two Node modules commander imports only for executable subcommands (see
 * {@linkcode stubCommanderProcessModules}).
 *
 * Usage: `deno task bundle` or `deno run -A scripts/bundle.ts [OUTDIR]` (default: dist)
 *
 * @module
 */

import { join, resolve } from "node:path";

/** The file every launcher runs. */
export const ENTRY_FILE = "codexmon.js";
/** The MCP server's file, loaded only by `codexmon mcp`. */
export const MCP_FILE = "codexmon_mcp.js";

// Stable names for esbuild's outputs: `main.js` is the entry, `NAME-HASH.js` a chunk.
const NAMES: Readonly<Record<string, string>> = {
  main: ENTRY_FILE,
  chunk: "codexmon_shared.js",
  // The MCP server, dynamically imported through its folder's face `src/mcp/mod.ts`.
  mod: MCP_FILE,
};

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** Options for {@linkcode bundle}. */
export interface BundleOptions {
  /** The deno binary that bundles (default: the one running this script). */
  deno?: string;
}

/** The files {@linkcode bundle} wrote. */
export interface BundleFiles {
  /** `codexmon.js`, the file to run. */
  entry: string;
  /** The files beside it that it loads. */
  loaded: string[];
}

/** Bundles main.ts into `outDir`. */
export async function bundle(outDir: string, options: BundleOptions = {}): Promise<BundleFiles> {
  const target = resolve(outDir);
  await Deno.mkdir(target, { recursive: true });
  // Built beside the target, so each rename into place is atomic and a failed build leaves the
  // previous files as they were.
  const work = await Deno.makeTempDir({ dir: target, prefix: ".bundle-" });
  try {
    const built = await new Deno.Command(options.deno ?? Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "deno", "--code-splitting", "--outdir", work, MAIN],
      stdin: "null",
      stdout: "inherit",
      stderr: "piped",
    }).output();
    if (!built.success) {
      throw new Error(
        `Cannot bundle codexmon: deno bundle exited ${built.code}: ${
          new TextDecoder().decode(built.stderr).trim()
        }`,
      );
    }
    const renames = await stableNames(work);
    let stubbed = false;
    for (const [from, to] of renames) {
      let text = rewriteSpecifiers(await Deno.readTextFile(join(work, from)), renames);
      const lean = stubCommanderProcessModules(text);
      stubbed ||= lean !== null;
      text = lean ?? text;
      if (to === ENTRY_FILE) text = withoutConfig(text);
      await Deno.writeTextFile(join(work, to), text, { mode: to === ENTRY_FILE ? 0o755 : 0o644 });
    }
    if (!stubbed) {
      throw new Error(
        "Cannot bundle codexmon: commander's node:fs and node:child_process imports were not " +
          "found; review stubCommanderProcessModules in scripts/bundle.ts",
      );
    }
    const names = [...renames.values()];
    for (const name of names) await Deno.rename(join(work, name), join(target, name));
    await Deno.chmod(join(target, ENTRY_FILE), 0o755);
    return {
      entry: join(target, ENTRY_FILE),
      loaded: names.filter((name) => name !== ENTRY_FILE).sort().map((name) => join(target, name)),
    };
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/**
 * The entry with `--no-config` in its shebang: the bundle resolves nothing through an import
 * map, and a `deno.json` found above its folder would otherwise be read at every start (and
 * could change how it runs). Throws on a shebang that does not start with `deno run`.
 */
export function withoutConfig(text: string): string {
  const prefix = "#!/usr/bin/env -S deno run ";
  if (!text.startsWith(prefix)) {
    throw new Error("Cannot bundle codexmon: the entry does not start with the shebang of main.ts");
  }
  return `${prefix}--no-config ${text.slice(prefix.length)}`;
}

/** Each output file of `dir` and its stable name; throws on an output with no name here. */
async function stableNames(dir: string): Promise<Map<string, string>> {
  const renames = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const kind = /^([a-z_]+?)(?:-[A-Z0-9]+)?\.js$/.exec(entry.name)?.[1];
    const name = kind === undefined ? undefined : NAMES[kind];
    if (!entry.isFile || name === undefined) {
      throw new Error(
        `Cannot name the bundle output "${entry.name}": add its chunk to NAMES in scripts/bundle.ts`,
      );
    }
    if ([...renames.values()].includes(name)) {
      throw new Error(`Cannot name the bundle output "${entry.name}": "${name}" is taken`);
    }
    renames.set(entry.name, name);
  }
  if (![...renames.values()].includes(ENTRY_FILE)) {
    throw new Error("Cannot bundle codexmon: deno bundle wrote no main.js");
  }
  return renames;
}

/** `text` with every `"./OLD.js"` specifier of `renames` pointing at the new name. */
export function rewriteSpecifiers(text: string, renames: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [from, to] of renames) result = result.replaceAll(`"./${from}"`, `"./${to}"`);
  const stale = /"\.\/[a-z_]+-[A-Z0-9]{8}\.js"/.exec(result);
  if (stale !== null) throw new Error(`Cannot rewrite the bundle: ${stale[0]} is left`);
  return result;
}

const COMMANDER_COMMAND = /^\/\/ [^\n]*\/commander\/[^\n/]+\/lib\/command\.js\n/m;
const COMMANDER_STUBS: Readonly<Record<string, string>> = {
  "node:child_process":
    '{ spawn() { throw new Error("codexmon has no executable subcommands"); } }',
  "node:fs": "{ existsSync: () => false, realpathSync: (path) => path }",
};

/**
 * `text` with commander's imports of `node:child_process` and `node:fs` replaced by stubs, or
 * null when `text` does not hold commander's `lib/command.js`. Commander uses them only to run
 * executable subcommands, which codexmon never defines, yet loading Deno's Node file-system and
 * process layers costs every command about 6 MB of RSS. Throws when commander's imports are not
 * the expected ones, so an upgrade is reviewed instead of silently bundling them again.
 */
export function stubCommanderProcessModules(text: string): string | null {
  const header = COMMANDER_COMMAND.exec(text);
  if (header === null) return null;
  const start = header.index + header[0].length;
  // The module's imports follow its header comment, one per line.
  let end = start;
  while (text.startsWith("import ", end)) end = text.indexOf("\n", end) + 1;
  let imports = text.slice(start, end);
  for (const [module, stub] of Object.entries(COMMANDER_STUBS)) {
    const line = new RegExp(`^import (\\w+) from "${module}";\n`, "m").exec(imports);
    if (line === null) {
      throw new Error(
        `Cannot bundle codexmon: commander no longer imports "${module}" as expected`,
      );
    }
    imports = imports.replace(line[0], `const ${line[1]} = ${stub};\n`);
  }
  return text.slice(0, start) + imports + text.slice(end);
}

if (import.meta.main) {
  try {
    const { entry, loaded } = await bundle(
      Deno.args[0] ?? new URL("../dist", import.meta.url).pathname,
    );
    for (const file of [entry, ...loaded]) console.log(file);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
