import assert from "node:assert/strict";
import { REPORT_LIMITS } from "../../../src/core/model/mod.ts";
import { TrackedRequest } from "../../../src/core/request/mod.ts";

function busyRequest(): TrackedRequest {
  const request = new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: REPORT_LIMITS,
    full: false,
  });
  request.setPrompt("list the files", 1);
  request.addReasoning("I should run ls", 2);
  request.addMessage("Running ls now", 3);
  const ls = request.beginCommand({
    callId: "c1",
    command: ["ls"],
    cwd: null,
    beginLine: 4,
    beginTime: null,
  });
  request.endCommand(ls, { exitCode: 0, durationMs: 5, output: "a.txt\nb.txt", line: 5 });
  request.lastAgentMessage = "Two files: a.txt and b.txt";
  return request;
}

Deno.test("a final record keeps every item and text of its request", () => {
  const expected = busyRequest().record();
  const record = busyRequest().finalRecord();
  assert.deepEqual(record, expected);
  assert.equal(record.commands[0]?.output, "a.txt\nb.txt");
  assert.equal(record.finalMessage, "Two files: a.txt and b.txt");
});

Deno.test("a request lets go of its items and texts once its final record is taken", () => {
  const request = busyRequest();
  const record = request.finalRecord();
  // The table may list a released request a while longer: it must hold no texts by then.
  for (const list of ["messages", "reasoning", "commands", "patches", "errors", "approvals"]) {
    assert.deepEqual(request[list as "messages"], [], list);
  }
  assert.equal(request.prompt, null);
  assert.equal(request.lastAgentMessage, null);
  assert.equal(request.command("c1"), undefined);
  assert.equal(record.reasoning[0]?.text, "I should run ls", "the record keeps what it took over");
});
