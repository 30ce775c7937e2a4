import assert from "node:assert/strict";
import { createProgress } from "../../src/ui/progress.ts";
import { MemorySink } from "../../src/ui/output.ts";

Deno.test("createProgress redraws at most once per interval and clears its line at the end", () => {
  const sink = new MemorySink();
  let clock = 0;
  const progress = createProgress(sink, { label: "reading", intervalMs: 100, now: () => clock });
  progress.update(10, 100);
  assert.equal(sink.text(), "");
  clock = 150;
  progress.update(50_000_000, 100_000_000);
  clock = 160;
  progress.update(60_000_000, 100_000_000);
  assert.equal(sink.text(), "\r\x1b[2Kreading 50MB/100MB 50%");
  progress.done();
  assert.ok(sink.text().endsWith("\r\x1b[2K"));
});

Deno.test("createProgress draws nothing for a quick job", () => {
  const sink = new MemorySink();
  const progress = createProgress(sink, { label: "reading", now: () => 0 });
  progress.update(1, 2);
  progress.done();
  assert.equal(sink.text(), "");
});
