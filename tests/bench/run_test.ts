import assert from "node:assert/strict";
import { SCRIPT_TOOL_NAME, TOOLS, toolsFor } from "../../bench/run.ts";

Deno.test("without a script the benchmark runs its own tools only", () => {
  assert.deepEqual(toolsFor(undefined), TOOLS);
  assert.ok(!TOOLS.some((tool) => tool.name === SCRIPT_TOOL_NAME));
});

Deno.test("a given parse-codex-output.py runs after the python3 baseline, in its default view", () => {
  const tools = toolsFor("/home/me/parse-codex-output.py");
  const names = tools.map((tool) => tool.name);
  const python = names.findIndex((name) => name.startsWith("python3"));
  assert.equal(names[python + 1], SCRIPT_TOOL_NAME);
  assert.deepEqual(tools[python + 1]?.command, [
    "python3",
    "/home/me/parse-codex-output.py",
    "FILE",
    "--no-color",
  ]);
  assert.equal(tools[python + 1]?.codexmon, false);
  assert.deepEqual(tools.filter((tool) => tool.name !== SCRIPT_TOOL_NAME), TOOLS);
});
