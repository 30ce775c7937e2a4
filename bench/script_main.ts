/** How the bench scripts end: `error: ...` and the exit code, as `main.ts` does for the tool. */

import { Command } from "@commander-js/extra-typings";
import { CodexmonError, UsageError } from "../src/core/errors.ts";

/**
 * A bench script's command line. Help is plain text: commander would otherwise read
 * `FORCE_COLOR` and friends, so `--help` would need `--allow-env`.
 */
export function scriptProgram(name: string, description: string) {
  return new Command()
    .name(name)
    .description(description)
    .exitOverride()
    .configureOutput({ getOutHasColors: () => false, getErrHasColors: () => false });
}

/** Runs `cli` with the script's arguments and exits 0, 1, 2 (usage) or the error's own code. */
export async function runScript(cli: (args: string[]) => Promise<void>): Promise<void> {
  try {
    await cli(Deno.args);
  } catch (error) {
    const isCommander = error instanceof Error && error.name === "CommanderError";
    if (!isCommander) console.error(`error: ${error instanceof Error ? error.message : error}`);
    const helpShown = isCommander && "exitCode" in error && error.exitCode === 0;
    Deno.exit(
      helpShown ? 0 : isCommander ? 2 : error instanceof CodexmonError ? error.exitCode : 1,
    );
  }
}

/** The `--runs` option: a whole number of at least 1, else a usage error. */
export function runCount(value: string): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`Cannot use "${value}" runs`);
  return runs;
}

/** Builds the bundle users install (`deno task bundle`) in the repository at `root`. */
export async function buildShippedBundle(root: string): Promise<void> {
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "bundle"],
    cwd: root,
  }).output();
  if (!built.success) throw new Error("Cannot build the bundle: deno task bundle failed");
}
