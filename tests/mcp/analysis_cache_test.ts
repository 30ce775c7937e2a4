import assert from "node:assert/strict";
import { AnalysisCache } from "../../src/mcp/analysis_cache.ts";
import { writeMeta } from "../../src/session/metadata.ts";
import { deadSession } from "../support/dead_session.ts";

const FIXTURE = "fixtures/codex-0.153.4/interleaved.jsonl";

Deno.test("AnalysisCache reads only new output and never feeds a line twice", async () => {
  const lines = (await Deno.readTextFile(FIXTURE)).split("\n").filter((line) => line !== "");
  const half = Math.floor(lines.length / 2);
  const { stateDir, paths } = await deadSession(1_000);
  try {
    await Deno.writeTextFile(paths.output, lines.slice(0, half).join("\n") + "\n");
    const cache = new AnalysisCache();
    const first = await cache.read(paths);
    assert.equal(first.alive, false);
    assert.equal(first.analysis.lines.total, half);
    await Deno.writeTextFile(paths.output, lines.slice(half).join("\n") + "\n", { append: true });
    const [a, b] = await Promise.all([cache.read(paths), cache.read(paths)]);
    assert.equal(a.analysis.lines.total, lines.length);
    assert.equal(b.analysis.lines.total, lines.length);
    const fresh = await new AnalysisCache().read(paths);
    assert.deepEqual(
      b.analysis.requests.map((request) => [request.key, request.state]),
      fresh.analysis.requests.map((request) => [request.key, request.state]),
    );
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("AnalysisCache starts over for a new run of the session", async () => {
  const { stateDir, paths } = await deadSession(1_000);
  try {
    await Deno.copyFile(FIXTURE, paths.output);
    const cache = new AnalysisCache();
    const before = await cache.read(paths);
    assert.ok(before.analysis.lines.total > 1);
    const meta = JSON.parse(await Deno.readTextFile(paths.meta));
    await writeMeta(paths, { ...meta, createdAt: 2_000 });
    await Deno.writeTextFile(
      paths.output,
      (await Deno.readTextFile(FIXTURE)).split("\n")[0] + "\n",
    );
    const after = await cache.read(paths);
    assert.equal(after.analysis.lines.total, 1);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("AnalysisCache hands codex_wait the follower that has read the output", async () => {
  const { stateDir, paths } = await deadSession(1_000);
  try {
    await Deno.copyFile(FIXTURE, paths.output);
    const cache = new AnalysisCache();
    const { analysis } = await cache.read(paths);
    const follower = await cache.follower(paths);
    assert.equal(follower.lines, analysis.lines.total);
    assert.equal(await follower.poll({ final: true }), 0);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});
