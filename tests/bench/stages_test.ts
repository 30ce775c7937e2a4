import assert from "node:assert/strict";
import { runStage } from "../../bench/stages.ts";
import { analyzeFile } from "../../src/io/analyze_file.ts";

const CAPTURES = [
  "codex-0.47.0/interleaved.jsonl",
  "codex-0.153.4/interleaved.jsonl",
  "codex-0.153.4/http-500.jsonl",
].map((name) => new URL(`../../fixtures/${name}`, import.meta.url).pathname);

Deno.test("the benchmark stages count the lines and events codexmon parse counts", async () => {
  for (const path of CAPTURES) {
    const { analysis } = await analyzeFile(path, { arrivalTimes: false });
    const events = Object.values(analysis.eventCounts).reduce((sum, count) => sum + count, 0);
    const split = await runStage("split", path);
    assert.deepEqual(
      split,
      { lines: analysis.lines.total, events: 0, types: 0, complete: 0 },
      path,
    );
    const headers = await runStage("headers", path);
    assert.deepEqual(
      headers,
      {
        lines: analysis.lines.total,
        events,
        types: Object.keys(analysis.eventCounts).length,
        // The captures hold no torn event line: every one is complete JSON.
        complete: events,
      },
      path,
    );
  }
});

Deno.test("the --json stages hand on every request and build the objects --json prints", async () => {
  for (const path of CAPTURES) {
    const { analysis } = await analyzeFile(path, { arrivalTimes: false, detail: "full" });
    const events = Object.values(analysis.eventCounts).reduce((sum, count) => sum + count, 0);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", "main.ts", "parse", path, "--json"],
      cwd: new URL("../../", import.meta.url).pathname,
      stdout: "piped",
    }).output();
    const requestLines = new TextDecoder().decode(output.stdout).split("\n")
      .filter((line) => line.startsWith('{"type":"request"'));
    const full = await runStage("full", path);
    assert.equal(full.events, events, path);
    assert.equal(full.requests, requestLines.length, path);
    assert.equal(full.characters, 0, path);
    const objects = await runStage("objects", path);
    assert.equal(objects.requests, requestLines.length, path);
    const printed = requestLines.reduce((sum, line) => sum + line.length, 0);
    assert.equal(objects.characters, printed, path);
  }
});

Deno.test("stages.ts rejects an unknown stage with a usage error", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "bench/stages.ts", "parse", CAPTURES[0]!],
    cwd: new URL("../../", import.meta.url).pathname,
    stderr: "piped",
  }).output();
  assert.equal(output.code, 2);
  assert.match(
    new TextDecoder().decode(output.stderr),
    /^error: Cannot read the arguments: expected split\|headers\|full\|objects FILE/,
  );
});
