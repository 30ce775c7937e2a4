/** `codex_send`, `codex_wait`, `codex_digest`, `codex_approve`/`codex_deny`, `codex_cancel`, `codex_steer`. */

import type { McpServer } from "./sdk.ts";
import { z } from "zod";
import { CodexmonError, UsageError } from "../core/errors.ts";
import { type RequestId, requestKey } from "../core/model/mod.ts";
import { buildDigest, DEFAULT_DIGEST_CHARS, findingNotes } from "../core/report/mod.ts";
import { analysisCost } from "../core/pricing/mod.ts";
import { detectStuck } from "../core/stuck/mod.ts";
import { readLastRateLimits } from "../io/mod.ts";
import {
  ALL_APPROVAL_POLICIES,
  answerApproval,
  cancelRequest,
  parseConfigPairs,
  replyTo,
  SANDBOX_MODES,
  sendPrompt,
  type SessionPaths,
  steerRequest,
  waitForRequest,
  type WaitResult,
} from "../session/mod.ts";
import {
  absolutePath,
  configOf,
  type McpContext,
  pathsOf,
  pricesOf,
  requestIdOf,
  requestInput,
  sessionInput,
} from "./context.ts";
import { progressReporter } from "./progress.ts";
import { addTool, toolResult } from "./tool.ts";
import { waitReport } from "./wait_report.ts";

/** The longest `codex_wait`, well below the usual client timeouts (60 s and more). */
export const MAX_WAIT_SECONDS = 50;

/** `codex_wait` without `timeout_seconds`. */
export const DEFAULT_WAIT_SECONDS = 30;

/** How often a long wait tells the client it is still waiting. */
export const PROGRESS_INTERVAL_MS = 5_000;

/** The longest grace period of `codex_cancel`. */
export const MAX_CANCEL_GRACE_SECONDS = 30;

