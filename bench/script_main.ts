/** How the bench scripts end: `error: ...` and the exit code, as `main.ts` does for the tool. */

import { CodexmonError } from "../src/core/errors.ts";

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
