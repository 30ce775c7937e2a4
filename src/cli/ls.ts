/** `codexmon ls [FILE|GLOB...]`: every Codex session at a glance. */

import type { Command } from "@commander-js/extra-typings";
import {
  filterSessions,
  listingJson,
  parseTimeBound,
  SESSION_STATES,
  type SessionFilter,
  sessionJson,
  type SessionState,
} from "../core/usage/mod.ts";
import { UsageError } from "../core/errors.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { FACTS_WORKER_MODULE, listSessions, sessionsDir } from "../io/discovery/mod.ts";
import { codexmonSessionRows, resolveStateDir } from "../session/mod.ts";
import {
  createColors,
  renderSessionTable,
  shouldColor,
  terminalWidth,
  type TerminalWidthOptions,
} from "../ui/mod.ts";
import { codexHomesFrom, collect, pricesFrom } from "./codex_home_options.ts";
import type { CliContext } from "./context.ts";
import { openFactsCache } from "./facts_cache_file.ts";
import { commaList, positiveInt } from "./options.ts";

/** The width of the session list. */
const LS_WIDTH: TerminalWidthOptions = { notTty: 200, unknown: 160, min: 80 };

/** The parsed flags of `ls`. */
export interface LsFlags {
  codexHome?: string[];
  stateDir?: string;
  since?: string;
  until?: string;
  cwd?: string;
  state?: string[];
  limit?: number;
  json?: true;
  /** False with --no-cache. */
  cache?: boolean;
  color: boolean;
  config?: string;
}

/** Registers `ls` on `program`. */
export function registerLs(program: Command, context: CliContext): void {
  program
    .command("ls")
    .description(
      "List every Codex session (rollouts under $CODEX_HOME/sessions and codexmon sessions), newest activity first",
    )
    .argument("[files...]", "rollout files or globs to list instead of the Codex homes")
    .option(
      "--codex-home <dir>",
      "a Codex home to search (repeatable; default $CODEX_HOME or ~/.codex)",
      collect,
    )
    .option("--state-dir <dir>", "codexmon state folder whose sessions are listed too")
    .option("--since <when>", "only sessions active since (2026-11-24, 2026-11-24T13:00Z, 2h, 7d)")
    .option("--until <when>", "only sessions started until (same forms as --since)")
    .option("--cwd <dir>", "only sessions whose working folder is DIR or below it")
    .option(
      "--state <states>",
      `only these states (comma list of ${SESSION_STATES.join(", ")})`,
      commaList,
    )
    .option("--limit <n>", "at most N sessions", positiveInt)
    .option("--config <path>", "config file (prices)")
    .option("--json", "one JSON object per session, then a listing object (docs/ls.md)")
    .option("--no-cache", "read every file; neither use nor update the discovery cache")
    .option("--no-color", "never use colours")
    .action(async (files, flags) => {
      context.exitCode = await runLs(files, flags, context);
    });
}

/** Runs `ls` and returns its exit code. */
export async function runLs(
  files: string[],
  flags: LsFlags,
  context: CliContext,
): Promise<ExitCode> {
  const now = Date.now();
  const filter = sessionFilter(flags, now);
  const codexHomes = codexHomesFrom(flags, context);
  const opened = openFactsCache(flags, context);
  const prices = await pricesFrom(flags, context);
  const listing = await listSessions({
    cache: opened.cache,
    codexHomes,
    moreSessions: () =>
      codexmonSessionRows(
        resolveStateDir({ flag: flags.stateDir, env: context.env, cwd: Deno.cwd() }),
        { prices },
      ),
    paths: files,
    cwd: Deno.cwd(),
    prices,
    now,
    // A second thread pays only where a second core runs it (affinity and quotas count).
    ...(navigator.hardwareConcurrency > 1 ? { factsWorker: FACTS_WORKER_MODULE } : {}),
  });
  // Files named on the command line are a part of the homes: keep the other entries.
  await opened.save(files.length === 0);
  for (const home of listing.missingHomes) {
    context.stderr.line(`No Codex sessions in "${home}": "${sessionsDir(home)}" does not exist`);
  }
  if (listing.skippedFolders > 0) {
    context.stderr.line(`Skipped ${listing.skippedFolders} folders that cannot be read`);
  }
  const sessions = filterSessions(listing.sessions, filter);
  if (flags.json) {
    for (const session of sessions) context.stdout.line(JSON.stringify(sessionJson(session)));
    context.stdout.line(JSON.stringify(
      listingJson(sessions.length, { ...listing, found: listing.sessions.length, codexHomes }),
    ));
    return EXIT.ok;
  }
  if (sessions.length === 0) return EXIT.ok;
  const colors = createColors(
    shouldColor({ isTty: context.stdoutIsTty, noColorFlag: !flags.color, env: context.env }),
  );
  const width = terminalWidth(context.stdoutIsTty, LS_WIDTH);
  for (const line of renderSessionTable(sessions, { now, width, colors })) {
    context.stdout.line(line);
  }
  return EXIT.ok;
}

function sessionFilter(flags: LsFlags, now: number): SessionFilter {
  const filter: SessionFilter = {};
  if (flags.since !== undefined) filter.since = parseTimeBound(flags.since, "--since", now);
  if (flags.until !== undefined) filter.until = parseTimeBound(flags.until, "--until", now);
  if (flags.cwd !== undefined) filter.cwd = flags.cwd;
  if (flags.limit !== undefined) filter.limit = flags.limit;
  if (flags.state !== undefined) {
    const states = new Set<SessionState>();
    for (const state of flags.state) {
      const known = SESSION_STATES.find((candidate) => candidate === state);
      if (known === undefined) {
        throw new UsageError(
          `Cannot use "${state}" with --state: expected one of ${SESSION_STATES.join(", ")}`,
        );
      }
      states.add(known);
    }
    filter.states = states;
  }
  return filter;
}
