/** `codexmon session cancel`. */

import type { Command } from "@commander-js/extra-typings";
import { parseRequestIdArg, requestKey } from "../../core/model/mod.ts";
import { cancelRequest, DEFAULT_SESSION_NAME } from "../../session/mod.ts";
import { positiveSeconds } from "../options.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";

/** Registers `codexmon session cancel` on `session`. */
export function registerCancel(session: Command, context: CliContext): void {
  session.command("cancel")
    .description(
      "cancel request ID (app-server: turn/interrupt; mcp-server: notifications/cancelled, marked cancelled if Codex ignores it)",
    )
    .argument("<id>", "the request id (any id a table shows, or the turn id)")
    .option(
      "--grace <seconds>",
      "how long to wait for Codex to end the request",
      positiveSeconds,
      5,
    )
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, flags) => {
      const paths = pathsOf(flags, context);
      const requestId = parseRequestIdArg(id);
      const result = await cancelRequest(paths, requestId, { graceMs: flags.grace * 1000 });
      const key = requestKey(requestId);
      if (result.ended) {
        context.stdout.line(`request ${key} ended after the cancel (${result.state})`);
      } else {
        context.stdout.line(`request ${key} marked cancelled in session.json`);
        context.stderr.line(
          `Codex did not end request ${key} within ${flags.grace} s (a known Codex bug: mcp-server ignores notifications/cancelled); it may keep running until the session stops`,
        );
      }
    });
}
