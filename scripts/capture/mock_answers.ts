/** Model answers several scenarios share. */

import type { MockResponse, RecordedRequest } from "../../tests/support/mock_responses_server.ts";

/** What {@linkcode shellThenMessage} runs. */
export interface ShellTurn {
  /** The reasoning summary before the command. */
  reasoning: string;
  command: string;
  /** Response headers of both answers (rate limits). */
  headers?: Record<string, string>;
}

/**
 * A turn that reasons and runs `command` (usage 2400 in / 90 out / 40 reasoning), then, once the
 * command's output came back, says `The shell said: hi` (2750 in, 2048 cached, 95 out, 40
 * reasoning).
 */
export function shellThenMessage(request: RecordedRequest, turn: ShellTurn): MockResponse {
  const headers = turn.headers ? { headers: turn.headers } : {};
  if (request.functionOutputs.length > 0) {
    return {
      kind: "stream",
      items: [{ type: "message", text: "The shell said: hi" }],
      usage: { input: 2750, cachedInput: 2048, output: 95, reasoningOutput: 40 },
      ...headers,
    };
  }
  return {
    kind: "stream",
    items: [
      { type: "reasoning", summary: [turn.reasoning] },
      { type: "shell", command: turn.command },
    ],
    usage: { input: 2400, output: 90, reasoningOutput: 40 },
    ...headers,
  };
}
