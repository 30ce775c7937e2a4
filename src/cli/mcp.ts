/** `codexmon mcp`: wiring of flags to the MCP server. */

import type { Command } from "@commander-js/extra-typings";
import { CodexmonError } from "../core/errors.ts";
import { resolveStateDir } from "../session/mod.ts";
import type { CliContext } from "./context.ts";

/** Registers `mcp` on `program`. */
export function registerMcp(program: Command, context: CliContext): void {
  program.command("mcp")
    .description(
      "serve MCP on stdio: tools that start Codex sessions, send prompts, wait, read status and digests, answer approvals",
    )
    .option("--state-dir <dir>", "state folder (default: $CODEXMON_STATE_DIR, else .codexmon)")
    .action(async (flags) => {
      const { runMcpServer } = await loadMcpServer();
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

/**
 * The MCP server, loaded only here: the SDK and zod would slow every other command. The bundle
 * keeps it in a file of its own beside `codexmon.js` (see scripts/bundle.ts), which can go missing.
 */
async function loadMcpServer(): Promise<typeof import("../mcp/mod.ts")> {
  try {
    return await import("../mcp/mod.ts");
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
    throw new CodexmonError(
      `Cannot load the MCP server: ${detail} (it ships beside codexmon.js; reinstall codexmon)`,
      { cause: error },
    );
  }
}
