/**
 * `codexmon mcp`: the MCP server on stdio. Runs until the client disconnects (stdin closes) or
 * a signal arrives, then stops the sessions it started (unless started with `keep`).
 */

import process from "node:process";
import { CLIENT_VERSION, sessionPaths, stopSession } from "../session/mod.ts";
import { AnalysisCache } from "./analysis_cache.ts";
import type { McpContext } from "./context.ts";
import { McpServer, StdioServerTransport } from "./sdk.ts";
import { OwnedSessions } from "./owned_sessions.ts";
import { addRequestTools, MAX_WAIT_SECONDS } from "./request_tools.ts";
import { addSessionTools } from "./session_tools.ts";
import { addSessionsTool } from "./sessions_tool.ts";

/** The name and version the server announces. */
export const SERVER_INFO = { name: "codexmon", version: CLIENT_VERSION } as const;

/** Builds the server with every codexmon tool. */
export function createMcpServer(context: McpContext): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions:
      `Drive OpenAI Codex without blocking: codex_start a session, codex_send a prompt (returns a request id at once), then codex_wait (at most ${MAX_WAIT_SECONDS} s per call; call again while it says still_running), codex_status, codex_digest. Answer approvals with codex_approve/codex_deny.`,
  });
  addSessionTools(server, context);
  addRequestTools(server, context);
  addSessionsTool(server, context);
  return server;
}

/** Options for {@linkcode runMcpServer}. */
export interface RunMcpServerOptions {
  stateDir: string;
  cwd: string;
  env: (name: string) => string | undefined;
  /** Diagnostics (stderr); stdout belongs to the protocol. */
  log: (line: string) => void;
}

const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

// Clients give a server a few seconds after closing stdin before SIGKILL (the SDK's client: 2 s,
// then SIGTERM, then 2 s more), so Codex gets a short grace before SIGKILL.
const SHUTDOWN_STOP_MS = 2_000;

/** Serves on stdin/stdout until the client leaves; returns the exit code. */
export async function runMcpServer(options: RunMcpServerOptions): Promise<number> {
  const closing = new AbortController();
  const owned = new OwnedSessions();
  const context: McpContext = {
    stateDir: options.stateDir,
    cwd: options.cwd,
    env: options.env,
    owned,
    analyses: new AnalysisCache(),
    closing: closing.signal,
  };
  const server = createMcpServer(context);
  const { promise: ended, resolve: end } = Promise.withResolvers<string>();
  const onSignal = Object.fromEntries(
    SIGNALS.map((signal) => [signal, () => end(signal)]),
  ) as Record<typeof SIGNALS[number], () => void>;
  for (const signal of SIGNALS) Deno.addSignalListener(signal, onSignal[signal]);
  // a client that went away closes our stdout too: writes then fail, and must not crash us
  process.stdout.on("error", () => end("stdout closed"));
  process.stdin.on("end", () => end("stdin closed"));
  process.stdin.on("close", () => end("stdin closed"));
  server.server.onclose = () => end("transport closed");
  try {
    await server.connect(new StdioServerTransport());
    const reason = await ended;
    closing.abort();
    const outcomes = await owned.stopAll((name) =>
      stopSession(sessionPaths(options.stateDir, name), { timeoutMs: SHUTDOWN_STOP_MS }).then(
        () => {},
      )
    );
    for (const outcome of outcomes) {
      options.log(
        outcome.error === null
          ? `codexmon mcp: stopped session "${outcome.name}" (${reason})`
          : `codexmon mcp: cannot stop session "${outcome.name}": ${outcome.error}`,
      );
    }
    await server.close().catch(() => {});
    return outcomes.some((outcome) => outcome.error !== null) ? 1 : 0;
  } finally {
    for (const signal of SIGNALS) Deno.removeSignalListener(signal, onSignal[signal]);
  }
}
