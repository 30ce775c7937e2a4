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

async function initialize(run: CodexRun): Promise<void> {
  await run.send(INITIALIZE);
  await run.waitFor("the initialize result", answered(0));
  await run.send({ jsonrpc: "2.0", method: "notifications/initialized" });
}

/** A `tools/call` request: its id, the tool and its arguments. */
interface ToolsCall {
  id: number;
  name: string;
  arguments: unknown;
}

async function toolsCall(run: CodexRun, call: ToolsCall): Promise<void> {
  const { id, name } = call;
  await run.send({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: call.arguments },
  });
  await run.waitFor(`the tools/call result of request ${id}`, answered(id));
}

function codexArguments(world: World, prompt: string): Record<string, string> {
  return { prompt, cwd: world.project, "approval-policy": "never", sandbox: "danger-full-access" };
}

/** Initializes, then calls the `codex` tool (request 1) with `prompt` in the project. */
async function callCodex(run: CodexRun, call: { world: World; prompt: string }): Promise<void> {
  await initialize(run);
  await toolsCall(run, {
    id: 1,
    name: "codex",
    arguments: codexArguments(call.world, call.prompt),
  });
}

/**
 * The `codex-reply` argument naming the session of request 1, read from the output: 0.15x
 * results carry `structuredContent.threadId`; 0.47 has only `session_configured.session_id`,
 * passed as `conversationId`.
 */
function replyArgument(lines: Record<string, unknown>[]): Record<string, string> | undefined {
  const result = lines.find((line) => line.id === 1 && !("method" in line))?.result as
    | { structuredContent?: { threadId?: unknown } }
    | undefined;
  const threadId = result?.structuredContent?.threadId;
  if (typeof threadId === "string") return { threadId };
  for (const line of lines) {
    const msg = (line.params as { msg?: { type?: unknown; session_id?: unknown } } | undefined)
      ?.msg;
    if (msg?.type === "session_configured" && typeof msg.session_id === "string") {
      return { conversationId: msg.session_id };
    }
  }
  return undefined;
}

/** The approval policies the `codex` tool of a `tools/list` result (id 1) accepts. */
function approvalPolicies(lines: Record<string, unknown>[]): string[] | undefined {
  const result = lines.find((line) => line.id === 1 && !("method" in line))?.result as
    | { tools?: { name?: string; inputSchema?: { properties?: Record<string, unknown> } }[] }
    | undefined;
  if (result === undefined) return undefined;
  const codex = result.tools?.find((tool) => tool.name === "codex");
  const policy = codex?.inputSchema?.properties?.["approval-policy"] as
    | { enum?: unknown }
    | undefined;
  return Array.isArray(policy?.enum)
    ? policy.enum.filter((value) => typeof value === "string")
    : [];
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
    drive: (run, world) =>
      callCodex(run, { world, prompt: "Explain what this project does in one sentence." }),
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
    drive: (run, world) => callCodex(run, { world, prompt: "Say hi with the shell." }),
  },
  {
    name: "multi-turn",
    surface: "mcp-server",
    title: "a codex call, then a codex-reply on the same session",
    what:
      "Request id 1 starts a session with the `codex` tool; after its result the driver sends request id 2 with the `codex-reply` tool, naming the session (0.15x: `threadId` from `result.structuredContent.threadId`; 0.47: `conversationId` from the `session_configured` event, as the 0.47 result has no id). The second turn's events carry requestId 2 but belong to the same session.",
    how:
      "initialize, notifications/initialized, `tools/call` `codex` (id 1, approval-policy never, sandbox danger-full-access), wait for its result, `tools/call` `codex-reply` (id 2) with the session id, wait for its result, close stdin.",
    mockScript:
      "prompt 1: reasoning + message `I will remember 42.`; prompt 2: message `You asked me to remember 42.` (usage grows: the second request carries the whole history).",
    respond: (request) =>
      request.userTexts.length > 1
        ? {
          kind: "stream",
          items: [{ type: "message", text: "You asked me to remember 42." }],
          usage: { input: 3100, cachedInput: 2048, output: 20 },
        }
        : {
          kind: "stream",
          items: [
            { type: "reasoning", summary: ["**Remembering**"] },
            { type: "message", text: "I will remember 42." },
          ],
          usage: { input: 2400, output: 60, reasoningOutput: 20 },
        },
    args: ["mcp-server"],
    stdin: true,
    exitGraceMs: EXIT_GRACE_MS,
    async drive(run, world) {
      await callCodex(run, { world, prompt: "Remember the number 42." });
      const session = await run.waitFor("the session id of request 1", replyArgument);
      const prompt = "What number did I ask you to remember?";
      await toolsCall(run, { id: 2, name: "codex-reply", arguments: { ...session, prompt } });
    },
  },
  {
    name: "approval-noanswer",
    surface: "mcp-server",
    title: "a command that needs approval, never answered",
    what:
      "A `codex` call whose command needs approval. The approval policy comes from the release's own `codex` tool schema (`tools/list`): `untrusted` where it offers it (0.47: `touch approved.txt` is not on the safe list), else `on-request` with the model asking for `sandbox_permissions: require_escalated` (0.15x). Codex emits an `exec_approval_request` event and sends the client a JSON-RPC request `elicitation/create`. The driver never answers; Codex prints nothing more and keeps waiting after stdin closes, so it is stopped with SIGTERM.",
    how:
      "initialize, notifications/initialized, `tools/list` (id 1), `tools/call` `codex` (id 2, the approval policy above, sandbox workspace-write), wait for `elicitation/create`, wait 2 s more, close stdin, SIGTERM after 3 s.",
    mockScript:
      "request 1: shell call `touch approved.txt` (escalated where the tool allows it); a second request (never reached): message `Created.`",
    respond: (request) =>
      request.functionOutputs.length > 0
        ? { kind: "stream", items: [{ type: "message", text: "Created." }] }
        : {
          kind: "stream",
          items: [{
            type: "shell",
            command: "touch approved.txt",
            escalate: "Create a marker file",
          }],
        },
    args: ["mcp-server"],
    stdin: true,
    exitGraceMs: 3_000,
    terminate: true,
    async drive(run, world) {
      await initialize(run);
      await run.send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
      const policies = await run.waitFor("the tools/list result", approvalPolicies);
      const policy = policies.includes("untrusted") ? "untrusted" : "on-request";
      await run.send({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: {
          name: "codex",
          arguments: {
            prompt: "Create a marker file named approved.txt.",
            cwd: world.project,
            "approval-policy": policy,
            sandbox: "workspace-write",
          },
        },
      });
      await run.waitFor(
        "the elicitation/create request",
        (lines) => lines.find((line) => line.method === "elicitation/create" && "id" in line),
      );
      // show that nothing more comes while the approval waits
      await run.pause(2_000);
    },
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
    drive: (run, world) => callCodex(run, { world, prompt: "Hello there." }),
  },
];
