/** `codexmon mcp`: wiring of flags to the MCP server. */

import type { Command } from "@commander-js/extra-typings";
import { resolveStateDir } from "../session/state_dir.ts";
import type { CliContext } from "./context.ts";

/** Registers `mcp` on `program`. */
export function registerMcp(program: Command, context: CliContext): void {
  program.command("mcp")
    .description(
      "serve MCP on stdio: tools that start Codex sessions, send prompts, wait, read status and digests, answer approvals",
    )
    .option("--state-dir <dir>", "state folder (default: $CODEXMON_STATE_DIR, else .codexmon)")
    .action(async (flags) => {
      // loaded here, not at startup: the MCP SDK would slow every other command
      const { runMcpServer } = await import("../mcp/server.ts");
      if (Deno.stdin.isTerminal()) {
        context.stderr.line(
          "codexmon mcp speaks MCP on stdin and stdout for an MCP client, e.g.: claude mcp add codexmon -- codexmon mcp (Ctrl-D ends it)",
        );
      }
      const cwd = Deno.cwd();
      context.exitCode = await runMcpServer({
        stateDir: resolveStateDir({ flag: flags.stateDir, env: context.env, cwd }),
        cwd,
        env: context.env,
        log: (line) => context.stderr.line(line),
      }) as typeof context.exitCode;
    });
}
