import assert from "node:assert/strict";
import { mcpHintCommand, toolError } from "../../src/mcp/tool.ts";
import { SessionHintError } from "../../src/session/hints.ts";
import { requireMeta } from "../../src/session/metadata.ts";
import { sessionPaths } from "../../src/session/state_dir.ts";

function textOf(result: ReturnType<typeof toolError>): string {
  const first = result.content[0];
  assert.ok(first && first.type === "text");
  return first.text;
}

Deno.test("A tool error for a missing session names codex_start, not the CLI", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "codexmon-tool-" });
  try {
    const error = await requireMeta(sessionPaths(stateDir, "work")).catch((error) => error);
    assert.ok(error instanceof Error);
    // the CLI keeps its own hint
    assert.match(error.message, /start it with: codexmon session start --name work\)$/);
    const result = toolError(error);
    assert.equal(result.isError, true);
    const text = textOf(result);
    assert.match(text, /^Cannot find session "work": no .*session\.json/);
    assert.match(text, /\(start it with: codex_start \{"session":"work"\}\)$/);
    assert.doesNotMatch(text, /codexmon session/);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("A session hint reads as a CLI command in the message and as a tool for the MCP server", () => {
  const error = new SessionHintError(
    'Cannot start session "w": it is already running (supervisor pid 7)',
    { command: "stop", session: "w" },
  );
  assert.equal(
    error.message,
    'Cannot start session "w": it is already running (supervisor pid 7); stop it first with: codexmon session stop --name w',
  );
  assert.equal(
    error.messageFor(mcpHintCommand),
    'Cannot start session "w": it is already running (supervisor pid 7); stop it first with: codex_stop {"session":"w"}',
  );
});
