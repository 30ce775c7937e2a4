/**
 * Captures the output formats of Codex 0.169.0 against the mock Responses API
 * (tests/support/mock_responses_server.ts): `codex app-server` output, `codex exec --json`
 * output and the rollout files Codex leaves in `$CODEX_HOME/sessions/`. Each capture gets a
 * `.md` (how it was made), a `.timing.jsonl` (arrival ms of each line, for the formats without
 * timestamps) and a `.mock-requests.jsonl` (what Codex sent to the mock, summarised).
 *
 * Codex runs in a temporary folder `R` with `HOME=R`, `CODEX_HOME=R/.codex` and the project in
 * `R/project`; every occurrence of `R` in the captures is then replaced by `/home/demo`.
 * Ids, UUIDs and times change on every run; the facts the tests check do not.
 *
 * Usage: deno run --allow-all scripts/capture_0169.ts [--codex PATH] [--out DIR] [SCENARIO...]
 */

import { join } from "node:path";
import {
  MOCK_API_KEY_ENV,
  type MockResponse,
  type MockResponsesServer,
  type RecordedRequest,
  startMockResponsesServer,
} from "../tests/support/mock_responses_server.ts";
import { codexBinaryPath } from "../tests/support/codex.ts";

const VERSION = "0.169.0";
const MODEL = "gpt-5.5";
const DEMO_ROOT = "/home/demo";
const NEWLINE = 10;
const decoder = new TextDecoder();

/** One output line as it arrived. */
interface CapturedLine {
  bytes: Uint8Array;
  ms: number;
}

/** A running Codex process whose stdout and stderr go, line by line, into one list. */
class CodexRun {
  readonly lines: CapturedLine[] = [];
  readonly stdin: string[] = [];
  readonly started = Date.now();
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null;
  #pumps: Promise<void>;
  #waiters = new Set<() => void>();

  constructor(
    command: string,
    options: { args: string[]; cwd: string; env: Record<string, string>; stdin: boolean },
  ) {
    this.#child = new Deno.Command(command, {
      args: options.args,
      cwd: options.cwd,
      env: options.env,
      clearEnv: true,
      stdin: options.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = options.stdin ? this.#child.stdin.getWriter() : null;
    this.#pumps = Promise.all([this.#pump(this.#child.stdout), this.#pump(this.#child.stderr)])
      .then(() => {});
  }

  /** Milliseconds since spawn. */
  get ms(): number {
    return Date.now() - this.started;
  }

  /** Writes one JSON message to Codex's stdin and notes it for the `.md`. */
  async send(message: unknown): Promise<void> {
    const line = JSON.stringify(message);
    this.stdin.push(`+${this.ms}ms  ${line}`);
    await this.#writer?.write(new TextEncoder().encode(line + "\n"));
  }

  /** The parsed JSON output lines so far. */
  json(): Record<string, unknown>[] {
    const values: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      try {
        const value = JSON.parse(decoder.decode(line.bytes));
        if (typeof value === "object" && value !== null) values.push(value);
      } catch {
        // a stderr line
      }
    }
    return values;
  }

  /** Waits until `find` returns a value for the output so far. */
  async waitFor<T>(
    what: string,
    find: (lines: Record<string, unknown>[]) => T | undefined,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const found = find(this.json());
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 200);
        this.#waiters.add(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  /** Closes stdin and waits for the exit (SIGTERM after `graceMs`). */
  async finish(graceMs = 10_000): Promise<{ code: number; signal: string | null; ms: number }> {
    this.stdin.push(`+${this.ms}ms  (stdin closed)`);
    await this.#writer?.close().catch(() => {});
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGTERM");
      } catch {
        // exited
      }
    }, graceMs);
    const status = await this.#child.status;
    clearTimeout(timer);
    const ms = this.ms;
    await this.#pumps;
    return { code: status.code, signal: status.signal, ms };
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    let pending = new Uint8Array(0);
    for await (const chunk of stream) {
      const ms = this.ms;
      let data = new Uint8Array(pending.length + chunk.length);
      data.set(pending);
      data.set(chunk, pending.length);
      let start = 0;
      let newline = data.indexOf(NEWLINE);
      while (newline >= 0) {
        this.lines.push({ bytes: data.slice(start, newline), ms });
        start = newline + 1;
        newline = data.indexOf(NEWLINE, start);
      }
      pending = data.slice(start);
      data = pending;
      for (const wake of this.#waiters) wake();
      this.#waiters.clear();
    }
    if (pending.length > 0) this.lines.push({ bytes: pending, ms: this.ms });
  }
}

