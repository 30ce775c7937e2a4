/** `codexmon session status`. */

import type { Command } from "@commander-js/extra-typings";
import {
  createColors,
  livenessText,
  renderSessionStatus,
  shouldColor,
  terminalWidth,
} from "../../ui/mod.ts";
import { DEFAULT_SESSION_NAME, readSessionStatus } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP, TABLE_WIDTH } from "./_shared.ts";

/** Registers `codexmon session status` on `session`. */
export function registerStatus(session: Command, context: CliContext): void {
  session.command("status")
    .description("alive or dead, pid, uptime, Codex version and the request table")
    .option("--json", "one JSON object")
    .option("--no-color", "never use colours")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (flags) => {
      const paths = pathsOf(flags, context);
      const now = Date.now();
      const status = await readSessionStatus(paths, { now });
      if (flags.json) {
        context.stdout.line(JSON.stringify({ ...status, state: livenessText(status) }));
        return;
      }
      const colors = createColors(
        shouldColor({
          isTty: context.stdoutIsTty,
          noColorFlag: flags.color === false,
          env: context.env,
        }),
      );
      for (
        const line of renderSessionStatus(status, {
          colors,
          now,
          width: terminalWidth(context.stdoutIsTty, TABLE_WIDTH),
        })
      ) {
        context.stdout.line(line);
      }
    });
}
