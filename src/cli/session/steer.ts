/** `codexmon session steer`. */

import type { Command } from "@commander-js/extra-typings";
import { parseRequestIdArg, requestKey } from "../../core/model/mod.ts";
import { DEFAULT_SESSION_NAME, steerRequest } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";

/** Registers `codexmon session steer` on `session`. */
export function registerSteer(session: Command, context: CliContext): void {
  session.command("steer")
    .description("add input to the running turn of request ID (app-server turn/steer)")
    .argument("<id>", "the running request (any id a table shows, or the turn id)")
    .argument("<prompt>", "the input to add")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, prompt, flags) => {
      const paths = pathsOf(flags, context);
      const requestId = parseRequestIdArg(id);
      await steerRequest(paths, requestId, prompt);
      context.stdout.line(`steered request ${requestKey(requestId)}`);
    });
}
