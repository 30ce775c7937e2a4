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
  const parts = new PendingParts("full_texts", 100);
  parts.sectionBreak(at(1));
  parts.delta("reasoning", "a", at(2));
  parts.delta("reasoning", "b", at(3));
  parts.sectionBreak(at(4));
  parts.delta("reasoning", "c", at(5));
  assert.deepEqual(parts.drain().map((part) => [part.text, part.line]), [["ab", 1], ["c", 4]]);
});

Deno.test("PendingParts drops the oldest part of a kind when its full text arrives", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.sectionBreak(at(1));
  parts.delta("reasoning", "first", at(2));
  parts.delta("message", "said", at(3));
  parts.sectionBreak(at(4));
  parts.delta("reasoning", "second", at(5));
  parts.fullTextArrived("reasoning");
  assert.deepEqual(parts.drain().map((part) => part.text), ["second", "said"]);
});

Deno.test("PendingParts keeps a message and reasoning streamed together apart", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.delta("reasoning", "think", at(1));
  parts.delta("message", "say", at(2));
  parts.delta("reasoning", "ing", at(3));
  parts.delta("message", "ing", at(4));
  assert.deepEqual(parts.drain().map((part) => [part.kind, part.text]), [
    ["reasoning", "thinking"],
    ["message", "saying"],
  ]);
});

Deno.test("PendingParts matches deltas by item id and summary index", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.sectionBreak(at(1, "rs_1", 0));
  parts.sectionBreak(at(2, "rs_1", 1));
  parts.delta("reasoning", "one", at(3, "rs_1", 0));
  parts.delta("reasoning", "two", at(4, "rs_1", 1));
  assert.deepEqual(parts.drain().map((part) => part.text), ["one", "two"]);
});

Deno.test("PendingParts takes the complete texts of an item that finished", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.sectionBreak(at(1, "rs_1", 0));
  parts.delta("reasoning", "Hal", at(2, "rs_1", 0));
  parts.itemCompleted("reasoning", "rs_1", ["Half done", "Second part"], at(3, "rs_1"));
  assert.ok(parts.knowsItem("rs_1"));
  assert.ok(!parts.knowsItem("rs_2"));
  assert.deepEqual(parts.drain().map((part) => part.text), ["Half done", "Second part"]);
});

Deno.test("PendingParts skips empty parts (stream restarts) and caps the text", () => {
  const parts = new PendingParts("full_texts", 5);
  parts.sectionBreak(at(1));
  parts.sectionBreak(at(2));
  assert.ok(parts.waiting);
  parts.delta("reasoning", "0123456789", at(3));
  assert.deepEqual(parts.drain().map((part) => part.text), ["0123…"]);
  assert.ok(!parts.waiting);
});

Deno.test("PendingParts drains reasoning before messages by the full-texts rule, each part at its own line", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.delta("message", "Hello", at(1, "msg_1", 0));
  parts.delta("reasoning", "Plan", at(2, "rs_1", 0));
  parts.delta("reasoning", "Check", at(3, "rs_1", 1));
  assert.deepEqual(parts.drain().map((part) => [part.text, part.line]), [
    ["Plan", 2],
    ["Check", 3],
    ["Hello", 1],
  ]);
});

Deno.test("PendingParts drains by the items rule in the order items began, an item's parts by index at its first line", () => {
  const parts = new PendingParts("items", 100);
  parts.delta("message", "Hel", at(1, "msg_1", 0));
  parts.delta("reasoning", "Check", at(2, "rs_1", 1));
  parts.delta("reasoning", "Other", at(3, "rs_2", 0));
  parts.delta("reasoning", "Plan", at(4, "rs_1", 0));
  parts.delta("message", "lo", at(5, "msg_1", 0));
  assert.deepEqual(parts.drain().map((part) => [part.kind, part.text, part.line]), [
    ["message", "Hello", 1],
    ["reasoning", "Plan", 2],
    ["reasoning", "Check", 2],
    ["reasoning", "Other", 3],
  ]);
});

Deno.test("PendingParts lets go of an item recorded whole", () => {
  const parts = new PendingParts("items", 100);
  parts.delta("reasoning", "Plan", at(1, "rs_1", 0));
  parts.delta("reasoning", "More", at(2, "rs_1", 1));
  parts.delta("message", "Hi", at(3, "msg_1", 0));
  parts.itemRecorded("rs_1");
  assert.deepEqual(parts.drain().map((part) => part.text), ["Hi"]);
});

Deno.test("PendingParts knows the items of a long run of deltas, also past its cap on ids", () => {
  const parts = new PendingParts("full_texts", 100);
  parts.delta("message", "a", at(1, "msg_1"));
  parts.delta("message", "b", at(2, "msg_1"));
  // Far more other items than the cap: the memory of ids starts over on the way.
  for (let i = 0; i < 2500; i++) parts.sectionBreak(at(3 + i, `rs_${i}`, 0));
  assert.ok(parts.knowsItem("rs_2499"));
  assert.ok(!parts.knowsItem("msg_1"));
  parts.delta("message", "c", at(3000, "msg_1"));
  parts.delta("message", "d", at(3001, "msg_1"));
  assert.ok(parts.knowsItem("msg_1"));
  assert.deepEqual(
    parts.drain().filter((part) => part.kind === "message").map((part) => part.text),
    ["abcd"],
  );
});
