/**
 * The scripted model of the end-to-end session tests: answers name the prompt, a continued
 * thread names both prompts, and some prompts run commands, need approval, sleep or stall.
 */

import type { MockResponse, RecordedRequest } from "./mock_responses_server.ts";

/** Answers one request of real Codex to the mock Responses API. */
export function scriptedModel(request: RecordedRequest): MockResponse {
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
    return { kind: "stream", items: [{ type: "message", text: `Answer to: ${latest}` }] };
  }
  if (prompt.includes("marker file")) {
    return {
      kind: "stream",
      items: [{ type: "shell", command: "touch approved.txt", escalate: "Create a marker file" }],
    };
  }
  if (prompt.includes("sleep")) {
    return { kind: "stream", items: [{ type: "shell", command: "sleep 3; echo slept" }] };
  }
  return {
    kind: "stream",
    items: [
      { type: "reasoning", summary: [`Thinking about ${latest}`] },
      { type: "shell", command: "echo hi" },
    ],
  };
}
