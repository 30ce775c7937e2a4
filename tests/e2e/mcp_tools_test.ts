/**
 * `codexmon mcp` over stdio with the MCP SDK's own client, without Codex: the tool list and
 * its input schemas, and bad input answered with tool errors while the server keeps serving.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  callTool,
  connectMcp,
  type ConnectOptions,
  isRunning,
  type McpConnection,
} from "../support/mcp_harness.ts";
import { buildBundle } from "../support/bundle.ts";
import { SessionHarness } from "../support/session_harness.ts";

const TOOLS = [
  "codex_approve",
  "codex_cancel",
  "codex_deny",
  "codex_digest",
  "codex_send",
  "codex_sessions",
  "codex_start",
  "codex_status",
  "codex_steer",
  "codex_stop",
  "codex_wait",
];

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema & { maximum?: number; enum?: string[] }>;
  required?: string[];
  anyOf?: JsonSchema[];
}

async function withServer(
  run: (connection: McpConnection, harness: SessionHarness) => Promise<void>,
  options: ConnectOptions = {},
): Promise<void> {
  const harness = await SessionHarness.create({
    codex: "codex",
    respond: () => ({ kind: "stall" }),
  });
  const connection = await connectMcp(harness, options);
  try {
    await run(connection, harness);
  } finally {
    await connection.client.close();
    await harness.cleanup();
  }
}

Deno.test("mcp lists every tool with a JSON schema for its input", async () => {
  await withServer(async (connection) => {
    assert.equal(connection.client.getServerVersion()?.name, "codexmon");
    assert.match(connection.client.getInstructions() ?? "", /codex_wait \(at most 50 s per call/);
    const { tools } = await connection.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
    const schemas = new Map<string, JsonSchema>(
      tools.map((tool) => [tool.name, tool.inputSchema as JsonSchema]),
    );
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, "object", tool.name);
      assert.ok((tool.description ?? "").length > 20, `${tool.name} has a description`);
    }
    const wait = schemas.get("codex_wait");
    assert.deepEqual(wait?.required, ["request"]);
    assert.equal(wait?.properties?.timeout_seconds?.maximum, 50);
    assert.deepEqual(
      wait?.properties?.request?.anyOf?.map((option) => option.type),
      ["integer", "string"],
    );
    assert.deepEqual(schemas.get("codex_send")?.required, ["prompt"]);
    const start = schemas.get("codex_start");
    assert.equal(start?.properties?.keep?.type, "boolean");
    assert.deepEqual(start?.properties?.backend?.enum, ["mcp-server", "app-server"]);
    assert.equal(start?.required, undefined);
    assert.equal(schemas.get("codex_digest")?.properties?.max_chars?.type, "integer");
    assert.deepEqual(schemas.get("codex_steer")?.required, ["request", "prompt"]);
  });
});

Deno.test("mcp answers bad input with tool errors and keeps serving", async () => {
  await withServer(async (connection) => {
    const wrongType = await callTool(connection, "codex_wait", { request: true });
    assert.equal(wrongType.isError, true);
    assert.match(wrongType.text, /Invalid arguments for tool codex_wait/);
    const tooLong = await callTool(connection, "codex_wait", { request: 1, timeout_seconds: 600 });
    assert.equal(tooLong.isError, true);
    assert.match(tooLong.text, /timeout_seconds/);
    const missing = await callTool(connection, "codex_send", { session: "missing", prompt: "x" });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Cannot find session "missing"/);
    const badName = await callTool(connection, "codex_stop", { session: "../etc" });
    assert.equal(badName.isError, true);
    assert.match(badName.text, /^Invalid session name "\.\.\/etc"/);
    const noPrompt = await callTool(connection, "codex_send", { prompt: "" });
    assert.equal(noPrompt.isError, true);
    const unknown = await callTool(connection, "codex_nothing", {});
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /Tool codex_nothing not found/);
    const sessions = await callTool(connection, "codex_sessions", {});
    assert.equal(sessions.isError, false);
    assert.deepEqual(sessions.data.sessions, []);
    assert.ok(isRunning(connection.pid), "the server still runs");
  });
});

Deno.test("mcp names an unreadable session record instead of failing the whole status", async () => {
  await withServer(async (connection, harness) => {
    await Deno.mkdir(join(harness.stateDir, "broken"), { recursive: true });
    await Deno.writeTextFile(join(harness.stateDir, "broken", "session.json"), "{ torn");
    const status = await callTool(connection, "codex_status", {});
    assert.equal(status.isError, false, status.text);
    assert.deepEqual(status.data.sessions, []);
    assert.deepEqual(status.data.broken.map((entry: { session: string }) => entry.session), [
      "broken",
    ]);
    assert.match(status.text, /^session "broken": cannot read: /);
    const sessions = await callTool(connection, "codex_sessions", {});
    assert.equal(sessions.data.sessions[0].state, "unreadable");
    const one = await callTool(connection, "codex_status", { session: "broken" });
    assert.equal(one.isError, true);
    assert.match(one.text, /broken\/session\.json/);
  });
});

Deno.test("the bundle serves MCP from its own file with the permissions of its shebang", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundle = `${dir}/codexmon.js`;
    await buildBundle(bundle);
    await withServer(async (connection) => {
      const { tools } = await connection.client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOLS);
      const sessions = await callTool(connection, "codex_sessions", {});
      assert.equal(sessions.isError, false, sessions.text);
    }, { entry: bundle });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
