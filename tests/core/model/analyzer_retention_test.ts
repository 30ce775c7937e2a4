/** The Analyzer's `keepFinished`: few finished records in memory, totals over all of them. */

import assert from "node:assert/strict";
import type { RequestRecord } from "../../../src/core/model/types.ts";
import { requestTotals } from "../../../src/core/model/request_totals.ts";
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
