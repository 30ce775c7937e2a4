/** `codexmon session reply`. */

import type { Command } from "@commander-js/extra-typings";
import { parseRequestIdArg } from "../../core/model/mod.ts";
import { DEFAULT_SESSION_NAME, replyTo } from "../../session/mod.ts";
import { positiveSeconds } from "../options.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";
import { waitAndReport } from "./_wait_report.ts";

/** Registers `codexmon session reply` on `session`. */
export function registerReply(session: Command, context: CliContext): void {
  session.command("reply")
    .description("continue the thread of request ID (codex-reply); prints the new request id")
    .argument("<id>", "the request whose thread to continue (any id a table shows, or the turn id)")
    .argument("<prompt>", "the prompt")
    .option("--wait", "wait for the answer")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, prompt, flags) => {
      const paths = pathsOf(flags, context);
      const result = await replyTo(paths, parseRequestIdArg(id), prompt);
      context.stdout.line(String(result.id));
      if (flags.wait) await waitAndReport(paths, result.id, flags.timeout, context);
    });
}
