/** `codexmon usage [FILE|GLOB...]`: tokens and cost by day, month, session, model or folder. */

import type { Command } from "@commander-js/extra-typings";
import { UsageError } from "../core/errors.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { dayFormatter, type UsageGrouping, UsageReportBuilder } from "../core/usage/mod.ts";
import { PRICE_TABLE_DATE } from "../core/pricing/mod.ts";
import { collectUsage, sessionsDir } from "../io/discovery/mod.ts";
import { createColors, renderUsage, shouldColor, usageRowJson } from "../ui/mod.ts";
import { codexHomesFrom, collect, pricesFrom } from "./codex_home_options.ts";
import type { CliContext } from "./context.ts";
import { openFactsCache } from "./facts_cache_file.ts";

/** The parsed flags of `usage`. */
export interface UsageFlags {
  daily?: true;
  monthly?: true;
  session?: true;
  model?: true;
  cwd?: true;
  timezone?: string;
  since?: string;
  until?: string;
  codexHome?: string[];
  config?: string;
  json?: true;
  /** False with --no-cache. */
  cache?: boolean;
  color: boolean;
}

const GROUPINGS: readonly UsageGrouping[] = ["daily", "monthly", "session", "model", "cwd"];

/** Registers `usage` on `program`. */
export function registerUsage(program: Command, context: CliContext): void {
  program
    .command("usage")
    .description(
      "Token and cost totals of the Codex sessions by day (default), month, session, model or folder",
    )
    .argument("[files...]", "rollout files or globs to count instead of the Codex homes")
    .option("--daily", "one row per day (default)")
    .option("--monthly", "one row per month")
    .option("--session", "one row per session")
    .option("--model", "one row per model")
    .option("--cwd", "one row per working folder")
    .option("--timezone <zone>", "IANA time zone of days and months (default: $TZ, else local)")
    .option("--since <day>", "only days from DAY (YYYY-MM-DD, in --timezone)")
    .option("--until <day>", "only days until DAY, inclusive")
    .option(
      "--codex-home <dir>",
      "a Codex home to read (repeatable; default $CODEX_HOME or ~/.codex)",
      collect,
    )
    .option("--config <path>", "config file (prices)")
    .option("--json", "one JSON object (docs/usage.md)")
    .option("--no-cache", "read every file; neither use nor update the discovery cache")
    .option("--no-color", "never use colours")
    .action(async (files, flags) => {
      context.exitCode = await runUsage(files, flags, context);
    });
}

/** Runs `usage` and returns its exit code. */
export async function runUsage(
  files: string[],
  flags: UsageFlags,
  context: CliContext,
): Promise<ExitCode> {
  const grouping = groupingOf(flags);
  const timeZone = flags.timezone ?? context.env("TZ") ??
    Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  let dayOf: (at: number) => string;
  try {
    dayOf = dayFormatter(timeZone);
  } catch {
    throw new UsageError(`Cannot use "${timeZone}" with --timezone: unknown time zone`);
  }
  const since = dayFlag(flags.since, "--since");
  const until = dayFlag(flags.until, "--until");
  const bucketOf = grouping === "daily" || grouping === "monthly" || since || until
    ? dayOf
    : () => "";
  const codexHomes = codexHomesFrom(flags, context);
  const builder = new UsageReportBuilder({
    grouping,
    timeZone,
    prices: await pricesFrom(flags, context),
  });
  const opened = openFactsCache(flags, context);
  const usage = await collectUsage({
    cache: opened.cache,
    codexHomes,
    paths: files,
    cwd: Deno.cwd(),
    bucketOf,
    onSlice(slice) {
      const day = dayOf(slice.at);
      if ((since === null || day >= since) && (until === null || day <= until)) builder.add(slice);
    },
  });
  // Files named on the command line are a part of the homes: keep the other entries.
  await opened.save(files.length === 0);
  for (const home of usage.missingHomes) {
    context.stderr.line(`No Codex sessions in "${home}": "${sessionsDir(home)}" does not exist`);
  }
  if (usage.skipped > 0) {
    context.stderr.line(`Skipped ${usage.skipped} files that are no rollout or cannot be read`);
  }
  const report = builder.report();
  if (flags.json) {
    context.stdout.line(JSON.stringify({
      grouping,
      timezone: timeZone,
      price_table_date: PRICE_TABLE_DATE,
      rows: report.rows.map(usageRowJson),
      totals: usageRowJson(report.totals),
      sessions: usage.sessions,
      skipped_files: usage.skipped,
      sessions_read_through: usage.readWhole,
      missing_homes: usage.missingHomes,
    }));
    return EXIT.ok;
  }
  if (report.rows.length === 0) return EXIT.ok;
  const colors = createColors(
    shouldColor({ isTty: context.stdoutIsTty, noColorFlag: !flags.color, env: context.env }),
  );
  for (const line of renderUsage(report, { width: 200, colors })) context.stdout.line(line);
  return EXIT.ok;
}

function groupingOf(flags: UsageFlags): UsageGrouping {
  const chosen = GROUPINGS.filter((grouping) => flags[grouping] === true);
  if (chosen.length > 1) {
    throw new UsageError(`Choose one of --${GROUPINGS.join(", --")}`);
  }
  return chosen[0] ?? "daily";
}

function dayFlag(text: string | undefined, flag: string): string | null {
  if (text === undefined) return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!match) throw new UsageError(`Cannot use "${text}" with ${flag}: expected YYYY-MM-DD`);
  return `${match[1]}-${match[2]}-${match[3]}`;
}
