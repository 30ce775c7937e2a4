/** The scenarios of the `codex mcp-server` surface (MCP over stdio, 0.47 to 0.153.x). */

import type { CodexRun } from "./codex_run.ts";
import type { Scenario } from "./scenario.ts";
import type { World } from "./world.ts";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: { elicitation: {} },
    clientInfo: { name: "codexmon-capture", version: "0.1.0" },
  },
};
const EXIT_GRACE_MS = 10_000;
const HOW =
  "initialize, notifications/initialized, one `tools/call` of the `codex` tool (id 1, approval-policy never, sandbox danger-full-access), wait for its result, close stdin.";

function answered(id: number) {
  return (lines: Record<string, unknown>[]): true | undefined =>
    lines.some((line) => line.id === id && !("method" in line)) ? true : undefined;
}

async function callCodex(run: CodexRun, world: World, prompt: string): Promise<void> {
  await run.send(INITIALIZE);
  await run.waitFor("the initialize result", answered(0));
  await run.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const args = {
    prompt,
    cwd: world.project,
    "approval-policy": "never",
    sandbox: "danger-full-access",
  };
  await run.send({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "codex", arguments: args },
  });
  await run.waitFor("the tools/call result", answered(1));
}

/** Every scenario of the mcp-server surface. */
export const MCP_SERVER_SCENARIOS: readonly Scenario[] = [
  {
    name: "simple",
    surface: "mcp-server",
    title: "one codex tool call: reasoning, then a message",
    what:
      "One `codex` tool call (request id 1). The mock streams a reasoning item, then an assistant message in 8-character deltas, then `response.completed` with usage. The normal life cycle: session_configured, task_started, reasoning and message deltas, token_count, task_complete, and the JSON-RPC result for id 1.",
    how: HOW,
    mockScript:
      "one response: reasoning (2 summary parts) + message (usage 2400 in / 90 out / 40 reasoning).",
    respond: () => ({
      kind: "stream",
      items: [
        { type: "reasoning", summary: ["**Reading**\n\nLook at the files.", "**Answer**"] },
        { type: "message", text: "This project is a demo that says hello." },
      ],
      usage: { input: 2400, output: 90, reasoningOutput: 40 },
    }),
    args: ["mcp-server"],
    stdin: true,
    exitGraceMs: EXIT_GRACE_MS,
    drive: (run, world) => callCodex(run, world, "Explain what this project does in one sentence."),
  },
  {
    name: "shell",
    surface: "mcp-server",
    title: "model runs shell commands (exec_command_begin / output_delta / end)",
    what:
      "One `codex` tool call. The mock answers the first model request with a tool call running `echo hi; ls does-not-exist` (exit code 2), the second with the final message. Codex really runs the command in the demo project folder.",
    how: HOW,
    mockScript:
      "request 1: shell call `echo hi; ls does-not-exist` (in the shell tool the request offers); request 2: message `The shell said: hi`.",
    respond: (request) =>
      request.functionOutputs.length > 0
        ? { kind: "stream", items: [{ type: "message", text: "The shell said: hi" }] }
        : { kind: "stream", items: [{ type: "shell", command: "echo hi; ls does-not-exist" }] },
    args: ["mcp-server"],
    stdin: true,
    exitGraceMs: EXIT_GRACE_MS,
    drive: (run, world) => callCodex(run, world, "Say hi with the shell."),
  },
  {
    name: "http-500",
    surface: "mcp-server",
    title: "the model endpoint answers HTTP 500; retries, then a failed call",
    what:
      "Every request to the mock gets HTTP 500. Codex retries, reports the attempts, then fails the turn and answers the tool call.",
    how: `${HOW} The provider has \`request_max_retries = 1\` and \`stream_max_retries = 1\`.`,
    mockScript: "every request: HTTP 500.",
    respond: () => ({ kind: "http_error", status: 500 }),
    retries: 1,
    args: ["mcp-server"],
    stdin: true,
    exitGraceMs: EXIT_GRACE_MS,
    drive: (run, world) => callCodex(run, world, "Hello there."),
  },
];
