/** The scenarios of the `codex app-server` surface (JSON-RPC over stdio, 0.154 on). */

import type { CodexRun } from "./codex_run.ts";
import { shellThenMessage } from "./mock_answers.ts";
import type { Scenario } from "./scenario.ts";
import type { World } from "./world.ts";

const INITIALIZE = {
  id: 0,
  method: "initialize",
  params: { clientInfo: { name: "codexmon-capture", title: "codexmon capture", version: "0.1.0" } },
};
const FULL_ACCESS = { approvalPolicy: "never", sandbox: "danger-full-access" };
/** What every app-server scenario shares: `codex app-server`, driven on stdin. */
const APP_SERVER = {
  surface: "app-server",
  args: ["app-server"],
  stdin: true,
  exitGraceMs: 10_000,
} as const satisfies Partial<Scenario>;
const ECHO_HI = { reasoning: "**Plan**\n\nRun echo, then answer.", command: "echo hi" };

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

function result(lines: Record<string, unknown>[], id: number): Record<string, unknown> | undefined {
  const line = lines.find((line) => line.id === id && "result" in line && !("method" in line));
  return line?.result as Record<string, unknown> | undefined;
}

function turnNotified(method: string, turnId: string) {
  return (lines: Record<string, unknown>[]): true | undefined =>
    lines.some((line) =>
        line.method === method &&
        (line.params as { turn?: { id?: string } } | undefined)?.turn?.id === turnId
      )
      ? true
      : undefined;
}

/** The `x-codex-*` rate-limit headers of the ChatGPT backend: 12 % of 5 h, 3 % of a week used. */
function rateLimitHeaders(): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return {
    "x-codex-primary-used-percent": "12",
    "x-codex-primary-window-minutes": "300",
    "x-codex-primary-reset-at": String(now + 1800),
    "x-codex-secondary-used-percent": "3",
    "x-codex-secondary-window-minutes": "10080",
    "x-codex-secondary-reset-at": String(now + 86400),
  };
}

async function initialize(run: CodexRun): Promise<void> {
  await run.send(INITIALIZE);
  await run.waitFor("the initialize result", (lines) => result(lines, 0));
  await run.send({ method: "initialized" });
}

/** Initializes the server and starts a thread in the project with `policy`; returns its id. */
async function openThread(
  run: CodexRun,
  world: World,
  policy: Record<string, string>,
): Promise<string> {
  await initialize(run);
  await run.send({ id: 1, method: "thread/start", params: { cwd: world.project, ...policy } });
  const thread = await run.waitFor("the thread/start result", (lines) => result(lines, 1));
  return (thread.thread as { id: string }).id;
}

/** A `turn/start` request: its id, the thread and the prompt. */
interface TurnStart {
  id: number;
  threadId: string;
  prompt: string;
}

async function startTurn(run: CodexRun, turn: TurnStart) {
  const { id, threadId, prompt } = turn;
  await run.send({ id, method: "turn/start", params: { threadId, input: text(prompt) } });
  const started = await run.waitFor("the turn/start result", (lines) => result(lines, id));
  return (started.turn as { id: string }).id;
}

async function runTurn(run: CodexRun, turn: TurnStart) {
  const turnId = await startTurn(run, turn);
  await run.waitFor(`turn/completed of request ${turn.id}`, turnNotified("turn/completed", turnId));
}

