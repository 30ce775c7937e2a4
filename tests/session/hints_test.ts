import assert from "node:assert/strict";
import { SessionHintError } from "../../src/session/hints.ts";
import { mcpHintCommand } from "../../src/mcp/tool.ts";

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
