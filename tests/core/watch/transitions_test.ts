import assert from "node:assert/strict";
import { detectStuck } from "../../../src/core/stuck/mod.ts";
import {
  levelOf,
  type Transition,
  TransitionTracker,
} from "../../../src/core/watch/transitions.ts";
import { feedCapture, finding, request } from "./_records.ts";

/** Every transition of a capture fed line by line, as `line kind`. */
async function captureTransitions(name: string, stuck = false): Promise<Transition[]> {
  const tracker = new TransitionTracker();
  const seen: Transition[] = [];
  await feedCapture(name, (analysis, line) => {
    const findings = stuck ? detectStuck(analysis, {}) : [];
    seen.push(...tracker.update(analysis.requests, findings, { time: line }));
  });
  return seen;
}

const summary = (transitions: Transition[]) =>
  transitions.map((transition) => `${transition.line} ${transition.kind}`);

Deno.test("TransitionTracker reports start and completion of simple at their lines", async () => {
  const transitions = await captureTransitions("codex-0.47.0/simple");
  // Line 2 is session_configured (line 1 answers initialize), line 36 task_complete.
  assert.deepEqual(summary(transitions), ["2 started", "36 completed"]);
  const completed = transitions[1]!;
  assert.equal(completed.alert, true);
  assert.equal(completed.previousState, "running");
  assert.equal(
    completed.message,
    "This is a tiny demo project: a README, a notes file and a TypeScript entry point that prints hello.",
  );
});

Deno.test("TransitionTracker reports the approval of approval-noanswer and its answer in approval-approved", async () => {
  const noAnswer = await captureTransitions("codex-0.47.0/approval-noanswer");
  // Line 11 is exec_approval_request.
  assert.deepEqual(summary(noAnswer), ["2 started", "11 approval"]);
  assert.equal(noAnswer[1]!.message, "run bash -lc touch approved.txt");
  const approved = await captureTransitions("codex-0.47.0/approval-approved");
  // Line 14 is the exec_command_begin that follows the approval.
  assert.deepEqual(summary(approved), ["2 started", "11 approval", "14 recovered", "22 completed"]);
});

Deno.test("TransitionTracker warns at the third and flags stuck at the fifth repeat of stuck-loop", async () => {
  const transitions = await captureTransitions("codex-0.47.0/stuck-loop", true);
  // `echo hi` begins at lines 5, 10, 15, 20, 25...: defaults warn at 3 runs, stuck at 5.
  const byKind = (kind: string) => transitions.filter((transition) => transition.kind === kind);
  assert.deepEqual(byKind("warning")[0]?.line, 15);
  assert.deepEqual(byKind("warning")[0]?.findings.map((item) => item.kind), ["repeated_command"]);
  assert.deepEqual(byKind("stuck").map((transition) => transition.line), [25]);
  assert.equal(byKind("stuck")[0]!.level, "stuck");
  assert.deepEqual(byKind("completed").map((transition) => transition.line), [163]);
});

Deno.test("TransitionTracker reports the failure of http-500 with its error", async () => {
  const transitions = await captureTransitions("codex-0.47.0/http-500");
  const failed = transitions.find((transition) => transition.kind === "failed");
  assert.equal(
    failed?.message,
    "failed: We're currently experiencing high demand, which may cause temporary errors.",
  );
});

Deno.test("TransitionTracker reports nothing for a baseline, then changes against it", () => {
  const tracker = new TransitionTracker();
  const running = request({ state: "running" });
  assert.deepEqual(tracker.update([running], [], { time: 1, baseline: true }), []);
  assert.deepEqual(tracker.update([running], [], { time: 2 }), []);
  const done = tracker.update([request({ state: "completed", finalMessage: "ok" })], [], {
    time: 3,
  });
  assert.deepEqual(done.map((transition) => [transition.kind, transition.message]), [
    ["completed", "ok"],
  ]);
});

