import assert from "node:assert/strict";
import { BatchedWriter, ClosedPipe, MemorySink } from "../../src/ui/output.ts";

Deno.test("BatchedWriter holds small writes until flush", () => {
  const sink = new MemorySink();
  const writer = new BatchedWriter(sink, { highWater: 1024 });
  writer.line("a");
  writer.line("b");
  assert.equal(sink.text(), "");
  writer.flush();
  assert.equal(sink.text(), "a\nb\n");
});

Deno.test("BatchedWriter turns a broken pipe into ClosedPipe and stays closed", () => {
  const broken = {
    writeSync(): number {
      throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
  };
  const writer = new BatchedWriter(broken, { highWater: 0 });
  assert.throws(() => writer.write("x"), ClosedPipe);
  assert.equal(writer.closed, true);
  assert.throws(() => writer.write("y"), ClosedPipe);
});
