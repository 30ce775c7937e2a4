/** `codexmon watch FILE`: wiring of flags to the live loop in `src/watch/`. */

import { type Command, Option } from "@commander-js/extra-typings";
import { applyStuckFlags, DEFAULT_STUCK_THRESHOLDS } from "../core/config/mod.ts";
import { UsageError } from "../core/errors.ts";
import { ENTRY_KINDS, type EntryKind } from "../core/model/mod.ts";
import { DEFAULT_POLL_MS, loadConfig } from "../io/mod.ts";
import { EXIT_CONDITIONS, parseExitOn } from "../core/watch/mod.ts";
import { DEFAULT_ENTRY_KINDS, runWatch, type WatchOptions } from "../watch/mod.ts";
import type { CliContext } from "./context.ts";
import { resolveFileArguments } from "./codex_home_options.ts";
import {
  type ColorChoice,
  colorMode,
  colorOption,
  commaList,
  positiveInt,
  requestIdText,
} from "./options.ts";

const WATCH_EXIT_CODES = `
Exit codes (watch):
    0  with --exit-on done: every request completed; a closed pipe also ends watch with 0
    1  the file cannot be read, or the --on-alert command cannot be started
    2  usage error (unknown flag, bad value, broken config)
    3  with --exit-on stuck: a request is stuck
    4  with --exit-on approval: a request needs approval
    6  with --exit-on failed: a request failed (with done: all ended, not all completed)
  129  ended by SIGHUP (terminal or tmux pane closed); the cursor is restored
  130  interrupted (Ctrl-C); the cursor is restored
  143  ended by SIGTERM (kill, timeout); the cursor is restored
`;

const WATCH_EXAMPLES = `
Examples:
  codexmon watch out.jsonl                           board on a terminal, lines in a pipe
  codexmon watch out.jsonl --exit-on done,stuck      wait for the outcome, read the exit code
  codexmon watch out.jsonl -r 2fe262 --exit-on done  wait for one request (any id a table shows)
  codexmon watch out.jsonl -j -s | jq .              one JSON object per event or transition`;

/** The parsed flags of `watch`. */
export interface WatchFlags {
  format?: "mcp-server" | "app-server" | "exec-json" | "rollout";
  fromStart?: true;
  pollMs: number;
  fsEvents: boolean;
  json?: true;
  color?: ColorChoice | boolean;
  bell?: true;
  onAlert?: string;
  exitOn?: string[];
  stuck?: true;
  silence?: string;
  silenceStuck?: string;
  repeatThreshold?: string;
  threshold?: string[];
  config?: string;
  request?: string;
  types?: string[];
  reasoning?: true;
}

/** Registers `watch` on `program`. */
export function registerWatch(program: Command, context: CliContext): void {
  program
    .command("watch")
    .description(
      "Follow a live Codex output file: status per request, notable events, alerts on completion, failure, approval and stuck requests",
    )
    .argument("<file>", "the Codex output file (it may not exist yet)")
    .optionsGroup("Following:")
    .option("--from-start", "report what is already in the file too (default: start at the end)")
    .addOption(
      new Option("--format <format>", "read the file as this format (default: detect)").choices(
        ["mcp-server", "app-server", "exec-json", "rollout"] as const,
      ),
    )
    .option("--poll-ms <ms>", "milliseconds between file checks", positiveInt, DEFAULT_POLL_MS)
    .option("--no-fs-events", "poll only (network file systems, where change events do not arrive)")
    .optionsGroup("Output:")
    .option("-j, --json", "one JSON object per line: entries, transitions, alerts, notices")
    .addOption(colorOption())
    .option("--no-color", "never use colours (same as --color=never)")
    .option("--bell", "ring the terminal bell on every alert")
    .option(
      "--on-alert <cmd>",
      "run CMD with sh -c on every alert (alert JSON on stdin and in CODEXMON_* variables)",
    )
    .optionsGroup("Exit conditions and stuck detection:")
    .option(
      "--exit-on <conditions>",
      `exit when one holds (comma list of ${EXIT_CONDITIONS.join(", ")})`,
      commaList,
    )
    .option("-s, --stuck", "run the stuck detectors (silence, loops, retries...)")
    .option(
      "--silence <seconds>",
      "seconds without a line before a silence warning (implies --stuck)",
    )
    .option(
      "--silence-stuck <seconds>",
      "seconds without a line before a request is stuck (implies --stuck)",
    )
    .option(
      "--repeat-threshold <n>",
      "runs of the same command that make a request stuck (implies --stuck)",
    )
    .option(
      "--threshold <key=value>",
      "set any stuck threshold, repeatable (implies --stuck)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--config <path>", "the config file with stuck thresholds (default: codexmon.jsonc)")
    .optionsGroup("Filters:")
    .option(
      "-r, --request <id>",
      "only this request: short id, key, turn id or requestId",
      requestIdText,
    )
    .option("--types <kinds>", `show these entry kinds: ${ENTRY_KINDS.join(",")}`, commaList)
    .option("--reasoning", "show reasoning too")
    .addHelpText("after", WATCH_EXIT_CODES + WATCH_EXAMPLES)
    .action(async (file, flags) => {
      const options = await watchOptions(flags, context);
      const [path = file] = await resolveFileArguments([file], {}, context);
      context.exitCode = await runWatch(path, options, context);
    });
}

/** Turns the flags into {@linkcode WatchOptions}; throws {@linkcode UsageError} for bad values. */
export async function watchOptions(flags: WatchFlags, context: CliContext): Promise<WatchOptions> {
  const exitOn = flags.exitOn === undefined ? new Set<never>() : parseExitOn(flags.exitOn);
  const thresholdFlags = {
    silence: flags.silence,
    silenceStuck: flags.silenceStuck,
    repeatThreshold: flags.repeatThreshold,
    threshold: flags.threshold,
  };
  const tuned = Object.values(thresholdFlags).some((value) => value !== undefined);
  const stuck = flags.stuck === true || tuned || exitOn.has("stuck");
  const base = stuck
    ? (await loadConfig({ cwd: Deno.cwd(), path: flags.config, env: context.env })).stuck
    : { ...DEFAULT_STUCK_THRESHOLDS };
  const kinds = new Set<EntryKind>(
    flags.types === undefined ? DEFAULT_ENTRY_KINDS : flags.types.map(entryKind),
  );
  if (flags.reasoning) kinds.add("reasoning");
  return {
    ...(flags.format ? { format: flags.format } : {}),
    fromStart: flags.fromStart === true,
    pollMs: flags.pollMs,
    fsEvents: flags.fsEvents,
    json: flags.json === true,
    color: !colorMode(flags.color).noColorFlag,
    colorMode: colorMode(flags.color).mode,
    bell: flags.bell === true,
    onAlert: flags.onAlert ?? null,
    exitOn,
    stuck,
    thresholds: applyStuckFlags(base, thresholdFlags),
    requestKey: flags.request ?? null,
    kinds,
  };
}

function entryKind(text: string): EntryKind {
  const kind = ENTRY_KINDS.find((name) => name === text || `${name}s` === text);
  if (kind === undefined) {
    throw new UsageError(
      `Cannot use "${text}" with --types: expected one of ${ENTRY_KINDS.join(", ")}`,
    );
  }
  return kind;
}
