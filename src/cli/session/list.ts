/** `codexmon session list`. */

import type { Command } from "@commander-js/extra-typings";
import { createColors, renderSessionList, shouldColor, terminalWidth } from "../../ui/mod.ts";
import { listSessions, resolveStateDir } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { STATE_DIR_HELP, TABLE_WIDTH } from "./_shared.ts";

/** Registers `codexmon session list` on `session`. */
export function registerList(session: Command, context: CliContext): void {
  session.command("list")
    .description("all sessions in the state folder")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--json", "one JSON object per line")
    .action(async (flags) => {
      const stateDir = resolveStateDir({ flag: flags.stateDir, env: context.env, cwd: Deno.cwd() });
      const entries = await listSessions(stateDir);
      if (flags.json) {
        for (const entry of entries) context.stdout.line(JSON.stringify(entry));
        return;
      }
      const colors = createColors(
        shouldColor({ isTty: context.stdoutIsTty, noColorFlag: false, env: context.env }),
      );
      for (
        const line of renderSessionList(entries, {
          colors,
          now: Date.now(),
          width: terminalWidth(context.stdoutIsTty, TABLE_WIDTH),
        })
      ) {
        context.stdout.line(line);
      }
    });
}