Deno.test("TransitionTracker reports a request first seen finished as finished, not started", () => {
  const tracker = new TransitionTracker();
  const transitions = tracker.update(
    [request({ state: "no_response" }), request({ key: "2", requestId: 2, state: "completed" })],
    [],
    { time: 1 },
  );
  assert.deepEqual(transitions.map((transition) => [transition.key, transition.kind]), [
    ["1", "failed"],
    ["2", "completed"],
  ]);
  assert.equal(transitions[0]!.message, "no response");
});

Deno.test("TransitionTracker alerts once per finding kind and again when it gets worse", () => {
  const tracker = new TransitionTracker();
  const running = [request()];
  tracker.update(running, [], { time: 1 });
  const warned = tracker.update(running, [finding("silence", "warning")], { time: 2 });
  assert.deepEqual(warned.map((transition) => [transition.kind, transition.level]), [
    ["warning", "warning"],
  ]);
  assert.deepEqual(tracker.update(running, [finding("silence", "warning")], { time: 3 }), []);
  const stuck = tracker.update(running, [finding("silence", "stuck")], { time: 4 });
  assert.deepEqual(stuck.map((transition) => [transition.kind, transition.previousLevel]), [
    ["stuck", "warning"],
  ]);
  const info = tracker.update(running, [
    finding("silence", "stuck"),
    finding("token_total", "info"),
  ], {
    time: 5,
  });
  assert.deepEqual(info.map((transition) => [transition.kind, transition.alert]), [
    ["finding", false],
  ]);
});

Deno.test("TransitionTracker reports recovery when the findings of an open request clear", () => {
  const tracker = new TransitionTracker();
  tracker.update([request()], [finding("silence", "stuck")], { time: 1 });
  const recovered = tracker.update([request({ lastEventType: "agent_message_delta" })], [], {
    time: 2,
  });
  assert.deepEqual(recovered.map((transition) => [transition.kind, transition.message]), [
    ["recovered", "no longer stuck (last event agent_message_delta)"],
  ]);
  tracker.update([request()], [finding("silence", "warning")], { time: 3 });
  const completed = tracker.update([request({ state: "completed" })], [], { time: 4 });
  assert.deepEqual(completed.map((transition) => transition.kind), ["completed"]);
});

Deno.test("TransitionTracker leaves findings of finished requests and of states alone", () => {
  const tracker = new TransitionTracker();
  tracker.update([request()], [], { time: 1 });
  const approval = tracker.update(
    [request({ state: "awaiting_approval" })],
    [finding("awaiting_approval", "warning")],
    { time: 2 },
  );
  assert.deepEqual(approval.map((transition) => transition.kind), ["approval"]);
  assert.equal(approval[0]!.level, "ok");
  const failed = tracker.update(
    [request({ state: "failed" })],
    [finding("request_failed", "warning"), finding("repeated_command", "stuck")],
    { time: 3 },
  );
  assert.deepEqual(failed.map((transition) => transition.kind), ["failed"]);
});

Deno.test("levelOf takes the worst counted finding of an open request", () => {
  assert.equal(levelOf("running", []), "ok");
  assert.equal(levelOf("running", [finding("silence", "info")]), "ok");
  assert.equal(levelOf("running", [finding("silence", "warning")]), "warning");
  assert.equal(
    levelOf("running", [finding("silence", "warning"), finding("repeated_command", "stuck")]),
    "stuck",
  );
  assert.equal(levelOf("awaiting_approval", [finding("awaiting_approval", "warning")]), "ok");
  assert.equal(levelOf("completed", [finding("repeated_command", "stuck")]), "ok");
});

Deno.test("TransitionTracker forgets everything on reset", () => {
  const tracker = new TransitionTracker();
  tracker.update([request()], [], { time: 1 });
  tracker.reset();
  assert.deepEqual(tracker.levels(), new Map());
  assert.deepEqual(
    tracker.update([request()], [], { time: 2 }).map((transition) => transition.kind),
    ["started"],
  );
});
