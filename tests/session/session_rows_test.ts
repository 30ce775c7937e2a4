import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_PRICE_TABLE } from "../../src/core/pricing/mod.ts";
import { OUTPUT_TAIL_BYTES, WHOLE_OUTPUT_BYTES } from "../../src/session/output_facts.ts";
import { codexmonSessionRows } from "../../src/session/session_rows.ts";
import { endedSession } from "../support/dead_session.ts";

const PROJECT = "/home/demo/project";

async function withStateDir(run: (stateDir: string) => Promise<void>): Promise<void> {
  const stateDir = await Deno.makeTempDir();
  try {
    await run(stateDir);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
}

Deno.test("codexmon session rows carry the record's cwd and the output's model, tokens and turns", async () => {
  await withStateDir(async (stateDir) => {
    await endedSession(stateDir, "review", {
      output: await Deno.readFile("fixtures/codex-0.153.4/simple.jsonl"),
      backend: "mcp-server",
      codexVersion: "0.153.4",
      cwd: PROJECT,
    });
    await endedSession(stateDir, "multi", {
      output: await Deno.readFile("fixtures/codex-0.169.0/app-server-multi-turn.jsonl"),
      backend: "app-server",
      codexVersion: "0.169.0",
      cwd: PROJECT,
    });
    const rows = await codexmonSessionRows(stateDir, { prices: DEFAULT_PRICE_TABLE });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const review = byId.get("review")!;
    assert.equal(review.state, "done");
    assert.equal(review.cwd, PROJECT);
    assert.equal(review.model, "gpt-5.2");
    assert.equal(review.tokens?.total, 2490);
    assert.equal(review.turns, 1);
    assert.equal(review.turnsExact, true);
    assert.ok(review.cost !== null && review.cost > 0, "gpt-5.2 has a price");
    const multi = byId.get("multi")!;
    assert.equal(multi.cwd, PROJECT);
    assert.equal(multi.model, "gpt-5.5");
    assert.equal(multi.tokens?.total, 8455);
    assert.equal(multi.turns, 2);
  });
});

Deno.test("a big codexmon output is read only at its tail, and its turns are a lower bound", async () => {
  await withStateDir(async (stateDir) => {
    const capture = await Deno.readFile("fixtures/codex-0.153.4/simple.jsonl");
    assert.ok(capture.length < OUTPUT_TAIL_BYTES, "the capture fits in the tail block");
    // stderr noise before the capture pushes the output past the whole-file size
    const noise = new TextEncoder().encode("stderr noise line\n".repeat(WHOLE_OUTPUT_BYTES / 16));
    const output = new Uint8Array(noise.length + capture.length);
    output.set(noise);
    output.set(capture, noise.length);
    await endedSession(stateDir, "big", {
      output,
      backend: "mcp-server",
      codexVersion: "0.153.4",
      cwd: PROJECT,
    });
    const [row] = await codexmonSessionRows(stateDir, { prices: DEFAULT_PRICE_TABLE });
    assert.equal(row!.size, output.length);
    assert.equal(row!.model, "gpt-5.2");
    assert.equal(row!.tokens?.total, 2490);
    assert.equal(row!.turns, 1);
    assert.equal(row!.turnsExact, false);
  });
});

Deno.test("a codexmon session whose record cannot be read is unreadable, with the reason", async () => {
  await withStateDir(async (stateDir) => {
    await Deno.mkdir(join(stateDir, "broken"), { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(join(stateDir, "broken", "session.json"), "{ torn", { mode: 0o600 });
    const [row] = await codexmonSessionRows(stateDir, { prices: DEFAULT_PRICE_TABLE });
    assert.equal(row!.id, "broken");
    assert.equal(row!.kind, "codexmon");
    assert.equal(row!.state, "unreadable");
    assert.match(row!.problem ?? "", /Cannot read session record .*broken\/session\.json/);
  });
});
