/**
 * The Analyzer's `keepFinished` and `listFinished`: few finished requests in memory, totals
 * over all of them, and the latest finished ones listed from their final records.
 */

import assert from "node:assert/strict";
import type { RequestRecord } from "../../../src/core/model/types.ts";
import { requestTotals } from "../../../src/core/request/request_totals.ts";
import { analyzeBytes, CAPTURES, readFixture } from "./_analyze.ts";

/** Several captures one after another: many finished requests, ids reused across them. */
function concatenated(): Uint8Array {
  const parts = CAPTURES.map(readFixture);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
    if (part[part.length - 1] !== 0x0a) bytes[at++] = 0x0a;
  }
  return bytes.subarray(0, at);
}

for (const detail of ["summary", "full"] as const) {
  Deno.test(`Analyzer with keepFinished lists few requests but totals all of them (${detail})`, () => {
    const bytes = concatenated();
    const all = analyzeBytes(bytes, { detail }).analysis;
    const released: RequestRecord[] = [];
    const bounded = analyzeBytes(bytes, {
      detail,
      keepFinished: 2,
      onRequestDone: (record) => released.push(record),
    }).analysis;
    assert.ok(all.requests.length > 20, "the fixture has many requests");
    // Requests without a result line stay listed (they never finished), the others go.
    assert.ok(bounded.requests.length < all.requests.length / 2, `kept ${bounded.requests.length}`);
    assert.equal(bounded.omittedRequests?.count, released.length);
    assert.equal(released.length + bounded.requests.length, all.requests.length);
    assert.deepEqual(bounded.totals, requestTotals(all.requests));
    // Every request appears once, released or kept, with the same state and tokens.
    const facts = (records: RequestRecord[]) =>
      records.map((record) => [record.key, record.state, record.tokens, record.threadId])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(facts([...released, ...bounded.requests]), facts(all.requests));
  });
}

Deno.test("Analyzer without keepFinished lists every request and sets no omitted counts", () => {
  const { analysis } = analyzeBytes(concatenated());
  assert.equal(analysis.omittedRequests, undefined);
  assert.equal(analysis.totals, undefined);
});

for (const detail of ["summary", "full"] as const) {
  Deno.test(`Analyzer with listFinished lists what keeping that many finished requests lists (${detail})`, () => {
    const bytes = concatenated();
    for (const listed of [1, 5, 12, 1000]) {
      const kept = analyzeBytes(bytes, { detail, keepFinished: listed }).analysis;
      const released: RequestRecord[] = [];
      const fromRecords = analyzeBytes(bytes, {
        detail,
        keepFinished: 1,
        listFinished: listed,
        onRequestDone: (record) => released.push(record),
      }).analysis;
      // All but the one finished request held are listed from the records handed out.
      const fromReleased = fromRecords.requests.filter((record) => released.includes(record));
      assert.equal(fromReleased.length, Math.min(listed - 1, released.length));
      // The same records in the same order, the same omitted counts and the same totals.
      assert.deepEqual(fromRecords.requests, kept.requests, `listFinished ${listed}`);
      assert.deepEqual(fromRecords.omittedRequests, kept.omittedRequests);
      assert.deepEqual(fromRecords.totals, kept.totals);
    }
  });
}

Deno.test("Analyzer lists finished requests from records in order of first line", () => {
  const bytes = concatenated();
  const { analysis } = analyzeBytes(bytes, { keepFinished: 1, listFinished: 20 });
  const firstLines = analysis.requests.map((record) => record.firstLine);
  assert.deepEqual(firstLines, [...firstLines].sort((a, b) => a - b));
  assert.ok(new Set(firstLines).size === firstLines.length, "one request per first line");
  const all = analyzeBytes(bytes).analysis;
  assert.ok(analysis.requests.length < all.requests.length);
  assert.equal(analysis.omittedRequests?.count, all.requests.length - analysis.requests.length);
});
