import assert from "node:assert/strict";
import { parseCaptureArgs } from "../../scripts/capture.ts";
import { lineKind, rawLineKind, rolloutKind } from "../../scripts/capture/line_kind.ts";
import { helpCommands, scenariosOf, surfacesOf } from "../../scripts/capture/surfaces.ts";
import { captureNames } from "../../scripts/drift/captures.ts";
import { UsageError } from "../../src/core/errors.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url);

/** The `Commands:` section of `codex --help` of 0.153.4, shortened. */
const HELP_0153 = `Codex CLI

Usage: codex [OPTIONS] [PROMPT]

Commands:
  exec              Run Codex non-interactively [aliases: e]
  mcp-server        Start Codex as an MCP server (stdio)
  app-server        [experimental] Run the app server or related tooling
  apply             Apply the latest diff produced by Codex agent as a \`git apply\` to your local
                    working tree [aliases: a]

Arguments:
  [PROMPT]
          Optional user prompt to start the session
`;

Deno.test("helpCommands reads the subcommands of codex --help and skips wrapped lines", () => {
  assert.deepEqual(helpCommands(HELP_0153), ["exec", "mcp-server", "app-server", "apply"]);
});

Deno.test("a release with mcp-server is captured through it, a later one through app-server and exec", () => {
  assert.deepEqual(surfacesOf(["exec", "mcp-server", "app-server"]), ["mcp-server"]);
  assert.deepEqual(surfacesOf(["exec", "app-server"]), ["app-server", "exec-json", "rollout"]);
  assert.deepEqual(surfacesOf(["exec", "login"]), []);
});

Deno.test("every app-server and exec scenario has its captures in the pinned 0.169.0 and 0.171.0 fixtures", async () => {
  const scenarios = scenariosOf(["app-server", "exec-json", "rollout"]);
  const names = new Set(scenarios.map((scenario) => scenario.name));
  assert.equal(names.size, scenarios.length, "scenario names are unique");
  const expected = scenarios.flatMap((scenario) => [
    `${scenario.name}.jsonl`,
    ...(scenario.rollout ? [`${scenario.rollout.name}.jsonl`] : []),
  ]).sort();
  for (const version of ["0.169.0", "0.171.0"]) {
    const dir = new URL(`codex-${version}/`, FIXTURES).pathname;
    assert.deepEqual(await captureNames(dir), expected, version);
  }
});

Deno.test("the timing files of the 0.171.0 captures name each line with the capture's line kinds", async () => {
  const dir = new URL("codex-0.171.0/", FIXTURES);
  const lines = (await Deno.readTextFile(new URL("app-server-approval.jsonl", dir))).split("\n");
  lines.pop();
  const timing = (await Deno.readTextFile(new URL("app-server-approval.timing.jsonl", dir)))
    .trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(timing.map((entry) => entry.kind), lines.map((line) => rawLineKind(line).kind));
  assert.ok(timing.some((entry) => entry.kind === "request:item/commandExecution/requestApproval"));
  assert.ok(
    !(await Deno.readTextFile(new URL("app-server-approval.jsonl", dir))).includes("/tmp/"),
  );
});

Deno.test("line kinds name mcp-server events, app-server messages, exec events and rollout items", () => {
  const event = { method: "codex/event", params: { msg: { type: "task_complete" } } };
  assert.equal(lineKind(event), "event:task_complete");
  assert.equal(lineKind({ id: 3, method: "item/tool/call", params: {} }), "request:item/tool/call");
  assert.equal(lineKind({ method: "turn/started", params: {} }), "method:turn/started");
  assert.equal(lineKind({ id: 1, error: { code: -32601 } }), "error-response");
  assert.equal(lineKind({ type: "turn.completed" }), "type:turn.completed");
  assert.equal(
    rolloutKind({ type: "event_msg", payload: { type: "task_started" } }),
    "event_msg:task_started",
  );
  assert.equal(rolloutKind({ type: "session_meta", payload: {} }), "session_meta");
  assert.deepEqual(rawLineKind("WARNING: no bubblewrap"), { json: false, kind: "text" });
});

Deno.test("capture takes VERSION, options and scenarios, and rejects a bad version, port or timeout", () => {
  assert.deepEqual(parseCaptureArgs(["0.171.0"]), {
    version: "0.171.0",
    out: "fixtures/codex-0.171.0",
    model: null,
    port: 0,
    timeout: 180,
    names: [],
  });
  assert.deepEqual(
    parseCaptureArgs(["0.171.0", "--out", "/tmp/x", "--port", "4000", "--timeout", "30", "x"]),
    {
      version: "0.171.0",
      out: "/tmp/x",
      model: null,
      port: 4000,
      timeout: 30,
      names: ["x"],
    },
  );
  assert.throws(() => parseCaptureArgs(["latest"]), UsageError);
  assert.throws(() => parseCaptureArgs(["0.171.0", "--port", "70000"]), UsageError);
  assert.throws(() => parseCaptureArgs(["0.171.0", "--timeout", "0"]), UsageError);
  assert.throws(() => parseCaptureArgs([]), UsageError);
});
