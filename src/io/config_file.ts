/** Finds and reads `codexmon.jsonc`. */

import { dirname, isAbsolute, join, resolve } from "node:path";
import { type Config, defaultConfig, parseConfig } from "../core/config/mod.ts";
import { CodexmonError, UsageError } from "../core/errors.ts";

/** The file name codexmon looks for. */
export const CONFIG_FILE_NAME = "codexmon.jsonc";

/** Options for {@linkcode loadConfig} and {@linkcode findConfigFile}. */
export interface LoadConfigOptions {
  /** The directory searched first (normally the current directory). */
  cwd: string;
  /** An explicit config file (`--config PATH`): must exist; relative to `cwd`. */
  path?: string | undefined;
  /** Environment lookup (`XDG_CONFIG_HOME`, `HOME`); defaults to the process environment. */
  env?: ((name: string) => string | undefined) | undefined;
}

/**
 * The config file to use: the explicit path, else `codexmon.jsonc` in `cwd`, else
 * `$XDG_CONFIG_HOME/codexmon/codexmon.jsonc`, else `$HOME/.config/codexmon/codexmon.jsonc`.
 * `null` when there is none. Throws {@linkcode UsageError} when an explicit path does not exist.
 */
export async function findConfigFile(options: LoadConfigOptions): Promise<string | null> {
  if (options.path !== undefined) {
    const path = resolve(options.cwd, options.path);
    if (!(await isFile(path))) {
      throw new UsageError(`Cannot read config "${options.path}": file not found`);
    }
    return path;
  }
  for (const candidate of candidatePaths(options)) {
    if (await isFile(candidate)) return candidate;
  }
  return null;
}

/** The places searched when no explicit path is given, in order. */
export function candidatePaths(options: LoadConfigOptions): string[] {
  const env = options.env ?? processEnv;
  const paths = [resolve(options.cwd, CONFIG_FILE_NAME)];
  const xdg = env("XDG_CONFIG_HOME");
  const home = env("HOME") ?? env("USERPROFILE");
  if (xdg !== undefined && xdg !== "" && isAbsolute(xdg)) {
    paths.push(join(xdg, "codexmon", CONFIG_FILE_NAME));
  } else if (home !== undefined && home !== "") {
    paths.push(join(home, ".config", "codexmon", CONFIG_FILE_NAME));
  }
  return paths;
}

/**
 * Loads the config (see {@linkcode findConfigFile} for where it looks); all defaults when no
 * file exists. `session.cwd` and a `session.codex` that contains a slash are resolved against
 * the config file's directory. Throws {@linkcode UsageError} for a broken file.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const path = await findConfigFile(options);
  if (path === null) return defaultConfig();
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const detail = error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new CodexmonError(`Cannot read config "${path}": ${detail}`, { cause: error });
  }
  const config = parseConfig(text, path);
  const base = dirname(path);
  if (config.session.cwd !== undefined) config.session.cwd = resolve(base, config.session.cwd);
  const codex = config.session.codex;
  if (codex !== undefined && codex.includes("/")) config.session.codex = resolve(base, codex);
  return config;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw new CodexmonError(`Cannot read config "${path}": ${String(error)}`, { cause: error });
  }
}

function processEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
