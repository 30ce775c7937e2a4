/** `codexmon session wait`. */

import type { Command } from "@commander-js/extra-typings";
import { parseRequestIdArg } from "../../core/model/mod.ts";
import { DEFAULT_SESSION_NAME } from "../../session/mod.ts";
import { positiveSeconds } from "../options.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";
import { waitAndReport } from "./_wait_report.ts";

/** Registers `codexmon session wait` on `session`. */
export function registerWait(session: Command, context: CliContext): void {
  session.command("wait")
    .description(
      "wait for request ID and print its answer; exit 0 completed, 3 stuck, 4 needs approval, 5 timed out, 6 failed/cancelled/no response",
    )
    .argument("<id>", "the request id (as send printed it, any id a table shows, or the turn id)")
    .option("--timeout <seconds>", "give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, flags) => {
      await waitAndReport(pathsOf(flags, context), parseRequestIdArg(id), flags.timeout, context);
    });
}
