import assert from "node:assert/strict";
import {
  addHeadLine,
  addTailLine,
  emptyHead,
  emptyTail,
  type HeadFacts,
  type TailFacts,
} from "../../../src/core/usage/rollout_facts.ts";
import { summarizeRollout } from "../../../src/core/usage/session_summary.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../../../src/core/pricing/price_table.ts";

const CAPTURES = new URL("../../../fixtures/codex-0.169.0/", import.meta.url);

async function lines(name: string): Promise<unknown[]> {
  const text = await Deno.readTextFile(new URL(name, CAPTURES));
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

async function facts(name: string): Promise<{ head: HeadFacts; tail: TailFacts }> {
  const all = await lines(name);
  const head = emptyHead();
  all.forEach((line, index) => addHeadLine(head, line, index));
  const tail = emptyTail();
  for (const line of all.toReversed()) if (addTailLine(tail, line)) break;
  return { head, tail };
}

function summary(
  found: { head: HeadFacts; tail: TailFacts },
  live = false,
  prices: PriceTable = DEFAULT_PRICE_TABLE,
) {
  return summarizeRollout(found, {
    path: "x.jsonl",
    size: 1,
    mtime: null,
    live,
    wholeFile: true,
    prices,
  });
}

Deno.test("the head of a 0.169.0 rollout gives id, start, cwd, version, source, model and the typed prompt", async () => {
  const { head } = await facts("rollout-multi-turn.jsonl");
  assert.equal(head.isRollout, true);
  assert.equal(head.id, "01a20db7-7d9a-7eb1-8a4f-9310b44771ec");
  assert.equal(head.startedAt, Date.parse("2026-11-24T13:20:58.782Z"));
  assert.equal(head.cwd, "/home/demo/project");
  assert.equal(head.cliVersion, "0.169.0");
  assert.equal(head.source, "vscode");
  assert.equal(head.model, "gpt-5.5");
  // The injected <environment_context> user message is skipped.
  assert.equal(head.firstPrompt, "Say hi with the shell.");
  assert.equal(head.turns, 2);
});

Deno.test("the tail gives the last cumulative token count, not a sum of token counts", async () => {
  const { tail } = await facts("rollout-multi-turn.jsonl");
  assert.deepEqual(tail.totals, {
    input: 8250,
    cachedInput: 4096,
    output: 205,
    reasoningOutput: 80,
    total: 8455,
  });
  assert.equal(tail.lastRequest?.total, 3120);
  assert.equal(tail.contextWindow, 258400);
  assert.equal(tail.lastTurn, "completed");
  assert.equal(tail.lastActivity, Date.parse("2026-11-24T13:20:59.019Z"));
});

Deno.test("a session whose last turn was interrupted repeats its token count once and counts it once", async () => {
  const found = await facts("rollout-steer-interrupt.jsonl");
  assert.equal(found.tail.lastTurn, "interrupted");
  assert.equal(found.tail.totals?.input, 2000);
  assert.equal(summary(found).state, "interrupted");
});

Deno.test("a turn that ended with an error makes the session failed, without tokens", async () => {
  const found = await facts("rollout-http-500.jsonl");
  assert.equal(found.tail.lastTurn, "failed");
  assert.equal(found.tail.totals, null);
  const row = summary(found);
  assert.equal(row.state, "failed");
  assert.equal(row.cost, null);
});

Deno.test("a live process makes an ended turn idle and an open turn running", async () => {
  const done = await facts("rollout-exec-shell.jsonl");
  assert.equal(summary(done, true).state, "idle");
  const all = await lines("rollout-multi-turn.jsonl");
  const open = emptyTail();
  // Cut before the first turn's task_complete: the turn is still open.
  for (const line of all.slice(0, 20).toReversed()) if (addTailLine(open, line)) break;
  assert.equal(open.lastTurn, "open");
  assert.equal(summary({ head: done.head, tail: open }, true).state, "running");
  assert.equal(summary({ head: done.head, tail: open }, false).state, "unfinished");
});

Deno.test("an unpriced model gives an unknown cost, never zero", async () => {
  const { "gpt-5.5": _, ...withoutIt } = DEFAULT_PRICE_TABLE;
  const row = summary(await facts("rollout-multi-turn.jsonl"), false, withoutIt);
  assert.equal(row.model, "gpt-5.5");
  assert.notEqual(row.tokens, null);
  assert.equal(row.cost, null);
  assert.ok((summary(await facts("rollout-multi-turn.jsonl")).cost ?? 0) > 0);
});

Deno.test("a first line that is no session_meta marks the file as no rollout", () => {
  const head = emptyHead();
  addHeadLine(head, { hello: "world" }, 0);
  assert.equal(head.isRollout, false);
});
