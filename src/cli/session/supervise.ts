/** the hidden `_supervise` subcommand the session starts in the background. */

import type { Command } from "@commander-js/extra-typings";
import { runSupervisor } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";

/** Registers the hidden `_supervise` subcommand the session starts in the background on `session`. */
export function registerSupervise(session: Command, context: CliContext): void {
  session.command("_supervise", { hidden: true })
    .argument("<dir>", "session folder")
    .action(async (dir) => {
      context.exitCode = await runSupervisor(dir) as typeof context.exitCode;
    });
}
