import assert from "node:assert/strict";
import { LastEntries } from "../../../src/core/report/mod.ts";
import type { Entry } from "../../../src/core/model/mod.ts";

function entry(line: number, key: string | null): Entry {
  return { kind: "event", key, line, time: null, type: "x", text: `line ${line}` };
}

Deno.test("LastEntries keeps the entries of the last N accepted lines, two entries of one line as one event", () => {
  const last = new LastEntries(3, (candidate) => candidate.key === "a");
  for (let line = 1; line <= 1000; line++) {
    last.push(entry(line, line % 2 === 0 ? "a" : "b"));
    if (line === 1000) last.push({ ...entry(line, "a"), kind: "tokens" });
  }
  assert.deepEqual(last.entries().map((kept) => [kept.line, kept.kind]), [
    [996, "event"],
    [998, "event"],
    [1000, "event"],
    [1000, "tokens"],
  ]);
});
