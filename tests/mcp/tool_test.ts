import assert from "node:assert/strict";
import { toolError } from "../../src/mcp/tool.ts";
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
