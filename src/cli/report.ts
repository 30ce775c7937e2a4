/** `codexmon report FILE...`: wiring of flags to the HTML report in `src/report/`. */

import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { UsageError } from "../core/errors.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { buildReport, defaultReportPath, serveReport, writeReport } from "../report/mod.ts";
import { createProgress, NO_PROGRESS } from "../ui/mod.ts";
import type { RequestRecord } from "../core/model/mod.ts";
import { requestCost } from "../core/pricing/mod.ts";
import { pricesFrom, resolveFileArguments } from "./codex_home_options.ts";
import type { CliContext } from "./context.ts";
import {
  collectThreshold,
  resolveThresholds,
  STUCK_OPTIONS,
  type StuckOptionValues,
} from "./stuck_options.ts";

const REPORT_HELP = `
Output: without -o, the page goes to NAME.report.html in the current folder (NAME: the first
input without .jsonl); an existing file is never replaced without --force. -o - writes to stdout.
With --serve, the page is served on 127.0.0.1 (the URL is printed) and updates as the file grows;
Ctrl-C or SIGTERM stops the server.

Exit codes (report):
    0  the report was written (or the server stopped on SIGTERM)
    1  an input cannot be read, or the output exists (without --force) or cannot be written
    2  usage error (unknown flag, bad value, broken config)
  130  the server was interrupted (Ctrl-C)
`;

/** The parsed flags of `report`. */
export interface ReportFlags extends StuckOptionValues {
  output?: string;
  force?: true;
  serve?: true;
  latest?: true;
  port: number;
  format?: "mcp-server" | "app-server" | "exec-json" | "rollout";
}

/** Registers `report` on `program`. */
export function registerReport(program: Command, context: CliContext): void {
  program
    .command("report")
    .description(
      "Write a self-contained HTML report (overview, timeline, token charts, requests, findings), or serve it live",
    )
    .argument(
      "[files...]",
      "Codex output files (mcp-server, app-server, exec --json, rollout) or session id prefixes",
    )
    .option("--latest", "also report the newest Codex session of $CODEX_HOME")
    .option("-o, --output <path>", "write the page here ('-' for stdout)")
    .option("--force", "replace the output file if it exists")
    .option("--serve", "serve the report on 127.0.0.1 and update it live as the file grows")
    .option("--port <port>", "port for --serve (default: a free one)", portNumber, 0)
    .addOption(
      new Option("--format <format>", "read the files as this format (default: detect)").choices(
        ["mcp-server", "app-server", "exec-json", "rollout"] as const,
      ),
    )
    .option(
      STUCK_OPTIONS[0][0],
      "config file: stuck thresholds and prices (default: ./codexmon.jsonc)",
    )
    .option("--threshold <key=value>", "set any stuck threshold (repeatable)", collectThreshold)
    .addHelpText("after", REPORT_HELP)
    .action(async (files, flags) => {
      files = await resolveFileArguments(files, flags, context);
      context.exitCode = await runReport(files, flags, context);
    });
}

function portNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidArgumentError(`Expected a port from 0 to 65535, got "${text}"`);
  }
  return value;
}

/** Runs `report` and returns its exit code. */
export async function runReport(
  files: string[],
  flags: ReportFlags,
  context: CliContext,
): Promise<ExitCode> {
  const thresholds = await resolveThresholds(flags, context);
  const prices = await pricesFrom(flags, context);
  const format = {
    ...(flags.format ? { format: flags.format } : {}),
    costOf: (record: RequestRecord) => requestCost(record, prices),
  };
  if (flags.serve) {
    if (files.length !== 1) throw new UsageError("Cannot serve several files: give one file");
    if (flags.output !== undefined) throw new UsageError("Cannot combine --serve with -o");
    return await serveReport(files[0] as string, {
      thresholds,
      port: flags.port,
      ...format,
      onListen: (url) => {
        context.stdout.line(url);
        context.stdout.flush();
        context.stderr.line("Serving the live report; Ctrl-C stops");
      },
    });
  }
  const output = flags.output ?? defaultReportPath(files[0] as string);
  const progress = context.stderrIsTty
    ? createProgress(Deno.stderr, { label: "reading" })
    : NO_PROGRESS;
  let html: string;
  try {
    html = await buildReport(files, {
      thresholds,
      now: Date.now(),
      ...format,
      onProgress: (read, total) => total >= 32 * 1024 * 1024 && progress.update(read, total),
    });
  } finally {
    progress.done();
  }
  if (output === "-") {
    context.stdout.write(html);
    return EXIT.ok;
  }
  await writeReport(output, html, { force: flags.force === true });
  context.stderr.line(`Wrote ${output} (${formatSize(html.length)})`);
  return EXIT.ok;
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024
    ? `${(chars / 1024 / 1024).toFixed(1)} MB`
    : `${Math.ceil(chars / 1024)} KB`;
}
