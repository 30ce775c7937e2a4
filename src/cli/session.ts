/** `codexmon session ...`: wiring of flags to the session functions. */

import { type Command, Option } from "@commander-js/extra-typings";
import { UsageError } from "../core/errors.ts";
import { resolve } from "node:path";
import { parseRequestIdArg, type RequestId, requestKey } from "../core/model/mod.ts";
import type { Config } from "../core/config/mod.ts";
import { loadConfig } from "../io/config_file.ts";
import { createColors, shouldColor } from "../ui/colors.ts";
import { formatDuration } from "../ui/format.ts";
import {
  answerApproval,
  cancelRequest,
  describeExit,
  replyTo,
  sendPrompt,
  sendRaw,
  steerRequest,
} from "../session/send.ts";
import { startSession } from "../session/start.ts";
import { stopSession } from "../session/stop.ts";
import { listSessions, readSessionStatus } from "../session/status.ts";
import { livenessText, renderSessionList, renderSessionStatus } from "../ui/status_view.ts";
import { runSupervisor } from "../session/supervisor.ts";
import {
  DEFAULT_SESSION_NAME,
  resolveStateDir,
  type SessionPaths,
  sessionPaths,
} from "../session/state_dir.ts";
import { waitExitCode, waitForRequest, type WaitResult } from "../session/wait.ts";
import { parseConfigPairs } from "../session/tool_arguments.ts";
import type { CliContext } from "./context.ts";
import { positiveSeconds } from "./options.ts";

const STATE_DIR_HELP = "state folder (default: $CODEXMON_STATE_DIR, else .codexmon)";

