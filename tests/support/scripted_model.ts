/**
 * The scripted model of the end-to-end session tests: answers name the prompt, a continued
 * thread names both prompts, and some prompts run commands, need approval, sleep (hold their
 * turn open until the test opens a gate) or stall.
 */

import type { MockResponse, RecordedRequest } from "./mock_responses_server.ts";

/** Options for {@linkcode scriptedModel}. */
export interface ScriptedModelOptions {
  /**
   * Holds the answer that follows the command of a "sleep" prompt until it resolves: the turn
   * stays running until the test says so, so a steer never races a fixed sleep.
   */
  sleepGate?: Promise<void>;
}

/** Answers one request of real Codex to the mock Responses API. */
export function scriptedModel(
  request: RecordedRequest,
  options: ScriptedModelOptions = {},
): MockResponse {
  const prompt = request.userTexts[0] ?? "";
  const latest = request.lastUserText ?? "";
  if (latest.includes("stall")) return { kind: "stall" };
  if (latest.startsWith("Also")) {
    // input added to a running turn (steer)
    return { kind: "stream", items: [{ type: "message", text: `Steered: ${latest}` }] };
  }
  if (latest !== prompt) {
    // a continued thread: answer at once, naming both prompts so the test sees the thread
    return {
      kind: "stream",
      items: [{ type: "message", text: `Reply to: ${latest} (after: ${prompt})` }],
    };
  }
  if (request.functionOutputs.length > 0) {
    const gate = prompt.includes("sleep") ? options.sleepGate : undefined;
    return {
      kind: "stream",
      items: [{ type: "message", text: `Answer to: ${latest}` }],
      ...(gate === undefined ? {} : { gate }),
    };
  }
  if (prompt.includes("marker file")) {
    return {
      kind: "stream",
      items: [{ type: "shell", command: "touch approved.txt", escalate: "Create a marker file" }],
    };
  }
  if (prompt.includes("sleep")) {
    return { kind: "stream", items: [{ type: "shell", command: "echo slept" }] };
  }
  return {
    kind: "stream",
    items: [
      { type: "reasoning", summary: [`Thinking about ${latest}`] },
      { type: "shell", command: "echo hi" },
    ],
  };
}
