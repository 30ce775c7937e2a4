/** `codex_start`, `codex_stop` and `codex_status`. */

import type { McpServer } from "./sdk.ts";
import { z } from "zod";
import { UsageError } from "../core/errors.ts";
import { requestTotals } from "../core/request/mod.ts";
import { analysisCost, requestCost } from "../core/pricing/mod.ts";
import { detectStuck } from "../core/stuck/mod.ts";
import { readLastRateLimits } from "../io/mod.ts";
import {
  acceptedApprovalPolicies,
  ALL_APPROVAL_POLICIES,
  describeExit,
  listSessions,
  parseCodexVersion,
  readSessionStatus,
  SANDBOX_MODES,
  type SessionMeta,
  type SessionPaths,
  startSession,
  stopSession,
} from "../session/mod.ts";
import {
  absolutePath,
  configOf,
  type McpContext,
  pathsOf,
  pricesOf,
  sessionInput,
} from "./context.ts";
import {
  DEFAULT_STATUS_REQUESTS,
  renderSessionReport,
  type SessionReport,
  sessionReport,
} from "./status_report.ts";
import { addTool, toolResult } from "./tool.ts";

/** The most requests `codex_status` lists per session. */
export const MAX_STATUS_REQUESTS = 1000;

/** Seconds `codex_stop` allows after SIGTERM before SIGKILL, at most. */
export const MAX_STOP_SECONDS = 30;

