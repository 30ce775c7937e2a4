/** Hand-built model records for unit tests of views and reports. */

import type { Analysis, RequestRecord } from "../../src/core/model/types.ts";

/** A request record with defaults; `overrides` wins. */
export function makeRequest(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    key: "1",
    requestId: 1,
    tool: "codex",
    threadId: null,
    turnId: null,
    model: null,
    cwd: null,
    rolloutPath: null,
    state: "completed",
    firstLine: 1,
    lastLine: 10,
    firstTime: null,
    lastTime: null,
    lastEventType: "task_complete",
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
    endLine: 10,
    eventCounts: {},
    ...overrides,
  };
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
    lines: { total: 10, json: 10, text: 0, other: 0, incomplete: 0 },
    eventCounts: {},
    textLines: [],
    serverExited: false,
    ...overrides,
  };
}
