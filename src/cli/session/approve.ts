/** `codexmon session approve ID` and `deny ID`. */

import type { Command } from "@commander-js/extra-typings";
import { parseRequestIdArg, requestKey } from "../../core/model/mod.ts";
import { answerApproval, DEFAULT_SESSION_NAME } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";

/** Registers `codexmon session approve ID` and `deny ID` on `session`. */
export function registerApproveDeny(session: Command, context: CliContext): void {
  for (const [verb, decision] of [["approve", "approved"], ["deny", "denied"]] as const) {
    session.command(verb)
      .description(`${verb} the pending approval (elicitation) of request ID`)
      .argument("<id>", "the request id (any id a table shows, or the turn id)")
      .option("--state-dir <dir>", STATE_DIR_HELP)
      .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
      .action(async (id, flags) => {
        const paths = pathsOf(flags, context);
        const requestId = parseRequestIdArg(id);
        const answer = await answerApproval(paths, requestId, decision);
        context.stdout.line(
          `${decision} request ${requestKey(requestId)} (elicitation ${
            requestKey(answer.elicitationId)
          }): ${answer.message}`,
        );
      });
  }
}