/** The world of one scenario: folders, config and the mock. */
interface World {
  root: string;
  home: string;
  codexHome: string;
  project: string;
  mock: MockResponsesServer;
  env: Record<string, string>;
}

async function createWorld(
  respond: (request: RecordedRequest) => MockResponse,
  retries: number | null,
): Promise<World> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-capture-" });
  const codexHome = join(root, ".codex");
  const project = join(root, "project");
  await Deno.mkdir(codexHome, { recursive: true });
  await Deno.mkdir(project, { recursive: true });
  const mock = await startMockResponsesServer({ respond });
  const provider = [
    "[model_providers.mock]",
    `name = "mock"`,
    `base_url = "${mock.baseUrl}"`,
    `env_key = "${MOCK_API_KEY_ENV}"`,
    `wire_api = "responses"`,
    ...(retries === null
      ? []
      : [`request_max_retries = ${retries}`, `stream_max_retries = ${retries}`]),
  ];
  await Deno.writeTextFile(
    join(codexHome, "config.toml"),
    [`model = "${MODEL}"`, `model_provider = "mock"`, "", ...provider, ""].join("\n"),
  );
  return {
    root,
    home: root,
    codexHome,
    project,
    mock,
    env: {
      HOME: root,
      CODEX_HOME: codexHome,
      [MOCK_API_KEY_ENV]: "capture-key",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      LANG: "C.UTF-8",
    },
  };
}

/** What one scenario produced. */
interface Capture {
  name: string;
  title: string;
  what: string;
  how: string;
  mockScript: string;
  run: CodexRun;
  exit: { code: number; signal: string | null; ms: number };
  timing: boolean;
  /** Rollout files to keep as captures of their own: name → source path. */
  rollouts: { name: string; path: string; title: string }[];
  args: string[];
  retries: number | null;
}

const INIT = {
  id: 0,
  method: "initialize",
  params: { clientInfo: { name: "codexmon-capture", title: "codexmon capture", version: "0.1.0" } },
};

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

function result(lines: Record<string, unknown>[], id: number): Record<string, unknown> | undefined {
  const line = lines.find((line) => line.id === id && "result" in line && !("method" in line));
  return line?.result as Record<string, unknown> | undefined;
}

function turnCompleted(lines: Record<string, unknown>[], turnId: string): true | undefined {
  return lines.some((line) =>
      line.method === "turn/completed" &&
      ((line.params as { turn?: { id?: string } })?.turn?.id === turnId)
    )
    ? true
    : undefined;
}

async function startThread(
  run: CodexRun,
  id: number,
  params: Record<string, unknown>,
): Promise<string> {
  await run.send({ id, method: "thread/start", params });
  const thread = await run.waitFor("thread/start result", (lines) => result(lines, id));
  return (thread.thread as { id: string }).id;
}

async function startTurn(
  run: CodexRun,
  id: number,
  threadId: string,
  prompt: string,
): Promise<string> {
  await run.send({ id, method: "turn/start", params: { threadId, input: text(prompt) } });
  const turn = await run.waitFor("turn/start result", (lines) => result(lines, id));
  return (turn.turn as { id: string }).id;
}

async function appServer(world: World): Promise<CodexRun> {
  const run = new CodexRun(codexPath, {
    args: ["app-server"],
    cwd: world.project,
    env: world.env,
    stdin: true,
  });
  await run.send(INIT);
  await run.waitFor("initialize result", (lines) => result(lines, 0));
  await run.send({ method: "initialized" });
  return run;
}

function rolloutFiles(world: World): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.name.startsWith("rollout-") && entry.name.endsWith(".jsonl")) found.push(path);
    }
  };
  try {
    walk(join(world.codexHome, "sessions"));
  } catch {
    // no sessions folder
  }
  return found.sort();
}

type Scenario = () => Promise<Capture & { world: World }>;

