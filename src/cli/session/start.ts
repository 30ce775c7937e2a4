/** `codexmon session start`. */

import { type Command, Option } from "@commander-js/extra-typings";
import { DEFAULT_SESSION_NAME, startSession } from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { pathsOf, resolvePath, sessionConfig, STATE_DIR_HELP } from "./_shared.ts";

/** Registers `codexmon session start` on `session`. */
export function registerStart(session: Command, context: CliContext): void {
  session.command("start")
    .description(
      "start Codex in the background (`codex app-server`, or `codex mcp-server` for 0.153 and older) and do the handshake",
    )
    .option(
      "--codex <path>",
      "the codex binary (default: config session.codex, $CODEXMON_CODEX, codex on PATH)",
    )
    .option("--cwd <dir>", "Codex's working directory (default: the current one)")
    .addOption(
      new Option(
        "--backend <backend>",
        "how to run Codex (default: mcp-server up to Codex 0.153.4, app-server from 0.154)",
      ).choices(["mcp-server", "app-server"] as const),
    )
    .argument("[codexArgs...]", "extra arguments for codex mcp-server/app-server (after --)")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (codexArgs, flags) => {
      const paths = pathsOf(flags, context);
      const config = await sessionConfig(context);
      const cwd = flags.cwd ?? config.session.cwd ?? Deno.cwd();
      const result = await startSession(paths, {
        codex: flags.codex ?? config.session.codex,
        cwd: resolvePath(cwd),
        codexArgs,
        env: context.env,
        backend: flags.backend,
      });
      const meta = result.meta;
      if (result.archivedTo) context.stderr.line(`moved the previous run to ${result.archivedTo}`);
      context.stdout.line(
        `started session "${paths.name}": Codex ${
          meta.codexVersion ?? "(version unknown)"
        } pid ${meta.codexPid} (supervisor ${meta.supervisor?.pid})`,
      );
      context.stdout.line(`  buffer  ${paths.buffer}`);
      context.stdout.line(`  output  ${paths.output}`);
    });
}