/** Registers `session` and its subcommands on `program`. */
export function registerSession(program: Command, context: CliContext): void {
  const session = program
    .command("session")
    .description(
      "Run Codex in the background (app-server, or mcp-server for Codex 0.153 and older) and talk to it: start, send, wait, reply, approve, stop",
    );
  session.command("start")
    .description(
      "start Codex in the background (`codex app-server`, or `codex mcp-server` for 0.153 and older) and do the handshake",
    )
    .option(
      "--codex <path>",
      "the codex binary (default: config session.codex, $CODEXMON_CODEX, codex on PATH)",
    )
    .option("--cwd <dir>", "Codex's working directory (default: the current one)")
    .addOption(
      new Option(
        "--backend <backend>",
        "how to run Codex (default: mcp-server up to Codex 0.153.4, app-server from 0.154)",
      ).choices(["mcp-server", "app-server"] as const),
    )
    .argument("[codexArgs...]", "extra arguments for codex mcp-server/app-server (after --)")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (codexArgs, flags) => {
      const paths = pathsOf(flags, context);
      const config = await sessionConfig(context);
      const cwd = flags.cwd ?? config.session.cwd ?? Deno.cwd();
      const result = await startSession(paths, {
        codex: flags.codex ?? config.session.codex,
        cwd: resolvePath(cwd),
        codexArgs,
        env: context.env,
        backend: flags.backend,
      });
      const meta = result.meta;
      if (result.archivedTo) context.stderr.line(`moved the previous run to ${result.archivedTo}`);
      context.stdout.line(
        `started session "${paths.name}": Codex ${
          meta.codexVersion ?? "(version unknown)"
        } pid ${meta.codexPid} (supervisor ${meta.supervisor?.pid})`,
      );
      context.stdout.line(`  buffer  ${paths.buffer}`);
      context.stdout.line(`  output  ${paths.output}`);
    });

  session.command("send")
    .description("send a prompt (a new Codex thread); prints the request id")
    .argument("[prompt]", "the prompt (omit with --raw)")
    .option("--cwd <dir>", "working directory of the thread")
    .option("--model <model>", "model")
    .option(
      "--approval-policy <policy>",
      "untrusted, on-failure, on-request or never (0.153: on-request, never)",
    )
    .option("--sandbox <mode>", "read-only, workspace-write or danger-full-access")
    .option("--profile <name>", "Codex config profile")
    .option("--config <key=value>", "Codex config override (repeatable)", collect, [] as string[])
    .option("--raw <json>", "append this JSON-RPC message instead (validated, one line)")
    .option("--wait", "wait for the answer (like session wait)")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (prompt, flags) => {
      const paths = pathsOf(flags, context);
      if (flags.raw !== undefined) {
        if (prompt !== undefined) throw new UsageError("Cannot combine a prompt with --raw");
        const id = await sendRaw(paths, flags.raw);
        if (id !== null) context.stdout.line(requestKey(id));
        if (flags.wait && id !== null) await waitAndReport(paths, id, flags.timeout, context);
        return;
      }
      if (prompt === undefined) {
        throw new UsageError("Missing the prompt: codexmon session send PROMPT");
      }
      const config = await sessionConfig(context);
      const defaults = config.session;
      const overrides = { ...(defaults.config ?? {}), ...parseConfigPairs(flags.config) };
      const cwd = flags.cwd ?? defaults.cwd;
      const id = await sendPrompt(paths, {
        prompt,
        cwd: cwd === undefined ? undefined : resolvePath(cwd),
        model: flags.model ?? defaults.model,
        approvalPolicy: flags.approvalPolicy ?? defaults.approvalPolicy,
        sandbox: flags.sandbox ?? defaults.sandbox,
        profile: flags.profile ?? defaults.profile,
        config: overrides,
      });
      context.stdout.line(String(id));
      if (flags.wait) await waitAndReport(paths, id, flags.timeout, context);
    });

  session.command("reply")
    .description("continue the thread of request ID (codex-reply); prints the new request id")
    .argument("<id>", "the request whose thread to continue (any id a table shows, or the turn id)")
    .argument("<prompt>", "the prompt")
    .option("--wait", "wait for the answer")
    .option("--timeout <seconds>", "with --wait: give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, prompt, flags) => {
      const paths = pathsOf(flags, context);
      const result = await replyTo(paths, parseRequestIdArg(id), prompt);
      context.stdout.line(String(result.id));
      if (flags.wait) await waitAndReport(paths, result.id, flags.timeout, context);
    });

  session.command("steer")
    .description("add input to the running turn of request ID (app-server turn/steer)")
    .argument("<id>", "the running request (any id a table shows, or the turn id)")
    .argument("<prompt>", "the input to add")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, prompt, flags) => {
      const paths = pathsOf(flags, context);
      const requestId = parseRequestIdArg(id);
      await steerRequest(paths, requestId, prompt);
      context.stdout.line(`steered request ${requestKey(requestId)}`);
    });

  session.command("wait")
    .description(
      "wait for request ID and print its answer; exit 0 completed, 3 stuck, 4 needs approval, 5 timed out, 6 failed/cancelled/no response",
    )
    .argument("<id>", "the request id (as send printed it, any id a table shows, or the turn id)")
    .option("--timeout <seconds>", "give up after this long (exit 5)", positiveSeconds)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, flags) => {
      await waitAndReport(pathsOf(flags, context), parseRequestIdArg(id), flags.timeout, context);
    });

  for (const [verb, decision] of [["approve", "approved"], ["deny", "denied"]] as const) {
    session.command(verb)
      .description(`${verb} the pending approval (elicitation) of request ID`)
      .argument("<id>", "the request id (any id a table shows, or the turn id)")
      .option("--state-dir <dir>", STATE_DIR_HELP)
      .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
      .action(async (id, flags) => {
        const paths = pathsOf(flags, context);
        const requestId = parseRequestIdArg(id);
        const answer = await answerApproval(paths, requestId, decision);
        context.stdout.line(
          `${decision} request ${requestKey(requestId)} (elicitation ${
            requestKey(answer.elicitationId)
          }): ${answer.message}`,
        );
      });
  }

  session.command("cancel")
    .description(
      "cancel request ID (app-server: turn/interrupt; mcp-server: notifications/cancelled, marked cancelled if Codex ignores it)",
    )
    .argument("<id>", "the request id (any id a table shows, or the turn id)")
    .option(
      "--grace <seconds>",
      "how long to wait for Codex to end the request",
      positiveSeconds,
      5,
    )
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (id, flags) => {
      const paths = pathsOf(flags, context);
      const requestId = parseRequestIdArg(id);
      const result = await cancelRequest(paths, requestId, { graceMs: flags.grace * 1000 });
      const key = requestKey(requestId);
      if (result.ended) {
        context.stdout.line(`request ${key} ended after the cancel (${result.state})`);
      } else {
        context.stdout.line(`request ${key} marked cancelled in session.json`);
        context.stderr.line(
          `Codex did not end request ${key} within ${flags.grace} s (a known Codex bug: mcp-server ignores notifications/cancelled); it may keep running until the session stops`,
        );
      }
    });

  session.command("status")
    .description("alive or dead, pid, uptime, Codex version and the request table")
    .option("--json", "one JSON object")
    .option("--no-color", "never use colours")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (flags) => {
      const paths = pathsOf(flags, context);
      const now = Date.now();
      const status = await readSessionStatus(paths, { now });
      if (flags.json) {
        context.stdout.line(JSON.stringify({ ...status, state: livenessText(status) }));
        return;
      }
      const colors = createColors(
        shouldColor({
          isTty: context.stdoutIsTty,
          noColorFlag: flags.color === false,
          env: context.env,
        }),
      );
      for (
        const line of renderSessionStatus(status, { colors, now, width: terminalWidth(context) })
      ) {
        context.stdout.line(line);
      }
    });

  session.command("list")
    .description("all sessions in the state folder")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--json", "one JSON object per line")
    .action(async (flags) => {
      const stateDir = resolveStateDir({ flag: flags.stateDir, env: context.env, cwd: Deno.cwd() });
      const entries = await listSessions(stateDir);
      if (flags.json) {
        for (const entry of entries) context.stdout.line(JSON.stringify(entry));
        return;
      }
      const colors = createColors(
        shouldColor({ isTty: context.stdoutIsTty, noColorFlag: false, env: context.env }),
      );
      for (
        const line of renderSessionList(entries, {
          colors,
          now: Date.now(),
          width: terminalWidth(context),
        })
      ) {
        context.stdout.line(line);
      }
    });

  session.command("stop")
    .description("end Codex and everything it started; keeps the buffer and the output")
    .option("--timeout <seconds>", "time allowed after SIGTERM before SIGKILL", positiveSeconds, 10)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .option("--name <name>", "session name", DEFAULT_SESSION_NAME)
    .action(async (flags) => {
      const paths = pathsOf(flags, context);
      const result = await stopSession(paths, { timeoutMs: flags.timeout * 1000 });
      const how = describeExit(result.exit);
      if (result.found === 0) {
        context.stdout.line(`session "${paths.name}" was not running${how}`);
      } else {
        const killed = result.killed > 0 ? `, ${result.killed} killed with SIGKILL` : "";
        context.stdout.line(
          `stopped session "${paths.name}": ${result.found} processes ended${killed}${how}`,
        );
      }
      context.stdout.line(`  kept ${paths.buffer} and ${paths.output}`);
    });

  session.command("_supervise", { hidden: true })
    .argument("<dir>", "session folder")
    .action(async (dir) => {
      context.exitCode = await runSupervisor(dir) as typeof context.exitCode;
    });
}