const SCENARIOS: Record<string, Scenario> = {
  /** Two turns on one thread: reasoning + shell + message, then a reply turn. */
  async "app-server-multi-turn"() {
    const world = await createWorld((request) => {
      if (request.userTexts.length > 1) {
        return {
          kind: "stream",
          items: [{ type: "message", text: `Second answer: ${request.lastUserText}` }],
          usage: { input: 3100, cachedInput: 2048, output: 20 },
        };
      }
      if (request.functionOutputs.length > 0) {
        return {
          kind: "stream",
          items: [{ type: "message", text: "The shell said: hi" }],
          usage: { input: 2750, cachedInput: 2048, output: 95, reasoningOutput: 40 },
        };
      }
      return {
        kind: "stream",
        items: [{ type: "reasoning", summary: ["**Plan**\n\nRun echo, then answer."] }, {
          type: "shell",
          command: "echo hi",
        }],
        usage: { input: 2400, output: 90, reasoningOutput: 40 },
      };
    }, null);
    const run = await appServer(world);
    const threadId = await startThread(run, 1, {
      cwd: world.project,
      approvalPolicy: "never",
      sandbox: "danger-full-access",
    });
    const first = await startTurn(run, 2, threadId, "Say hi with the shell.");
    await run.waitFor("turn 1 completed", (lines) => turnCompleted(lines, first));
    const second = await startTurn(run, 3, threadId, "And now in French?");
    await run.waitFor("turn 2 completed", (lines) => turnCompleted(lines, second));
    const exit = await run.finish();
    const rollout = rolloutFiles(world);
    return {
      world,
      name: "app-server-multi-turn",
      title: "codex app-server: one thread, two turns (shell command, then a reply turn)",
      what:
        "Two turns on one thread. Turn 1 (turn/start id 2): reasoning, an `echo hi` command, a message; turn 2 (turn/start id 3) on the same thread: a plain message. `thread/tokenUsage/updated` totals are cumulative over the thread: the second turn's first total starts from the first turn's last one.",
      how:
        "thread/start (never, danger-full-access), turn/start, wait for turn/completed, turn/start on the same thread, wait for turn/completed, close stdin.",
      mockScript:
        "request 1: reasoning + `exec_command` `echo hi` (usage 2400 in / 90 out / 40 reasoning); request 2 (after the command output): message `The shell said: hi` (2750 in, 2048 cached, 95 out, 40 reasoning); request 3 (the second prompt): message `Second answer: And now in French?` (3100 in, 2048 cached, 20 out).",
      run,
      exit,
      timing: true,
      rollouts: rollout.map((path) => ({
        name: "rollout-multi-turn",
        path,
        title: "the rollout file of app-server-multi-turn",
      })),
      args: ["app-server"],
      retries: null,
    };
  },

  /** Commands that need approval: one accepted, one declined. */
  async "app-server-approval"() {
    const world = await createWorld((request) => {
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
    }, null);
    const run = await appServer(world);
    const threadId = await startThread(run, 1, {
      cwd: world.project,
      approvalPolicy: "on-request",
      sandbox: "workspace-write",
    });
    const turnId = await startTurn(run, 2, threadId, "Create two marker files.");
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
    await run.waitFor("turn completed", (lines) => turnCompleted(lines, turnId));
    const exit = await run.finish();
    return {
      world,
      name: "app-server-approval",
      title: "codex app-server: two commands that need approval, one accepted and one declined",
      what:
        "The model asks to run two commands outside the sandbox (`sandbox_permissions: require_escalated`). Each arrives as a server request `item/commandExecution/requestApproval` (with its own server-side id); the driver answers the first with `accept` and the second with `decline`; `serverRequest/resolved` follows each answer. The declined command's item ends with status `declined`.",
      how:
        "thread/start (on-request, workspace-write), turn/start, answer the two approval requests as they come, wait for turn/completed, close stdin.",
      mockScript:
        "request 1: `exec_command` `touch approved.txt` with `sandbox_permissions: require_escalated`; request 2: `exec_command` `touch denied.txt` escalated the same way; request 3: message `One file created, one refused.`",
      run,
      exit,
      timing: true,
      rollouts: [],
      args: ["app-server"],
      retries: null,
    };
  },

  /** A turn steered while its command runs, then a stalled turn interrupted. */
  async "app-server-steer-interrupt"() {
    const world = await createWorld((request) => {
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
    }, null);
    const run = await appServer(world);
    const threadId = await startThread(run, 1, {
      cwd: world.project,
      approvalPolicy: "never",
      sandbox: "danger-full-access",
    });
    const first = await startTurn(run, 2, threadId, "Sleep a little.");
    await run.waitFor(
      "the command began",
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
    await run.waitFor("turn 1 completed", (lines) => turnCompleted(lines, first));
    const second = await startTurn(run, 4, threadId, "Now stall please.");
    await world.mock.waitForRequests(world.mock.requests.length + 1).catch(() => {});
    await run.waitFor(
      "turn 2 is streaming",
      (lines) =>
        lines.some((line) =>
            line.method === "turn/started" &&
            (line.params as { turn?: { id?: string } }).turn?.id === second
          )
          ? true
          : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await run.send({ id: 5, method: "turn/interrupt", params: { threadId, turnId: second } });
    await run.waitFor("turn 2 completed", (lines) => turnCompleted(lines, second));
    const exit = await run.finish();
    const rollout = rolloutFiles(world);
    return {
      world,
      name: "app-server-steer-interrupt",
      title:
        "codex app-server: a turn steered while its command runs, then a stalled turn interrupted",
      what:
        "Turn 1 (id 2) runs `sleep 2; echo slept`; while it runs the driver sends `turn/steer` (id 3) with more input; the next model request carries it and the turn ends `completed` with the steered answer. Turn 2 (id 4) stalls in the model stream; `turn/interrupt` (id 5) ends it with `turn/completed` status `interrupted`.",
      how:
        "thread/start, turn/start, turn/steer once the command item started, wait for turn/completed; turn/start, wait until the mock got the request, turn/interrupt, wait for turn/completed, close stdin.",
      mockScript:
        "a request whose latest user text contains `stall`: headers and `response.created`, then nothing; latest user text `Also say bye.`: message `Steered: Also say bye.`; else after a command output: message; else `exec_command` `sleep 2; echo slept`.",
      run,
      exit,
      timing: true,
      rollouts: rollout.map((path) => ({
        name: "rollout-steer-interrupt",
        path,
        title: "the rollout file of app-server-steer-interrupt",
      })),
      args: ["app-server"],
      retries: null,
    };
  },

  /** The model endpoint fails: retries, then a failed turn. */
  async "app-server-http-500"() {
    const world = await createWorld(() => ({ kind: "http_error", status: 500 }), 1);
    const run = await appServer(world);
    const threadId = await startThread(run, 1, {
      cwd: world.project,
      approvalPolicy: "never",
      sandbox: "danger-full-access",
    });
    const turnId = await startTurn(run, 2, threadId, "Hello?");
    await run.waitFor("turn completed", (lines) => turnCompleted(lines, turnId), 120_000);
    const exit = await run.finish();
    return {
      world,
      name: "app-server-http-500",
      title: "codex app-server: the model endpoint answers HTTP 500; retries, then a failed turn",
      what:
        "Every model request gets HTTP 500. Codex retries (`error` notifications with `willRetry: true`), then gives up: an `error` with `willRetry: false` and `turn/completed` with status `failed` and the error in `turn.error`.",
      how:
        "thread/start, turn/start, wait for turn/completed, close stdin. The provider has `request_max_retries = 1` and `stream_max_retries = 1` to keep the run short.",
      mockScript:
        'every request: HTTP 500 `{"error":{"message":"mock error 500","type":"server_error"}}`.',
      run,
      exit,
      timing: true,
      rollouts: [],
      args: ["app-server"],
      retries: 1,
    };
  },

  /** `codex exec --json`: reasoning, a command and a message. */
  async "exec-shell"() {
    const world = await createWorld((request) => {
      if (request.functionOutputs.length > 0) {
        return {
          kind: "stream",
          items: [{ type: "message", text: "The shell said: hi" }],
          usage: { input: 2750, cachedInput: 2048, output: 95, reasoningOutput: 40 },
        };
      }
      return {
        kind: "stream",
        items: [{ type: "reasoning", summary: ["Plan: run echo"] }, {
          type: "shell",
          command: "echo hi; ls does-not-exist",
        }],
        usage: { input: 2400, output: 90, reasoningOutput: 40 },
      };
    }, null);
    const args = [
      "exec",
      "--json",
      "--skip-git-repo-check",
      "-s",
      "danger-full-access",
      "Say hi with the shell.",
    ];
    const run = new CodexRun(codexPath, { args, cwd: world.project, env: world.env, stdin: false });
    const exit = await run.finish(60_000);
    const rollout = rolloutFiles(world);
    return {
      world,
      name: "exec-shell",
      title: "codex exec --json: reasoning, a failing shell command and a message",
      what:
        "`codex exec --json` prints one JSON event per line on stdout: `thread.started`, `turn.started`, `item.started`/`item.completed` (reasoning, command_execution, agent_message), `turn.completed` with the usage of the whole turn. stderr (two text lines) is in the same file. The command exits 2 (`ls does-not-exist`).",
      how: `\`codex ${
        args.join(" ")
      }\` with stdin closed (\`</dev/null\`), stdout and stderr into the capture.`,
      mockScript:
        "request 1: reasoning `Plan: run echo` + `exec_command` `echo hi; ls does-not-exist` (2400 in / 90 out / 40 reasoning); request 2: message `The shell said: hi` (2750 in, 2048 cached, 95 out, 40 reasoning).",
      run,
      exit,
      timing: true,
      rollouts: rollout.map((path) => ({
        name: "rollout-exec-shell",
        path,
        title: "the rollout file of exec-shell",
      })),
      args,
      retries: null,
    };
  },

  /** `codex exec --json` with a failing model endpoint. */
  async "exec-http-500"() {
    const world = await createWorld(() => ({ kind: "http_error", status: 500 }), 1);
    const args = ["exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access", "Hello?"];
    const run = new CodexRun(codexPath, { args, cwd: world.project, env: world.env, stdin: false });
    const exit = await run.finish(120_000);
    const rollout = rolloutFiles(world);
    return {
      world,
      name: "exec-http-500",
      title: "codex exec --json: the model endpoint answers HTTP 500; retries, then turn.failed",
      what:
        "Every model request gets HTTP 500: `error` events for the retries, then `turn.failed` with the error; codex exits 1.",
      how: `\`codex ${
        args.join(" ")
      }\` with stdin closed; provider \`request_max_retries = 1\`, \`stream_max_retries = 1\`.`,
      mockScript: "every request: HTTP 500.",
      run,
      exit,
      timing: true,
      rollouts: rollout.map((path) => ({
        name: "rollout-http-500",
        path,
        title: "the rollout file of exec-http-500",
      })),
      args,
      retries: 1,
    };
  },
};

let codexPath = codexBinaryPath(VERSION);

function neutral(text: string, world: World): string {
  return text.replaceAll(world.root, DEMO_ROOT);
}

function lineKind(bytes: Uint8Array): { json: boolean; kind: string } {
  try {
    const value = JSON.parse(decoder.decode(bytes));
    if (typeof value !== "object" || value === null) return { json: true, kind: "other" };
    if (typeof value.method === "string") {
      return { json: true, kind: `${"id" in value ? "request" : "method"}:${value.method}` };
    }
    if ("id" in value) {
      return { json: true, kind: "error" in value ? "error-response" : "response" };
    }
    if (typeof value.type === "string") return { json: true, kind: `type:${value.type}` };
    return { json: true, kind: "other" };
  } catch {
    return { json: false, kind: "text" };
  }
}

function kindTable(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [
    "| kind | count |",
    "| --- | --- |",
    ...[...counts].map(([kind, count]) => `| ${kind} | ${count} |`),
  ].join("\n");
}

function summariseRequest(request: RecordedRequest): Record<string, unknown> {
  return {
    n: request.index,
    method: request.method,
    url: request.path,
    tools: request.tools,
    userTexts: request.userTexts,
    functionOutputs: request.functionOutputs,
  };
}

async function save(capture: Capture & { world: World }, outDir: string): Promise<void> {
  const world = capture.world;
  const base = join(outDir, capture.name);
  const texts = capture.run.lines.map((line) => neutral(decoder.decode(line.bytes), world));
  await Deno.writeTextFile(`${base}.jsonl`, texts.map((line) => line + "\n").join(""));
  const kinds = capture.run.lines.map((line) => lineKind(line.bytes));
  if (capture.timing) {
    await Deno.writeTextFile(
      `${base}.timing.jsonl`,
      capture.run.lines.map((line, index) =>
        JSON.stringify({
          line: index + 1,
          ms: line.ms,
          bytes: new TextEncoder().encode(texts[index]).length,
          json: kinds[index]?.json,
          kind: kinds[index]?.kind,
        }) + "\n"
      ).join(""),
    );
  }
  await Deno.writeTextFile(
    `${base}.mock-requests.jsonl`,
    world.mock.requests.map((request) =>
      neutral(JSON.stringify(summariseRequest(request)), world) + "\n"
    ).join(""),
  );
  const size = texts.reduce((sum, line) => sum + new TextEncoder().encode(line).length + 1, 0);
  const rolloutNote = capture.rollouts.length === 0
    ? ""
    : `\nRollout file${
      capture.rollouts.length > 1 ? "s" : ""
    } this run left in \`CODEX_HOME/sessions/\`: ${
      capture.rollouts.map((rollout) => `\`${rollout.name}.jsonl\``).join(", ")
    } (see its own \`.md\`).\n`;
  const md = `# ${capture.name} — ${capture.title} (codex ${VERSION})

Capture file: \`${capture.name}.jsonl\` (${texts.length} lines, ${size} bytes).${
    capture.timing
      ? ` Per-line arrival times (ms after spawn): \`${capture.name}.timing.jsonl\`.`
      : ""
  }
What codex sent to the mock model server (summarised): \`${capture.name}.mock-requests.jsonl\`.
${rolloutNote}
## What it shows

${capture.what}

## How it was produced

- Made by \`deno run --allow-all scripts/capture_0169.ts ${capture.name}\`.
- codex: \`npm install @openai/codex@${VERSION}\`, run as \`codex ${
    capture.args.join(" ")
  }\` with stdout and stderr both captured line by line into the capture file (same as \`> ${capture.name}.jsonl 2>&1\`).
- ${capture.how}
- Environment: a fresh temporary folder R with \`HOME=R\`, \`CODEX_HOME=R/.codex\`, working dir \`R/project\`, \`MOCK_API_KEY\` set to a dummy value; every occurrence of R in the capture was then replaced by \`${DEMO_ROOT}\`.
- \`CODEX_HOME/config.toml\` (the port is chosen at run time):

\`\`\`toml
model = "${MODEL}"
model_provider = "mock"

[model_providers.mock]
name = "mock"
base_url = "http://127.0.0.1:PORT/v1"
env_key = "MOCK_API_KEY"
wire_api = "responses"${
    capture.retries === null
      ? ""
      : `\nrequest_max_retries = ${capture.retries}\nstream_max_retries = ${capture.retries}`
  }
\`\`\`

- Mock script: ${capture.mockScript}
${
    capture.run.stdin.length === 0 ? "" : `- Lines written to codex's stdin (ms after spawn):

\`\`\`
${capture.run.stdin.map((line) => neutral(line, world)).join("\n")}
\`\`\`
`
  }
