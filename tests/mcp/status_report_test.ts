import assert from "node:assert/strict";
import type { Finding } from "../../src/core/stuck/types.ts";
import { renderSessionReport, sessionReport } from "../../src/mcp/status_report.ts";
import type { RequestStatus, SessionStatus } from "../../src/session/status.ts";

const NOW = 5_000_000;

function row(overrides: Partial<RequestStatus>): RequestStatus {
  return {
    key: "1",
    requestId: 1,
    tool: "codex",
    state: "completed",
    markedCancelled: false,
    threadId: "t-1",
    firstTime: NOW - 9_000,
    lastTime: NOW - 8_000,
    lastEventType: "task_complete",
    commands: 1,
    totalTokens: 1050,
    finalMessage: "Answer to: first question",
    pendingApproval: null,
    ...overrides,
  };
}

const status: SessionStatus = {
  name: "default",
  dir: "/state/default",
  alive: true,
  supervisorState: "alive",
  supervisorPid: 10,
  codexPid: 11,
  codexPath: "/bin/codex",
  codexVersion: "0.153.4",
  startedAt: NOW - 60_000,
  uptimeMs: 60_000,
  exit: null,
  stoppedAt: null,
  outputLines: 40,
  requests: [
    row({}),
    row({
      key: "2",
      requestId: 2,
      state: "awaiting_approval",
      finalMessage: null,
      totalTokens: null,
      pendingApproval: "Allow Codex to run `touch a`?",
    }),
    row({
      key: "3",
      requestId: 3,
      state: "running",
      finalMessage: null,
      lastEventType: "exec_command_begin",
      lastTime: NOW - 2_000,
    }),
  ],
  textLines: [],
};

const UNPRICED = { cost: null, requestCosts: new Map(), rateLimits: null };

const findings = [
  {
    kind: "silence",
    severity: "warning",
    key: "3",
    requestId: 3,
    reason: "no output for 2 min",
    evidence: { lines: [30] },
    suggestion: "Check it",
  },
  {
    kind: "token_total",
    severity: "info",
    key: "1",
    requestId: 1,
    reason: "many tokens",
    evidence: { lines: [5] },
    suggestion: "none",
  },
] satisfies Finding[];

Deno.test("sessionReport lists requests, pending approvals and warnings, not info findings", () => {
  const report = sessionReport(status, {
    backend: "mcp-server",
    tokens: 2100,
    findings,
    managed: true,
    keep: false,
    now: NOW,
    ...UNPRICED,
  });
  assert.deepEqual(report.requests.map((request) => request.state), [
    "completed",
    "awaiting_approval",
    "running",
  ]);
  assert.equal(report.requests[2]?.idleMs, 2_000);
  assert.deepEqual(report.pendingApprovals, [
    { request: 2, message: "Allow Codex to run `touch a`?" },
  ]);
  assert.deepEqual(report.findings.map((finding) => finding.kind), ["silence"]);
  assert.equal(report.state, "alive");
  assert.equal(report.tokens, 2100);
});

Deno.test("renderSessionReport reads as one line per request, for the rate limits and per finding", () => {
  const report = sessionReport(status, {
    backend: "mcp-server",
    tokens: 2100,
    findings,
    managed: true,
    keep: true,
    now: NOW,
    cost: 0.0042,
    requestCosts: new Map([["1", 0.0021], ["3", null]]),
    rateLimits: {
      windows: [
        {
          name: "primary",
          usedPercent: 91,
          windowMinutes: 300,
          resetsAt: Date.parse("2026-11-24T16:00:00Z"),
        },
        { name: "secondary", usedPercent: 12, windowMinutes: 10080, resetsAt: null },
      ],
      at: Date.parse("2026-11-24T13:00:00Z"),
    },
  });
  assert.deepEqual(renderSessionReport(report), [
    'session "default": alive, Codex 0.153.4 (mcp-server), pid 11, up 1m00s, 3 requests, 2100 tokens, $0.0042, started here, kept',
    "  #1 completed codex 1050 tok $0.0021 1 cmds: Answer to: first question",
    "  #2 awaiting_approval codex 1 cmds: needs approval: Allow Codex to run `touch a`? (codex_approve or codex_deny)",
    "  #3 running codex 1050 tok cost unknown 1 cmds last event exec_command_begin 2.0s ago",
    "  rate limits: primary 91% of 5h (resets 2026-11-24 16:00 UTC), secondary 12% of 7d",
    "  ! warning silence #3: no output for 2 min",
  ]);
  assert.deepEqual(report.rateLimits[0], {
    window: "primary",
    usedPercent: 91,
    windowMinutes: 300,
    resetsAt: "2026-11-24T16:00:00.000Z",
  });
  assert.equal(report.rateLimitsAt, "2026-11-24T13:00:00.000Z");
});

Deno.test("sessionReport clips long answers; codex_wait gives them whole", () => {
  const long = { ...status, requests: [row({ finalMessage: "x".repeat(500) })] };
  const report = sessionReport(long, {
    backend: "app-server",
    tokens: 0,
    findings: [],
    managed: false,
    keep: false,
    now: NOW,
    ...UNPRICED,
  });
  assert.equal(report.requests[0]?.answer?.length, 200);
  assert.ok(report.requests[0]?.answer?.endsWith("…"));
});

Deno.test("sessionReport lists open requests first, then the latest, and counts the rest", () => {
  const many = {
    ...status,
    requests: [
      row({ key: "1", requestId: 1, state: "running", finalMessage: null }),
      ...Array.from({ length: 30 }, (_, index) =>
        row({
          key: String(index + 2),
          requestId: index + 2,
          state: index % 3 === 0 ? "failed" : "completed",
        })),
    ],
  };
  const report = sessionReport(many, {
    backend: "mcp-server",
    tokens: 0,
    findings: [],
    managed: false,
    keep: false,
    now: NOW,
    ...UNPRICED,
    maxRequests: 4,
  });
  assert.deepEqual(report.requests.map((request) => request.request), [1, 29, 30, 31]);
  assert.deepEqual(report.omitted, { count: 27, states: { failed: 9, completed: 18 } });
  assert.equal(
    renderSessionReport(report).at(-1),
    "  (+27 more requests: 9 failed, 18 completed; codex_digest summarizes them)",
  );
});

Deno.test("sessionReport keeps the most severe findings within the limit", () => {
  const report = sessionReport(status, {
    backend: "mcp-server",
    tokens: 0,
    findings: [findings[0]!, findings[0]!, findings[0]!],
    managed: false,
    keep: false,
    now: NOW,
    ...UNPRICED,
    maxRequests: 2,
  });
  assert.equal(report.findings.length, 2);
  assert.equal(report.omittedFindings, 1);
  assert.equal(renderSessionReport(report).at(-1), "  (+1 more findings)");
});

Deno.test("sessionReport tells how to answer an approval with the MCP tools", () => {
  const approval = {
    kind: "awaiting_approval",
    severity: "warning",
    key: "2",
    requestId: 2,
    reason: "waiting 10s for approval to run touch a",
    evidence: { lines: [12] },
    suggestion: "Answer it: codexmon session approve 2 (or deny 2)",
  } satisfies Finding;
  const report = sessionReport(status, {
    backend: "mcp-server",
    tokens: 0,
    findings: [approval, ...findings],
    managed: true,
    keep: false,
    now: NOW,
    ...UNPRICED,
  });
  assert.deepEqual(report.findings.map((finding) => finding.suggestion), [
    'Answer it: codex_approve {"session":"default","request":2} (or codex_deny)',
    "Check it",
  ]);
});
