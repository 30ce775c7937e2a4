import assert from "node:assert/strict";
import { requestTotals, TotalsAccumulator } from "../../../src/core/request/request_totals.ts";
import { analyzeFixture, CAPTURES } from "../analyze/_analyze.ts";
import { makeRequest } from "../../support/records.ts";

const usage = (total: number) => ({
  input: total - 10,
  cachedInput: 0,
  output: 10,
  reasoningOutput: 0,
  total,
});

Deno.test("requestTotals counts the requests and their states on every capture", () => {
  for (const path of CAPTURES) {
    const { requests } = analyzeFixture(path).analysis;
    const totals = requestTotals(requests);
    assert.equal(totals.requests, requests.length);
    const states = requests.filter((request) => request.state === "completed").length;
    assert.equal(totals.states.completed, states, path);
  }
});

Deno.test("TotalsAccumulator takes each thread's last cumulative usage once, added or listed", () => {
  const first = makeRequest({
    key: "1",
    threadId: "t",
    sessionTokens: usage(100),
    tokens: usage(100),
  });
  const reply = makeRequest({
    key: "2",
    threadId: "t",
    sessionTokens: usage(250),
    tokens: usage(150),
  });
  const alone = makeRequest({ key: "3", threadId: null, state: "failed", tokens: usage(40) });
  const accumulator = new TotalsAccumulator();
  accumulator.add(first);
  const totals = accumulator.totalsWith([reply, alone]);
  assert.deepEqual(totals, requestTotals([first, reply, alone]));
  assert.equal(totals.tokens.total, 290);
  assert.equal(totals.requests, 3);
  assert.equal(totals.states.failed, 1);
  assert.equal(accumulator.count, 1);
});

Deno.test("TotalsAccumulator never lets an older, smaller snapshot replace a thread's usage", () => {
  const accumulator = new TotalsAccumulator({ threadsKept: 1 });
  accumulator.add(makeRequest({ threadId: "a", sessionTokens: usage(500) }));
  accumulator.add(makeRequest({ threadId: "a", sessionTokens: usage(300) }));
  accumulator.add(makeRequest({ threadId: "b", sessionTokens: usage(20) }));
  assert.equal(accumulator.totalsWith([]).tokens.total, 520);
});
