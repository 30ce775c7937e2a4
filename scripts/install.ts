/**
 * Installs codexmon for daily use: bundles it into `PREFIX/lib/codexmon/` (`codexmon.js` and the
 * files it loads, see scripts/bundle.ts) and writes
 * `PREFIX/bin/codexmon`, a launcher that execs the real deno binary (never the Node wrapper the
 * npm `deno` package puts on PATH), so the pid a user sees is deno's and signals reach it.
 *
 * Usage: deno task install [--prefix DIR] [--force]   (default prefix: ~/.local)
 */

import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { bundle as bundleInto } from "./bundle.ts";

/** Marks a launcher this script wrote, so a reinstall may replace it and nothing else. */
export const LAUNCHER_MARK = "# codexmon launcher (scripts/install.ts)";

// The permissions and V8 flags of the shebang of main.ts.
const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-net=127.0.0.1",
];
const V8_FLAGS =
  "--v8-flags=--max-semi-space-size=2,--initial-old-space-size=16,--heap-growing-percent=20,--no-maglev,--no-lazy";

/** Options for {@linkcode install}. */
export interface InstallOptions {
  /** The folder that gets `bin/codexmon` and `lib/codexmon/`. */
  prefix: string;
  /** Replace a `bin/codexmon` this script did not write. */
  force?: boolean;
  /** The deno binary the launcher runs (default: the one running this script). */
  deno?: string;
  /** `PATH`, to say whether the bin folder is on it. */
  path?: string;
}

/** What {@linkcode install} did. */
export interface InstallResult {
  launcher: string;
  /** The file the launcher runs. */
  bundle: string;
  /** The files beside it that it loads (the shared modules, the MCP server). */
  loaded: string[];
  deno: string;
  onPath: boolean;
  /** The completion scripts written (or kept, when a file there is not one of ours), per shell. */
  completions: CompletionFile[];
}

/** One shell's completion script under the prefix. */
export interface CompletionFile {
  shell: "bash" | "zsh" | "fish";
  path: string;
  /** False when a file not written by codexmon was there: it is left as it is. */
  written: boolean;
}

// Where each shell finds completions under a prefix (bash-completion and fish search
// PREFIX/share on their own for ~/.local and /usr/local; zsh's script is sourced).
const COMPLETION_PATHS = {
  bash: "share/bash-completion/completions/codexmon",
  zsh: "share/codexmon/completion.zsh",
  fish: "share/fish/vendor_completions.d/codexmon.fish",
} as const;

/** What every script `codexmon completions SHELL` prints says in its first lines. */
const COMPLETION_MARK = "completion for codexmon";

/** Bundles codexmon and writes its launcher under `options.prefix`. */
export async function install(options: InstallOptions): Promise<InstallResult> {
  const prefix = resolve(options.prefix);
  const binDir = join(prefix, "bin");
  const libDir = join(prefix, "lib", "codexmon");
  const launcher = join(binDir, "codexmon");
  await refuseForeignLauncher(launcher, options.force === true);
  await Deno.mkdir(binDir, { recursive: true });
  await Deno.mkdir(libDir, { recursive: true });
  const deno = await keptDeno(await realDenoBinary(options.deno ?? Deno.execPath()), libDir);
  const { entry: bundle, loaded } = await bundleInto(libDir, { deno });
  await Deno.writeTextFile(launcher, launcherScript(deno, bundle), { mode: 0o755 });
  await Deno.chmod(launcher, 0o755);
  const onPath = (options.path ?? "").split(":").some((dir) =>
    dir !== "" && resolve(dir) === binDir
  );
  const completions = await installCompletions(launcher, prefix);
  return { launcher, bundle, loaded, deno, onPath, completions };
}

