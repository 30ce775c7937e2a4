/** Hand-built model records for unit tests of views and reports. */

import type { Analysis, RequestRecord } from "../../src/core/model/types.ts";

/** A running request 1 with nothing in it; `overrides` replace fields. */
export function request(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    key: "1",
    requestId: 1,
    tool: "codex",
    threadId: null,
    turnId: null,
    model: null,
    cwd: null,
    rolloutPath: null,
    state: "running",
    firstLine: 2,
    lastLine: 2,
    firstTime: null,
    lastTime: null,
    lastEventType: null,
    finalMessage: null,
    messages: [],
    reasoning: [],
    commands: [],
    patches: [],
    errors: [],
    approvals: [],
    tokens: null,
    sessionTokens: null,
    lastTokenUsage: null,
    contextWindow: null,
    endLine: null,
    eventCounts: {},
    ...overrides,
  };
}

/** A completed request spanning lines 1 to 10; `overrides` replace fields. */
export function makeRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return request({
    state: "completed",
    firstLine: 1,
    lastLine: 10,
    endLine: 10,
    lastEventType: "task_complete",
    ...overrides,
  });
}

/** An analysis holding `requests`. */
export function makeAnalysis(
  requests: RequestRecord[],
  overrides: Partial<Analysis> = {},
): Analysis {
  return {
    format: "mcp-server",
    codexVersion: "0.47.0",
    requests,
    lines: { total: 10, json: 10, text: 0, other: 0, incomplete: 0, tooLong: 0 },
    eventCounts: {},
    textLines: [],
    serverExited: false,
    longLines: [],
    ...overrides,
  };
}
