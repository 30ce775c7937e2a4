/** `codexmon session stop`. */

import type { Command } from "@commander-js/extra-typings";
import { DEFAULT_SESSION_NAME, describeExit, stopSession } from "../../session/mod.ts";
import { positiveSeconds } from "../options.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, STATE_DIR_HELP } from "./_shared.ts";

/** Registers `codexmon session stop` on `session`. */
export function registerStop(session: Command, context: CliContext): void {
  session.command("stop")
    .description("end Codex and everything it started; keeps the buffer and the output")
    .option("--timeout <seconds>", "time allowed after SIGTERM before SIGKILL", positiveSeconds, 10)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (flags) => {
      const paths = pathsOf(flags, context);
      const result = await stopSession(paths, { timeoutMs: flags.timeout * 1000 });
      const how = describeExit(result.exit);
      if (result.found === 0) {
        context.stdout.line(`session "${paths.name}" was not running${how}`);
      } else {
        const killed = result.killed > 0 ? `, ${result.killed} killed with SIGKILL` : "";
        context.stdout.line(
          `stopped session "${paths.name}": ${result.found} processes ended${killed}${how}`,
        );
      }
      context.stdout.line(`  kept ${paths.buffer} and ${paths.output}`);
    });
}
