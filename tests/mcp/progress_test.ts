import assert from "node:assert/strict";
import { progressReporter } from "../../src/mcp/progress.ts";
import type { ToolExtra } from "../../src/mcp/tool.ts";

function extraWith(progressToken: string | undefined, sent: unknown[]): ToolExtra {
  return {
    _meta: progressToken === undefined ? {} : { progressToken },
    sendNotification: (notification: unknown) => {
      sent.push(notification);
      return Promise.resolve();
    },
  } as unknown as ToolExtra;
}

Deno.test("progressReporter sends strictly increasing seconds out of the total", () => {
  const sent: { params: { progress: number; total: number; message: string } }[] = [];
  let clock = 1_000;
  const report = progressReporter(extraWith("p1", sent), {
    totalSeconds: 50,
    started: 1_000,
    now: () => clock,
  });
  report("waiting");
  report("running, last event task_started");
  clock = 6_500;
  report("running, last event agent_message_delta");
  assert.deepEqual(sent.map((notification) => notification.params.progress), [0.001, 0.002, 5.5]);
  assert.ok(sent.every((notification) => notification.params.total === 50));
  assert.equal(sent[2]?.params.message, "running, last event agent_message_delta");
});

Deno.test("progressReporter sends nothing when the call has no progress token", () => {
  const sent: unknown[] = [];
  const report = progressReporter(extraWith(undefined, sent), { totalSeconds: 50, started: 0 });
  report("waiting");
  assert.deepEqual(sent, []);
});