/** Registers the request tools. */
export function addRequestTools(server: McpServer, context: McpContext): void {
  addTool(server, {
    name: "codex_send",
    title: "Send a prompt to Codex",
    description:
      "Send a prompt as a new Codex thread, or continue a thread (thread: a thread id or the id of a request on it). Returns at once with the request id; follow it with codex_wait, codex_status or codex_digest.",
    input: {
      session: sessionInput,
      prompt: z.string().min(1).describe("the prompt"),
      thread: z.union([z.string().min(1), z.number().int()]).optional().describe(
        "continue this thread: a thread id, or a request id whose thread to continue",
      ),
      model: z.string().min(1).optional().describe("model of a new thread"),
      cwd: z.string().min(1).optional().describe("working directory of a new thread"),
      sandbox: z.enum(SANDBOX_MODES).optional(),
      approval_policy: z.enum(ALL_APPROVAL_POLICIES).optional().describe(
        "Codex 0.153 accepts on-request and never",
      ),
      profile: z.string().min(1).optional().describe("Codex config profile"),
      config: z.array(z.string()).optional().describe("Codex config overrides, key=value"),
    },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      if (args.thread !== undefined) {
        const settings =
          (["model", "cwd", "sandbox", "approval_policy", "profile", "config"] as const)
            .filter((name) => args[name] !== undefined);
        if (settings.length > 0) {
          throw new UsageError(
            `Cannot set ${
              settings.join(", ")
            } when continuing a thread: it keeps the settings it was started with`,
          );
        }
        const replyTarget = await threadRequest(context, paths, args.thread);
        const reply = await replyTo(paths, replyTarget, args.prompt);
        return toolResult(
          `sent request ${reply.id} to session "${paths.name}" (thread ${reply.threadId}); wait for it with codex_wait`,
          { session: paths.name, request: reply.id, threadId: reply.threadId },
        );
      }
      const config = await configOf(context);
      const defaults = config.session;
      const owned = context.owned.get(paths.name)?.defaults ?? {};
      const cwd = args.cwd ?? defaults.cwd;
      const id = await sendPrompt(paths, {
        prompt: args.prompt,
        cwd: cwd === undefined ? undefined : absolutePath(context, cwd),
        model: args.model ?? owned.model ?? defaults.model,
        approvalPolicy: args.approval_policy ?? owned.approvalPolicy ?? defaults.approvalPolicy,
        sandbox: args.sandbox ?? owned.sandbox ?? defaults.sandbox,
        profile: args.profile ?? defaults.profile,
        config: { ...(defaults.config ?? {}), ...parseConfigPairs(args.config ?? []) },
      });
      return toolResult(
        `sent request ${id} to session "${paths.name}"; wait for it with codex_wait`,
        { session: paths.name, request: id, threadId: null },
      );
    },
  });

  addTool(server, {
    name: "codex_wait",
    title: "Wait for a request",
    description:
      `Wait up to timeout_seconds (at most ${MAX_WAIT_SECONDS}) for a request to end, need an approval or get stuck. Returns its state and, when completed, the final answer; when time runs out, state still_running with the last activity (call again). Sends progress notifications when the call has a progressToken.`,
    input: {
      session: sessionInput,
      request: requestInput,
      timeout_seconds: z.number().min(0).max(MAX_WAIT_SECONDS).optional().describe(
        `how long to wait (default ${DEFAULT_WAIT_SECONDS}, at most ${MAX_WAIT_SECONDS})`,
      ),
    },
    annotations: { readOnlyHint: true },
    run: async (args, extra) => {
      const paths = pathsOf(context, args.session);
      const id = requestIdOf(args.request);
      const timeoutSeconds = args.timeout_seconds ?? DEFAULT_WAIT_SECONDS;
      const config = await configOf(context);
      const started = Date.now();
      const progress = progressReporter(extra, { totalSeconds: timeoutSeconds, started });
      let latest = "waiting for Codex to start the request";
      const heartbeat = setInterval(() => progress(latest), PROGRESS_INTERVAL_MS);
      let result: WaitResult;
      try {
        // the server's follower of this session: a wait reads only what was written since
        const follower = await context.analyses.follower(paths);
        result = await waitForRequest(paths, id, {
          follower,
          timeoutMs: timeoutSeconds * 1000,
          signal: AbortSignal.any([extra.signal, context.closing]),
          thresholds: config.stuck,
          onProgress: (request) => {
            latest = `${request.state}, last event ${request.lastEventType ?? "none"}`;
            progress(latest);
          },
        });
      } finally {
        clearInterval(heartbeat);
      }
      const now = Date.now();
      const { text, report } = waitReport(result, {
        id,
        waitedSeconds: Math.round((now - started) / 100) / 10,
        now,
      });
      return toolResult(text, { session: paths.name, ...report });
    },
  });

  addTool(server, {
    name: "codex_digest",
    title: "Digest of a request or session",
    description:
      "A compact plain-text digest (state, tokens, stuck notes, pending approval, answer, last commands) of one request or of the whole session, never longer than max_chars.",
    input: {
      session: sessionInput,
      request: requestInput.optional().describe("one request (default: every request)"),
      max_chars: z.number().int().min(100).max(100_000).optional().describe(
        `the budget in characters (default ${DEFAULT_DIGEST_CHARS})`,
      ),
    },
    annotations: { readOnlyHint: true },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      const config = await configOf(context);
      const { analysis, alive } = await context.analyses.read(paths);
      const findings = detectStuck(analysis, {
        thresholds: config.stuck,
        now: alive ? Date.now() : null,
        rateLimits: (await readLastRateLimits(paths.output))?.windows ?? [],
      });
      let view = analysis;
      let request: RequestId | null = null;
      if (args.request !== undefined) {
        request = requestIdOf(args.request);
        const key = requestKey(request);
        const requests = analysis.requests.filter((record) => record.key === key);
        if (requests.length === 0) {
          throw new CodexmonError(
            `Cannot digest request ${key}: session "${paths.name}" has no output for it`,
          );
        }
        view = { ...analysis, requests };
      }
      const maxChars = args.max_chars ?? DEFAULT_DIGEST_CHARS;
      // no file label: the budget goes to the requests
      const prices = pricesOf(config);
      const digest = buildDigest(view, { maxChars, notes: findingNotes(findings), prices });
      return toolResult(digest, {
        session: paths.name,
        request,
        maxChars,
        chars: digest.length,
        // null: unknown (a model without a price, or no tokens yet), never 0
        costUsd: analysisCost(view, prices),
        digest,
      });
    },
  });

  for (const [verb, decision] of [["approve", "approved"], ["deny", "denied"]] as const) {
    addTool(server, {
      name: `codex_${verb}`,
      title: `${verb === "approve" ? "Approve" : "Deny"} a pending approval`,
      description: `${
        verb === "approve" ? "Approve" : "Deny"
      } the oldest pending approval (command or patch) of a request.`,
      input: { session: sessionInput, request: requestInput },
      run: async (args) => {
        const paths = pathsOf(context, args.session);
        const id = requestIdOf(args.request);
        const answer = await answerApproval(paths, id, decision);
        return toolResult(
          `${decision} request ${requestKey(id)} (approval ${
            requestKey(answer.elicitationId)
          }): ${answer.message}`,
          {
            session: paths.name,
            request: id,
            decision,
            approval: answer.elicitationId,
            message: answer.message,
          },
        );
      },
    });
  }

  addTool(server, {
    name: "codex_cancel",
    title: "Cancel a request",
    description:
      "Cancel a running request (mcp-server: notifications/cancelled, marked cancelled when Codex ignores it; app-server: turn/interrupt).",
    input: {
      session: sessionInput,
      request: requestInput,
      grace_seconds: z.number().positive().max(MAX_CANCEL_GRACE_SECONDS).optional().describe(
        "how long to wait for Codex to end the request (default 5)",
      ),
    },
    annotations: { destructiveHint: true },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      const id = requestIdOf(args.request);
      const grace = args.grace_seconds ?? 5;
      const result = await cancelRequest(paths, id, {
        graceMs: grace * 1000,
        reason: "cancelled by codex_cancel",
      });
      const key = requestKey(id);
      const text = result.ended
        ? `request ${key} ended after the cancel (${result.state})`
        : `request ${key} marked cancelled: Codex did not end it within ${grace} s (Codex mcp-server ignores notifications/cancelled); it may keep running until the session stops`;
      return toolResult(text, {
        session: paths.name,
        request: id,
        ended: result.ended,
        state: result.ended ? result.state : "cancelled",
      });
    },
  });

  addTool(server, {
    name: "codex_steer",
    title: "Steer a running request",
    description:
      "Add input to the running turn of a request (app-server backend only, Codex 0.154 and later).",
    input: {
      session: sessionInput,
      request: requestInput,
      prompt: z.string().min(1).describe("the input to add"),
    },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      const id = requestIdOf(args.request);
      const turnId = await steerRequest(paths, id, args.prompt);
      return toolResult(`steered request ${requestKey(id)} (turn ${turnId})`, {
        session: paths.name,
        request: id,
        turnId,
      });
    },
  });
}

// The request whose thread `thread` names: the latest request on that thread id, else the request
// with that id.
async function threadRequest(
  context: McpContext,
  paths: SessionPaths,
  thread: string | number,
): Promise<RequestId> {
  const { analysis } = await context.analyses.read(paths);
  const onThread = analysis.requests.filter((request) => request.threadId === String(thread));
  const latest = onThread.at(-1);
  if (latest) return latest.requestId;
  const id = requestIdOf(thread);
  const key = requestKey(id);
  if (analysis.requests.some((request) => request.key === key)) return id;
  throw new CodexmonError(
    `Cannot continue thread "${thread}": no request of session "${paths.name}" has that thread id or request id`,
  );
}