async function waitAndReport(
  paths: SessionPaths,
  id: RequestId,
  timeoutSeconds: number | undefined,
  context: CliContext,
): Promise<void> {
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  Deno.addSignalListener("SIGINT", onInterrupt);
  let result: WaitResult;
  try {
    const config = await sessionConfig(context);
    result = await waitForRequest(paths, id, {
      timeoutMs: timeoutSeconds === undefined ? null : timeoutSeconds * 1000,
      signal: interrupt.signal,
      thresholds: config.stuck,
    });
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
  reportWait(result, id, timeoutSeconds, context);
  context.exitCode = waitExitCode(result.state);
}

function reportWait(
  result: WaitResult,
  id: RequestId,
  timeoutSeconds: number | undefined,
  context: CliContext,
): void {
  const key = requestKey(id);
  const request = result.request;
  switch (result.state) {
    case "completed":
      context.stdout.line(request?.finalMessage ?? "");
      return;
    case "failed": {
      const error = request?.errors.at(-1)?.message ?? request?.finalMessage ?? "no message";
      if (request?.finalMessage) context.stdout.line(request.finalMessage);
      context.stderr.line(`request ${key} failed: ${error}`);
      return;
    }
    case "cancelled":
      context.stderr.line(`request ${key} was cancelled`);
      return;
    case "no_response":
      context.stderr.line(
        (request
          ? `request ${key} got no response: Codex exited while it was open (state ${request.state})`
          : `request ${key} got no response: Codex exited before it started`) +
          (result.serverGone ? `: ${result.serverGone}` : ""),
      );
      return;
    case "awaiting_approval": {
      const approval = request?.approvals.find((approval) => !approval.resolved);
      context.stderr.line(`request ${key} needs approval: ${approval?.message ?? "(no message)"}`);
      context.stderr.line(`  answer with: codexmon session approve ${key} (or deny ${key})`);
      return;
    }
    case "stuck":
      context.stderr.line(`request ${key} is stuck:`);
      for (const finding of result.findings) {
        context.stderr.line(`  ${finding.kind}: ${finding.reason}`);
        context.stderr.line(`    ${finding.suggestion}`);
      }
      return;
    case "timed_out":
      context.stderr.line(
        `request ${key} did not end within ${timeoutSeconds} s (state ${
          request?.state ?? "not started"
        }${
          request?.lastTime
            ? `, last line ${formatDuration(Date.now() - request.lastTime)} ago`
            : ""
        })`,
      );
      return;
    case "interrupted":
      context.stderr.line(
        `stopped waiting for request ${key} (interrupted); the request keeps running`,
      );
      return;
    default: {
      const unknown: never = result.state;
      throw new TypeError(`Unknown wait state: ${String(unknown)}`);
    }
  }
}

function pathsOf(flags: { stateDir?: string; name: string }, context: CliContext): SessionPaths {
  const stateDir = resolveStateDir({ flag: flags.stateDir, env: context.env, cwd: Deno.cwd() });
  return sessionPaths(stateDir, flags.name);
}

function sessionConfig(context: CliContext): Promise<Config> {
  return loadConfig({ cwd: Deno.cwd(), env: context.env });
}

function resolvePath(path: string): string {
  return resolve(Deno.cwd(), path);
}

function terminalWidth(context: CliContext): number {
  if (!context.stdoutIsTty) return 160;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 100;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