/** Every scenario of the app-server surface. */
export const APP_SERVER_SCENARIOS: readonly Scenario[] = [
  {
    name: "app-server-shell",
    ...APP_SERVER,
    title: "codex app-server: one thread, one turn with reasoning, a shell command and a message",
    what:
      "The `codex app-server` JSON-RPC protocol (what replaced `codex mcp-server`). The driver sends initialize, initialized, `thread/start` (id 1), then `turn/start` (id 2) with the thread id from the thread/start result. The mock answers with reasoning + an `echo hi` tool call, then a final message. Notifications are named by `method` (thread/started, turn/started, item/started, item/agentMessage/delta, item/reasoning/summaryTextDelta, item/completed, thread/tokenUsage/updated, turn/completed, ...).",
    how:
      "thread/start (never, danger-full-access), turn/start, wait for turn/completed, close stdin.",
    mockScript:
      "request 1: reasoning + `exec_command` `echo hi` (usage 2400 in / 90 out / 40 reasoning); request 2: message `The shell said: hi` (2750 in, 2048 cached, 95 out, 40 reasoning). Both answers carry rate-limit headers (`x-codex-primary-*`: 12 % of 300 min, `x-codex-secondary-*`: 3 % of 10080 min).",
    respond: (request) => shellThenMessage(request, { ...ECHO_HI, headers: rateLimitHeaders() }),
    async drive(run, world) {
      const threadId = await openThread(run, world, FULL_ACCESS);
      await runTurn(run, { id: 2, threadId, prompt: "Say hi with the shell." });
    },
  },
  {
    name: "app-server-multi-turn",
    ...APP_SERVER,
    title: "codex app-server: one thread, two turns (shell command, then a reply turn)",
    what:
      "Two turns on one thread. Turn 1 (turn/start id 2): reasoning, an `echo hi` command, a message; turn 2 (turn/start id 3) on the same thread: a plain message. `thread/tokenUsage/updated` totals are cumulative over the thread: the second turn's first total starts from the first turn's last one.",
    how:
      "thread/start (never, danger-full-access), turn/start, wait for turn/completed, turn/start on the same thread, wait for turn/completed, close stdin.",
    mockScript:
      "request 1: reasoning + `exec_command` `echo hi` (usage 2400 in / 90 out / 40 reasoning); request 2 (after the command output): message `The shell said: hi` (2750 in, 2048 cached, 95 out, 40 reasoning); request 3 (the second prompt): message `Second answer: And now in French?` (3100 in, 2048 cached, 20 out).",
    respond(request) {
      if (request.userTexts.length > 1) {
        return {
          kind: "stream",
          items: [{ type: "message", text: `Second answer: ${request.lastUserText}` }],
          usage: { input: 3100, cachedInput: 2048, output: 20 },
        };
      }
      return shellThenMessage(request, ECHO_HI);
    },
    async drive(run, world) {
      const threadId = await openThread(run, world, FULL_ACCESS);
      await runTurn(run, { id: 2, threadId, prompt: "Say hi with the shell." });
      await runTurn(run, { id: 3, threadId, prompt: "And now in French?" });
    },
    rollout: { name: "rollout-multi-turn", title: "the rollout file of app-server-multi-turn" },
  },
  {
    name: "app-server-approval",
    ...APP_SERVER,
    title: "codex app-server: two commands that need approval, one accepted and one declined",
    what:
      "The model asks to run two commands outside the sandbox (`sandbox_permissions: require_escalated`). Each arrives as a server request `item/commandExecution/requestApproval` (with its own server-side id); the driver answers the first with `accept` and the second with `decline`; `serverRequest/resolved` follows each answer. The declined command's item ends with status `declined`.",
    how:
      "thread/start (on-request, workspace-write), turn/start, answer the two approval requests as they come, wait for turn/completed, close stdin.",
    mockScript:
      "request 1: `exec_command` `touch approved.txt` with `sandbox_permissions: require_escalated`; request 2: `exec_command` `touch denied.txt` escalated the same way; request 3: message `One file created, one refused.`",
    respond(request) {
      const outputs = request.functionOutputs.length;
      if (outputs === 0) {
        return {
          kind: "stream",
          items: [{
            type: "shell",
            command: "touch approved.txt",
            escalate: "Create a marker file",
          }],
        };
      }
      if (outputs === 1) {
        return {
          kind: "stream",
          items: [{
            type: "shell",
            command: "touch denied.txt",
            escalate: "Create another marker file",
          }],
        };
      }
      return {
        kind: "stream",
        items: [{ type: "message", text: "One file created, one refused." }],
      };
    },
    async drive(run, world) {
      const policy = { approvalPolicy: "on-request", sandbox: "workspace-write" };
      const threadId = await openThread(run, world, policy);
      const turnId = await startTurn(run, { id: 2, threadId, prompt: "Create two marker files." });
      const answered = new Set<unknown>();
      for (const decision of ["accept", "decline"]) {
        const request = await run.waitFor(
          "an approval request",
          (lines) =>
            lines.find((line) =>
              line.method === "item/commandExecution/requestApproval" && "id" in line &&
              !answered.has(line.id)
            ),
        );
        answered.add(request.id);
        await run.send({ id: request.id, result: { decision } });
      }
      await run.waitFor("turn/completed", turnNotified("turn/completed", turnId));
    },
  },
  {
    name: "app-server-steer-interrupt",
    ...APP_SERVER,
    title:
      "codex app-server: a turn steered while its command runs, then a stalled turn interrupted",
    what:
      "Turn 1 (id 2) runs `sleep 2; echo slept`; while it runs the driver sends `turn/steer` (id 3) with more input; the next model request carries it and the turn ends `completed` with the steered answer. Turn 2 (id 4) stalls in the model stream; `turn/interrupt` (id 5) ends it with `turn/completed` status `interrupted`.",
    how:
      "thread/start, turn/start, turn/steer once the command item started, wait for turn/completed; turn/start, wait until the mock got the request, turn/interrupt, wait for turn/completed, close stdin.",
    mockScript:
      "a request whose latest user text contains `stall`: headers and `response.created`, then nothing; latest user text `Also say bye.`: message `Steered: Also say bye.`; else after a command output: message; else `exec_command` `sleep 2; echo slept`.",
    respond(request) {
      const latest = request.lastUserText ?? "";
      if (latest.includes("stall")) return { kind: "stall" };
      if (latest.includes("Also say bye")) {
        return { kind: "stream", items: [{ type: "message", text: `Steered: ${latest}` }] };
      }
      if (request.functionOutputs.length > 0) {
        return {
          kind: "stream",
          items: [{ type: "message", text: "Slept without being steered." }],
        };
      }
      return { kind: "stream", items: [{ type: "shell", command: "sleep 2; echo slept" }] };
    },
    async drive(run, world) {
      const threadId = await openThread(run, world, FULL_ACCESS);
      const first = await startTurn(run, { id: 2, threadId, prompt: "Sleep a little." });
      await run.waitFor(
        "the command item",
        (lines) =>
          lines.find((line) =>
            line.method === "item/started" &&
            (line.params as { item?: { type?: string } }).item?.type === "commandExecution"
          ),
      );
      await run.send({
        id: 3,
        method: "turn/steer",
        params: { threadId, expectedTurnId: first, input: text("Also say bye.") },
      });
      await run.waitFor("turn 1 completed", turnNotified("turn/completed", first));
      const requestsBefore = world.mock.requests.length;
      const second = await startTurn(run, { id: 4, threadId, prompt: "Now stall please." });
      await run.waitFor(
        "the stalled model request",
        () => world.mock.requests.length > requestsBefore ? true : undefined,
      );
      await run.waitFor("turn 2 started", turnNotified("turn/started", second));
      // let the stalled stream settle so the interrupt hits a turn that is streaming
      await run.pause(500);
      await run.send({ id: 5, method: "turn/interrupt", params: { threadId, turnId: second } });
      await run.waitFor("turn 2 completed", turnNotified("turn/completed", second));
    },
    rollout: {
      name: "rollout-steer-interrupt",
      title: "the rollout file of app-server-steer-interrupt",
    },
  },
  {
    name: "app-server-http-500",
    ...APP_SERVER,
    title: "codex app-server: the model endpoint answers HTTP 500; retries, then a failed turn",
    what:
      "Every model request gets HTTP 500. Codex retries (`error` notifications with `willRetry: true`), then gives up: an `error` with `willRetry: false` and `turn/completed` with status `failed` and the error in `turn.error`.",
    how:
      "thread/start, turn/start, wait for turn/completed, close stdin. The provider has `request_max_retries = 1` and `stream_max_retries = 1` to keep the run short.",
    mockScript:
      'every request: HTTP 500 `{"error":{"message":"mock error 500","type":"server_error"}}`.',
    respond: () => ({ kind: "http_error", status: 500 }),
    retries: 1,
    async drive(run, world) {
      const threadId = await openThread(run, world, FULL_ACCESS);
      await runTurn(run, { id: 2, threadId, prompt: "Hello?" });
    },
  },
];