- End of run: codex exited (code ${capture.exit.code}, signal ${capture.exit.signal}) ${capture.exit.ms} ms after spawn.

## Line kinds in the capture

${kindTable(kinds.map((kind) => kind.kind))}
`;
  await Deno.writeTextFile(`${base}.md`, md);
  for (const rollout of capture.rollouts) {
    const text = neutral(await Deno.readTextFile(rollout.path), world);
    const lines = text.split("\n").filter((line) => line !== "");
    const types = lines.map((line) => {
      try {
        const value = JSON.parse(line);
        const inner = typeof value.payload?.type === "string" ? `:${value.payload.type}` : "";
        return `${value.type}${inner}`;
      } catch {
        return "text";
      }
    });
    await Deno.writeTextFile(join(outDir, `${rollout.name}.jsonl`), text);
    await Deno.writeTextFile(
      join(outDir, `${rollout.name}.md`),
      `# ${rollout.name} — ${rollout.title} (codex ${VERSION})

Capture file: \`${rollout.name}.jsonl\` (${lines.length} lines, ${
        new TextEncoder().encode(text).length
      } bytes).
No \`.timing.jsonl\`: every line carries its own \`timestamp\` (RFC 3339, ms precision).

## How it was produced

The rollout file Codex wrote to \`CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl\` during the run of \`${capture.name}\` (see \`${capture.name}.md\`: same mock, same config), copied as it is after Codex exited, with the temporary folder replaced by \`${DEMO_ROOT}\`.
Original name: \`${
        neutral(rollout.path, world).slice(neutral(rollout.path, world).indexOf("sessions/"))
      }\`.

## Line kinds (\`type\`, \`:payload.type\` where it has one)

${kindTable(types)}
`,
    );
  }
}

if (import.meta.main) {
  const args = [...Deno.args];
  let outDir = "fixtures/codex-0.169.0";
  const names: string[] = [];
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === "--codex") codexPath = args.shift() ?? codexPath;
    else if (arg === "--out") outDir = args.shift() ?? outDir;
    else names.push(arg);
  }
  const chosen = names.length > 0 ? names : Object.keys(SCENARIOS);
  for (const name of chosen) {
    const scenario = SCENARIOS[name];
    if (scenario === undefined) {
      console.error(
        `error: Unknown scenario "${name}": expected ${Object.keys(SCENARIOS).join(", ")}`,
      );
      Deno.exit(2);
    }
    const capture = await scenario();
    try {
      await save(capture, outDir);
      console.error(`${name}: ${capture.run.lines.length} lines, exit ${capture.exit.code}`);
    } finally {
      await capture.world.mock.close();
      await Deno.remove(capture.world.root, { recursive: true }).catch(() => {});
    }
  }
}
