import assert from "node:assert/strict";
import { PendingParts } from "../../../src/core/request/pending_parts.ts";

const at = (line: number, itemId: string | null = null, index: number | null = null) => ({
  itemId,
  index,
  line,
  time: null,
  type: "delta",
});

Deno.test("PendingParts appends deltas without ids to the newest part", () => {
  const parts = new PendingParts(100);
  parts.start(at(1));
  parts.append("a", at(2));
  parts.append("b", at(3));
  parts.start(at(4));
  parts.append("c", at(5));
  assert.deepEqual(parts.drain().map((part) => [part.text, part.line]), [["ab", 1], ["c", 4]]);
});

Deno.test("PendingParts drops the oldest part when its full text arrives", () => {
  const parts = new PendingParts(100);
  parts.start(at(1));
  parts.append("first", at(2));
  parts.start(at(3));
  parts.append("second", at(4));
  parts.dropOldest();
  assert.deepEqual(parts.drain().map((part) => part.text), ["second"]);
});

Deno.test("PendingParts matches deltas by item id and summary index", () => {
  const parts = new PendingParts(100);
  parts.start(at(1, "rs_1", 0));
  parts.start(at(2, "rs_1", 1));
  parts.append("one", at(3, "rs_1", 0));
  parts.append("two", at(4, "rs_1", 1));
  assert.deepEqual(parts.drain().map((part) => part.text), ["one", "two"]);
});

Deno.test("PendingParts takes the complete texts of an item that finished", () => {
  const parts = new PendingParts(100);
  parts.start(at(1, "rs_1", 0));
  parts.append("Hal", at(2, "rs_1", 0));
  parts.complete("rs_1", ["Half done", "Second part"], at(3, "rs_1"));
  assert.ok(parts.knowsItem("rs_1"));
  assert.ok(!parts.knowsItem("rs_2"));
  assert.deepEqual(parts.drain().map((part) => part.text), ["Half done", "Second part"]);
});

Deno.test("PendingParts skips empty parts (stream restarts) and caps the text", () => {
  const parts = new PendingParts(5);
  parts.start(at(1));
  parts.start(at(2));
  parts.append("0123456789", at(3));
  assert.deepEqual(parts.drain().map((part) => part.text), ["0123…"]);
});
