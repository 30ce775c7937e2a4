/** What the session subcommands share: the state folder flags, config and paths. */

import { resolve } from "node:path";
import type { Config } from "../../core/config/mod.ts";
import { loadConfig } from "../../io/mod.ts";
import { resolveStateDir, type SessionPaths, sessionPaths } from "../../session/mod.ts";
import type { TerminalWidthOptions } from "../../ui/mod.ts";
import type { CliContext } from "../context.ts";

/** Help of `--state-dir`. */
export const STATE_DIR_HELP = "state folder (default: $CODEXMON_STATE_DIR, else .codexmon)";

/** The width of the session tables. */
export const TABLE_WIDTH: TerminalWidthOptions = { notTty: 160, unknown: 100 };

/** The paths of the session the flags name. */
export function pathsOf(
  flags: { stateDir?: string; name: string },
  context: CliContext,
): SessionPaths {
  const stateDir = resolveStateDir({ flag: flags.stateDir, env: context.env, cwd: Deno.cwd() });
  return sessionPaths(stateDir, flags.name);
}

/** The config file's settings. */
export function sessionConfig(context: CliContext): Promise<Config> {
  return loadConfig({ cwd: Deno.cwd(), env: context.env });
}

/** `path` made absolute against the current folder. */
export function resolvePath(path: string): string {
  return resolve(Deno.cwd(), path);
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