/** Writes each shell's completion script from the installed codexmon; never replaces a foreign file. */
async function installCompletions(launcher: string, prefix: string): Promise<CompletionFile[]> {
  const files: CompletionFile[] = [];
  for (const shell of ["bash", "zsh", "fish"] as const) {
    const path = join(prefix, COMPLETION_PATHS[shell]);
    const existing = await Deno.readTextFile(path).catch(() => null);
    if (existing !== null && !existing.slice(0, 200).includes(COMPLETION_MARK)) {
      files.push({ shell, path, written: false });
      continue;
    }
    const output = await new Deno.Command(launcher, {
      args: ["completions", shell],
      stdin: "null",
      stderr: "inherit",
    }).output();
    if (!output.success) {
      throw new Error(`Cannot write the ${shell} completions: codexmon exited ${output.code}`);
    }
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeFile(path, output.stdout);
    files.push({ shell, path, written: true });
  }
  return files;
}

/** The launcher: `exec` replaces the shell, so codexmon runs as the deno process itself. */
export function launcherScript(deno: string, bundle: string): string {
  return [
    "#!/bin/sh",
    LAUNCHER_MARK,
    `exec ${shellQuote(deno)} run --no-config ${PERMISSIONS.join(" ")} ${V8_FLAGS} ${
      shellQuote(bundle)
    } "$@"`,
    "",
  ].join("\n");
}

/**
 * The native deno binary behind `path`: symlinks resolved; a script (the npm package's Node
 * wrapper) is refused, because a launcher through it would leave the wrapper holding the pid.
 */
export async function realDenoBinary(path: string): Promise<string> {
  const real = await Deno.realPath(path);
  const file = await Deno.open(real, { read: true });
  try {
    const head = new Uint8Array(2);
    const read = await file.read(head);
    if (read === 2 && head[0] === 0x23 && head[1] === 0x21) {
      throw new Error(
        `Cannot install with "${real}": it is a script, not the deno binary (run the install with the binary itself, e.g. the "deno" file inside the npm package)`,
      );
    }
  } finally {
    file.close();
  }
  return real;
}

/**
 * The deno binary the launcher may rely on: one from npx's cache (`npx deno@2.9.6 task install`),
 * which npm may clean at any time, is copied next to the bundle first.
 */
async function keptDeno(deno: string, libDir: string): Promise<string> {
  if (!deno.includes("/_npx/")) return deno;
  const copy = join(libDir, "deno");
  await Deno.copyFile(deno, copy);
  await Deno.chmod(copy, 0o755);
  return copy;
}

async function refuseForeignLauncher(launcher: string, force: boolean): Promise<void> {
  let text: string;
  try {
    if ((await Deno.lstat(launcher)).isSymlink) {
      throw new Error(`Cannot install to "${launcher}": it is a symlink (remove it first)`);
    }
    text = await Deno.readTextFile(launcher);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!force && !text.includes(LAUNCHER_MARK)) {
    throw new Error(
      `Cannot install to "${launcher}": a file codexmon did not write is there (remove it or pass --force)`,
    );
  }
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'"'"'`)}'`;
}

function homeDir(): string {
  const home = Deno.env.get("HOME");
  if (!home) throw new Error("Cannot choose a prefix: HOME is not set (pass --prefix DIR)");
  return home;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      prefix: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log("Usage: deno task install [--prefix DIR] [--force]   (default prefix: ~/.local)");
    Deno.exit(0);
  }
  try {
    const result = await install({
      prefix: values.prefix ?? join(homeDir(), ".local"),
      force: values.force === true,
      path: Deno.env.get("PATH") ?? "",
    });
    console.log(`installed ${result.launcher} (runs ${result.deno} on ${result.bundle})`);
    for (const file of result.completions) {
      if (!file.written) {
        console.log(`kept ${file.path}: not written by codexmon (no ${file.shell} completions)`);
      } else if (file.shell === "zsh") {
        console.log(`zsh completions: add to ~/.zshrc: source ${file.path}`);
      } else console.log(`${file.shell} completions: ${file.path}`);
    }
    if (result.onPath) console.log("run: codexmon --help");
    else {
      const dir = dirname(result.launcher);
      console.log(`${dir} is not on PATH: add it, e.g. export PATH="${dir}:$PATH"`);
    }
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
