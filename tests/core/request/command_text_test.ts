import assert from "node:assert/strict";
import { commandLine, durationMs, retryCounter } from "../../../src/core/request/command_text.ts";

Deno.test("commandLine shows the script of bash -lc and quotes other arguments", () => {
  assert.equal(commandLine(["bash", "-lc", "ls -la"]), "ls -la");
  assert.equal(commandLine(["/bin/bash", "-lc", "echo hi"]), "echo hi");
  assert.equal(commandLine(["git", "commit", "-m", "it's done"]), "git commit -m 'it'\\''s done'");
});

Deno.test("durationMs reads {secs, nanos} objects and duration strings", () => {
  assert.equal(durationMs({ secs: 0, nanos: 7074899 }), 7.074899);
  assert.equal(durationMs({ secs: 2, nanos: 500000000 }), 2500);
  assert.equal(durationMs("1.5s"), 1500);
  assert.equal(durationMs("20ms"), 20);
  assert.equal(durationMs("soon"), null);
  assert.equal(durationMs(null), null);
});

Deno.test("retryCounter reads both versions' reconnect messages", () => {
  assert.deepEqual(retryCounter("Re-connecting... 2/5"), { attempt: 2, maxAttempts: 5 });
  assert.deepEqual(retryCounter("Reconnecting... 3/5"), { attempt: 3, maxAttempts: 5 });
  assert.equal(retryCounter("stream disconnected"), null);
});