/** Registers the session tools. */
export function addSessionTools(server: McpServer, context: McpContext): void {
  addTool(server, {
    name: "codex_start",
    title: "Start a Codex session",
    description:
      "Start Codex in the background (codex mcp-server up to 0.153, codex app-server from 0.154) as a codexmon session and do the handshake. The session is stopped when this MCP client disconnects unless keep is true. model, sandbox and approval_policy become the defaults of codex_send for this session.",
    input: {
      session: sessionInput,
      cwd: z.string().min(1).optional().describe("Codex's working directory"),
      codex: z.string().min(1).optional().describe(
        "the codex binary (default: config session.codex, $CODEXMON_CODEX, codex on PATH)",
      ),
      backend: z.enum(["mcp-server", "app-server"]).optional().describe(
        "default: mcp-server up to Codex 0.153.4, app-server from 0.154",
      ),
      model: z.string().min(1).optional().describe("default model of codex_send"),
      sandbox: z.enum(SANDBOX_MODES).optional().describe("default sandbox of codex_send"),
      approval_policy: z.enum(ALL_APPROVAL_POLICIES).optional()
        .describe("default approval policy of codex_send (Codex 0.153: on-request, never)"),
      codex_args: z.array(z.string()).optional().describe(
        "extra arguments for codex mcp-server/app-server",
      ),
      keep: z.boolean().optional().describe("keep the session running after the client leaves"),
    },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      const config = await configOf(context);
      const cwd = absolutePath(context, args.cwd ?? config.session.cwd ?? context.cwd);
      const keep = args.keep ?? false;
      const defaults = {
        model: args.model,
        sandbox: args.sandbox,
        approvalPolicy: args.approval_policy,
      };
      const result = await context.owned.start(
        { name: paths.name, keep, defaults },
        () =>
          startSession(paths, {
            codex: args.codex ?? config.session.codex,
            cwd,
            codexArgs: args.codex_args ?? [],
            env: context.env,
            backend: args.backend,
          }),
      );
      const meta = result.meta;
      await requireAcceptedPolicy(paths, meta, args.approval_policy, context);
      const text = `started session "${paths.name}": Codex ${
        meta.codexVersion ?? "(version unknown)"
      } (${meta.backend}) pid ${meta.codexPid} in ${cwd}${
        keep ? "; it keeps running after this client leaves" : ""
      }`;
      return toolResult(text, {
        session: paths.name,
        backend: meta.backend,
        codexVersion: meta.codexVersion,
        codexPid: meta.codexPid,
        supervisorPid: meta.supervisor?.pid ?? null,
        cwd,
        keep,
        archivedTo: result.archivedTo,
      });
    },
  });

  addTool(server, {
    name: "codex_stop",
    title: "Stop a Codex session",
    description:
      "End Codex and everything it started (SIGTERM, then SIGKILL after timeout_seconds); the session's files are kept.",
    input: {
      session: sessionInput,
      timeout_seconds: z.number().positive().max(MAX_STOP_SECONDS).optional().describe(
        "time after SIGTERM before SIGKILL (default 10)",
      ),
    },
    annotations: { destructiveHint: true },
    run: async (args) => {
      const paths = pathsOf(context, args.session);
      const result = await stopSession(paths, { timeoutMs: (args.timeout_seconds ?? 10) * 1000 });
      context.owned.forget(paths.name);
      const how = describeExit(result.exit);
      const text = result.found === 0
        ? `session "${paths.name}" was not running${how}`
        : `stopped session "${paths.name}": ${result.found} processes ended${
          result.killed > 0 ? `, ${result.killed} killed with SIGKILL` : ""
        }${how}`;
      return toolResult(text, {
        session: paths.name,
        processes: result.found,
        killed: result.killed,
        exit: result.exit,
      });
    },
  });

  addTool(server, {
    name: "codex_status",
    title: "Session status",
    description:
      "State of one session or of all: alive or dead, tokens, the requests (open ones first, then the latest; max_requests), pending approvals and stuck findings.",
    input: {
      session: sessionInput.describe("one session (default: all sessions)"),
      max_requests: z.number().int().min(1).max(MAX_STATUS_REQUESTS).optional().describe(
        `requests and findings listed per session, open ones first (default ${DEFAULT_STATUS_REQUESTS})`,
      ),
    },
    annotations: { readOnlyHint: true },
    run: async (args) => {
      // listing every session skips records that cannot be read (codex_sessions names them)
      const entries = args.session === undefined ? await listSessions(context.stateDir) : [];
      const names = args.session === undefined
        ? entries.filter((entry) => entry.broken === null).map((entry) => entry.name)
        : [pathsOf(context, args.session).name];
      const broken = entries.flatMap((entry) =>
        entry.broken === null ? [] : [{ session: entry.name, error: entry.broken }]
      );
      const config = await configOf(context);
      const now = Date.now();
      const reports: SessionReport[] = [];
      for (const name of names) {
        const paths = pathsOf(context, name);
        const status = await readSessionStatus(paths, { now });
        const { meta, alive, analysis } = await context.analyses.read(paths);
        const owned = context.owned.get(name);
        const prices = pricesOf(config);
        const rateLimits = await readLastRateLimits(paths.output);
        reports.push(sessionReport(status, {
          backend: meta.backend,
          tokens: requestTotals(analysis.requests).tokens.total,
          cost: analysisCost(analysis, prices),
          requestCosts: new Map(
            analysis.requests.map((request) => [request.key, requestCost(request, prices)]),
          ),
          rateLimits,
          findings: detectStuck(analysis, {
            thresholds: config.stuck,
            now: alive ? now : null,
            rateLimits: rateLimits?.windows ?? [],
          }),
          managed: owned !== undefined,
          keep: owned?.keep ?? false,
          now,
          maxRequests: args.max_requests ?? DEFAULT_STATUS_REQUESTS,
        }));
      }
      const lines = [
        ...reports.flatMap(renderSessionReport),
        ...broken.map((entry) => `session "${entry.session}": cannot read: ${entry.error}`),
      ];
      const text = lines.length === 0 ? `no sessions in ${context.stateDir}` : lines.join("\n");
      return toolResult(text, { sessions: reports, broken });
    },
  });
}

// A default approval policy the running Codex rejects would fail every codex_send: refuse it at
// start (the version is known only once Codex answered), and stop the session just started.
async function requireAcceptedPolicy(
  paths: SessionPaths,
  meta: SessionMeta,
  policy: string | undefined,
  context: McpContext,
): Promise<void> {
  if (policy === undefined || meta.backend === "app-server") return;
  const accepted = acceptedApprovalPolicies(parseCodexVersion(meta.codexVersion ?? ""));
  if (accepted.includes(policy)) return;
  await stopSession(paths, {});
  context.owned.forget(paths.name);
  throw new UsageError(
    `Invalid approval policy "${policy}": Codex ${meta.codexVersion} accepts ${
      accepted.join(", ")
    } (stopped session "${paths.name}")`,
  );
}
