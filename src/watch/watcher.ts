/**
 * The live loop of `codexmon watch`: follows the file, feeds every line with its arrival time
 * to the Analyzer, turns snapshots into transitions, prints them (status board on a TTY, lines
 * or JSON otherwise), runs alerts and decides when to exit.
 *
 * @module
 */

import { RateLimitWatch } from "./rate_limit_alerts.ts";
import { rateLimitJson, type RateLimitWindow } from "../core/usage/mod.ts";
import type { StuckThresholds } from "../core/config/mod.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { Analyzer } from "../core/analyze/mod.ts";
import type { Entry, EntryKind, Format, RequestRecord } from "../core/model/mod.ts";
import { entryObject } from "../core/report/mod.ts";
import { ambiguityMessage, keyMatcher, resolveRequest } from "../core/request/mod.ts";
import { CodexmonError, UsageError } from "../core/errors.ts";
import {
  addSignalListener,
  analyzeFile,
  follow,
  type FollowNotice,
  removeSignalListener,
} from "../io/mod.ts";
import { ServerGoneProbe } from "../session/mod.ts";
import { detectStuck, type Finding, severityRank } from "../core/stuck/mod.ts";
import {
  type BatchedWriter,
  BoardScreen,
  type Colors,
  commandStatus,
  createColors,
  isClosedPipeError,
  renderBoard,
  renderNoticeLine,
  renderTimelineEntry,
  renderTransitionLine,
  shouldColor,
  terminalWidth,
  type TerminalWidthOptions,
} from "../ui/mod.ts";
import { AlertDispatcher } from "./alert_dispatch.ts";
import {
  alertEnvironment,
  buildBoard,
  decideExit,
  type ExitCondition,
  type ExitDecision,
  isEnded,
  type PayloadContext,
  type Transition,
  transitionObject,
  TransitionTracker,
} from "../core/watch/mod.ts";

/** The width of the board and the entry lines. */
const WATCH_WIDTH: TerminalWidthOptions = { notTty: 200, unknown: 120, min: 40 };

/** How often, at most, the stuck detectors run while no line arrives (silence needs a clock). */
export const IDLE_EVALUATION_MS = 250;

/** How often the board is redrawn while nothing happens (its "12s ago" times move). */
export const BOARD_REFRESH_MS = 1000;

/** How long watch waits for `--on-alert` commands before it exits (not after Ctrl-C). */
export const ALERT_COMMAND_GRACE_MS = 5000;

/** The entry kinds shown when `--types` is not given. */
export const DEFAULT_ENTRY_KINDS: readonly EntryKind[] = [
  "message",
  "command",
  "error",
  "approval",
  "patch",
];

/** What the loop needs from the process; `CliContext` fits. */
export interface WatchIo {
  stdout: BatchedWriter;
  stderr: BatchedWriter;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  env: (name: string) => string | undefined;
}

/** Everything `watch` was asked to do. */
export interface WatchOptions {
  /** Read the file as this format instead of detecting it (`--format`). */
  format?: Format;
  /** Treat the existing content as new: report (and alert on) it too. */
  fromStart: boolean;
  pollMs: number;
  /** Let file-system events wake the poll loop early (false for `--no-fs-events`). */
  fsEvents: boolean;
  json: boolean;
  /** False for `--no-color`. */
  color: boolean;
  /** `--color=auto|always|never` (default auto). */
  colorMode?: "auto" | "always" | "never";
  bell: boolean;
  /** `--on-alert CMD`, or `null`. */
  onAlert: string | null;
  exitOn: ReadonlySet<ExitCondition>;
  /** Run the stuck detectors. */
  stuck: boolean;
  thresholds: StuckThresholds;
  /** Only this request (any id form `resolveRequest` takes), or `null` for all. */
  requestKey: string | null;
  /** Entry kinds to show. */
  kinds: ReadonlySet<EntryKind>;
  /** Draw the status board (default: when stdout is a TTY and not `--json`). */
  board?: boolean;
  /** Terminal width (default: the console's, or 200 off a TTY). */
  width?: number;
  /** Stops the loop from outside (tests); resolves with exit code 0. */
  signal?: AbortSignal;
}

/**
 * Watches `path` until an `--exit-on` condition holds, Ctrl-C (130) or the reader of stdout
 * goes away (0). Returns the exit code.
 */
export async function runWatch(
  path: string,
  options: WatchOptions,
  io: WatchIo,
): Promise<ExitCode> {
  const watch = new Watch(path, options, io);
  return await watch.run();
}

class Watch {
  #path: string;
  #options: WatchOptions;
  #io: WatchIo;
  #colors: Colors;
  #width: number;
  #startTime = Date.now();
  #payload: PayloadContext;
  #rateLimits = new RateLimitWatch();
  #controller = new AbortController();
  #analyzer: Analyzer;
  #tracker = new TransitionTracker();
  #screen: BoardScreen | null;
  #dispatcher: AlertDispatcher | null;
  /** Stream lines waiting for the next board frame (board mode only). */
  #pending: string[] = [];
  #lines = 0;
  #liveLine = false;
  #evaluated = false;
  #dirty = true;
  #lastEvaluation = 0;
  #lastFrame = 0;
  #requests: RequestRecord[] = [];
  #notes = new Map<string, string>();
  /** The last command begun per request key, to name it when it ends. */
  #commands = new Map<string, string>();
  #matches: ((key: string) => boolean) | null = null;
  /** The key --request resolved to among the requests seen so far (a turn id needs them). */
  #resolvedKey: string | null = null;
  /** Set when --request matches several requests before it resolved: watch stops with it. */
  #ambiguous: UsageError | null = null;
  /** True once a later match of an already resolved --request was noted. */
  #laterMatchSaid = false;
  #decision: ExitDecision | null = null;
  /** The exit code of the signal that stopped watching, or null. */
  #stoppedBy: ExitCode | null = null;
  /** True once the `--on-alert` command could not be started. */
  #hookFailed = false;
  /** Reads the session record beside a session's output.json: is its Codex gone? */
  #serverProbe: ServerGoneProbe | null;
  #serverGoneSaid = false;

  constructor(path: string, options: WatchOptions, io: WatchIo) {
    this.#path = path;
    this.#options = options;
    this.#io = io;
    this.#payload = { file: path, startTime: this.#startTime };
    if (options.requestKey !== null) {
      const byKey = keyMatcher(options.requestKey);
      // once resolved, only that request: a later request the prefix also names stays out
      this.#matches = (key) => this.#resolvedKey === null ? byKey(key) : key === this.#resolvedKey;
    }
    this.#colors = createColors(
      shouldColor({
        isTty: io.stdoutIsTty,
        noColorFlag: !options.color,
        ...(options.colorMode ? { mode: options.colorMode } : {}),
        env: io.env,
      }),
    );
    this.#width = options.width ?? terminalWidth(io.stdoutIsTty, WATCH_WIDTH);
    const board = options.board ?? (io.stdoutIsTty && !options.json);
    this.#screen = board ? new BoardScreen(io.stdout) : null;
    this.#analyzer = this.#newAnalyzer();
    this.#serverProbe = ServerGoneProbe.applies(path) ? new ServerGoneProbe(path) : null;
    this.#dispatcher = options.onAlert === null ? null : new AlertDispatcher({
      command: options.onAlert,
      onProblem: (message) => this.#diagnostic(message),
      // Alerts would be lost without a word: watch ends with exit code 1 instead.
      onUnstartable: (message) => {
        this.#diagnostic(`${message}; watch stops`);
        this.#hookFailed = true;
        this.#controller.abort();
      },
      onOutput: (bytes) => {
        try {
          Deno.stderr.writeSync(bytes);
        } catch {
          // stderr is gone: nothing to show it on.
        }
      },
    });
  }

  async run(): Promise<ExitCode> {
    await this.#resolveAtStart();
    // Each signal that ends watch restores the terminal the same way; its exit code differs.
    const stops = STOP_SIGNALS.map(([name, code]) => {
      const handler = () => {
        this.#stoppedBy ??= code;
        this.#controller.abort();
      };
      addSignalListener(name, handler);
      return [name, handler] as const;
    });
    const signal = this.#options.signal;
    const onAbort = () => this.#controller.abort();
    signal?.addEventListener("abort", onAbort);
    let closedPipe = false;
    try {
      this.#screen?.start();
      await follow(this.#path, {
        onLine: (bytes, meta) => {
          this.#lines++;
          this.#liveLine = !meta.initial;
          this.#analyzer.pushLine(bytes, meta);
          const limit = this.#rateLimits.check(bytes);
          if (limit !== null && (this.#options.fromStart || !meta.initial)) {
            this.#rateLimitAlert(limit);
          }
        },
        onNotice: (notice) => this.#notice(notice),
        onCycle: (now) => this.#cycle(now),
      }, {
        fromStart: this.#options.fromStart,
        pollMs: this.#options.pollMs,
        watchFs: this.#options.fsEvents,
        signal: this.#controller.signal,
      });
    } catch (error) {
      if (!isClosedPipeError(error)) throw error;
      closedPipe = true;
    } finally {
      for (const [name, handler] of stops) removeSignalListener(name, handler);
      signal?.removeEventListener("abort", onAbort);
      if (!closedPipe) this.#restoreTerminal();
      if (this.#dispatcher !== null) {
        await this.#dispatcher.close(this.#stoppedBy !== null ? 0 : ALERT_COMMAND_GRACE_MS);
      }
    }
    if (closedPipe) return EXIT.ok;
    if (this.#ambiguous !== null) throw this.#ambiguous;
    if (this.#hookFailed) return EXIT.runtime;
    if (this.#stoppedBy !== null) return this.#stoppedBy;
    return this.#decision?.code ?? EXIT.ok;
  }

  #newAnalyzer(): Analyzer {
    return new Analyzer({
      detail: "full",
      onEntry: (entry) => this.#entry(entry),
      ...(this.#options.format ? { format: this.#options.format } : {}),
    });
  }

  #entry(entry: Entry): void {
    if (!this.#liveLine) return;
    const { requestKey, kinds } = this.#options;
    if (this.#matches !== null && (entry.key === null || !this.#matches(entry.key))) return;
    const shown = commandView(entry, kinds, this.#commands);
    if (shown === null) return;
    if (this.#options.json) {
      const object = entryObject(entry, { file: this.#path, codexVersion: null });
      this.#io.stdout.line(
        JSON.stringify({ ...object, elapsedMs: elapsed(entry.time, this.#startTime) }),
      );
      return;
    }
    this.#stream(renderTimelineEntry(shown, {
      colors: this.#colors,
      showRequest: requestKey === null,
      width: this.#width,
      startTime: this.#startTime,
    }));
  }

  #notice(notice: FollowNotice): void {
    const now = Date.now();
    switch (notice.kind) {
      case "waiting":
        this.#say("waiting", `waiting for "${this.#path}" to appear`, now);
        return;
      case "caught_up":
        this.#say(
          "watching",
          `watching "${this.#path}"${
            notice.lines > 0 ? ` (${notice.lines} lines already there)` : ""
          }`,
          now,
          { lines: notice.lines },
        );
        return;
      case "opened":
        // A second file (after rotation, removal or truncation) is a new run: start over.
        if (this.#evaluated) this.#startOver();
        return;
      case "truncated":
        this.#startOver();
        this.#say("truncated", "file truncated: reading it again from the start", now);
        return;
      case "rotated":
        this.#say("rotated", "file replaced: reading the new one from the start", now);
        return;
      case "removed":
        this.#say("removed", `file removed: waiting for "${this.#path}" to come back`, now);
        return;
      case "long_line":
        this.#analyzer.pushLongLine(notice.bytes, { line: notice.line });
        this.#say(
          "long_line",
          `line ${notice.line} is ${notice.bytes} bytes, over the line limit: skipped`,
          now,
          { line: notice.line, bytes: notice.bytes },
        );
        return;
    }
  }

  /**
   * A file that already holds the requests --request could mean resolves it before anything is
   * shown: an ambiguous id stops watch at once (exit 2), even with --from-start.
   */
  async #resolveAtStart(): Promise<void> {
    const query = this.#options.requestKey;
    if (query === null) return;
    // only a regular file: reading a pipe would take its lines from the follower
    const info = await Deno.stat(this.#path).catch(() => null);
    if (info === null || !info.isFile) return;
    let requests: RequestRecord[];
    try {
      const options = this.#options.format ? { format: this.#options.format } : {};
      requests = (await analyzeFile(this.#path, { detail: "summary", ...options })).analysis
        .requests;
    } catch (error) {
      // the follower reports a file it cannot read, and waits for one that is not there yet
      if (error instanceof CodexmonError) return;
      throw error;
    }
    const resolution = resolveRequest(requests, query);
    if (resolution.kind === "ambiguous") {
      throw new UsageError(ambiguityMessage(query, resolution.candidates));
    }
    if (resolution.kind === "found") this.#resolvedKey = resolution.key;
  }

  #startOver(): void {
    this.#analyzer = this.#newAnalyzer();
    this.#tracker.reset();
    this.#requests = [];
    this.#notes.clear();
    this.#commands.clear();
    this.#serverGoneSaid = false;
    this.#resolvedKey = null;
    this.#laterMatchSaid = false;
    this.#dirty = true;
  }

  #cycle(now: number): void {
    this.#checkServer(now);
    const changed = this.#analyzer.takeChanged().length > 0;
    const open = this.#requests.some((request) => !isEnded(request.state));
    const idleCheck = this.#options.stuck && open &&
      now - this.#lastEvaluation >= IDLE_EVALUATION_MS;
    if (!this.#evaluated || changed || this.#dirty || idleCheck) this.#evaluate(now);
    this.#dirty = false;
    if (this.#screen !== null) {
      if (this.#pending.length > 0 || changed || now - this.#lastFrame >= BOARD_REFRESH_MS) {
        this.#frame(now);
      }
    } else {
      this.#io.stdout.flush();
    }
    if (this.#decision !== null) this.#controller.abort();
  }

  // A session whose Codex is gone: open requests get no response, as session status says.
  #checkServer(now: number): void {
    const gone = this.#serverProbe?.poll(now) ?? null;
    if (gone === null || this.#serverGoneSaid) return;
    this.#serverGoneSaid = true;
    this.#analyzer.markServerExited();
    this.#dirty = true;
    this.#say("server_gone", `session "${gone.session}" is not running (${gone.reason})`, now, {
      reason: gone.reason,
    });
  }

  /**
   * The requests --request names: the one it resolved to first (a request that matches later
   * is noted once and left out), none while it matches nothing; several matches before it
   * resolved stop watch with a usage error listing them.
   */
  #selected(requests: RequestRecord[], now: number): RequestRecord[] {
    const query = this.#options.requestKey;
    if (query === null || this.#matches === null) return requests;
    const resolution = resolveRequest(requests, query);
    if (resolution.kind === "found") this.#resolvedKey ??= resolution.key;
    else if (resolution.kind === "ambiguous" && this.#resolvedKey === null) {
      this.#ambiguous ??= new UsageError(ambiguityMessage(query, resolution.candidates));
      this.#controller.abort();
      return [];
    } else if (resolution.kind === "ambiguous" && !this.#laterMatchSaid) {
      this.#laterMatchSaid = true;
      const resolved = this.#resolvedKey as string;
      const others = resolution.candidates.filter((candidate) =>
        candidate !== resolved && !candidate.endsWith(` (${resolved})`)
      );
      this.#say(
        "request_ambiguous",
        `"${query}" now also matches ${others.join(", ")}: still following ${this.#resolvedKey}`,
        now,
        { request: this.#resolvedKey, candidates: resolution.candidates },
      );
    }
    return requests.filter((request) => request.key === this.#resolvedKey);
  }

  #evaluate(now: number): void {
    const baseline = !this.#evaluated && !this.#options.fromStart;
    this.#evaluated = true;
    this.#lastEvaluation = now;
    const analysis = this.#analyzer.analysis();
    const requests = this.#selected(analysis.requests, now);
    const findings = this.#options.stuck
      ? detectStuck({ ...analysis, requests }, { now, thresholds: this.#options.thresholds })
      : [];
    this.#requests = requests;
    this.#notes = worstNotes(findings);
    const transitions = this.#tracker.update(requests, findings, { time: now, baseline });
    for (const transition of transitions) this.#transition(transition);
    if (this.#options.exitOn.size === 0 || this.#decision !== null) return;
    const levels = this.#tracker.levels();
    const decision = decideExit(
      requests.map((request) => ({
        key: request.key,
        state: request.state,
        level: levels.get(request.key) ?? "ok",
      })),
      this.#options.exitOn,
    );
    if (decision !== null) {
      this.#decision = decision;
      this.#say("exit", `exiting with ${decision.code}: ${decision.reason}`, now, {
        code: decision.code,
        condition: decision.condition,
        key: decision.key,
        reason: decision.reason,
      });
    }
  }

  #transition(transition: Transition): void {
    if (this.#options.json) {
      this.#io.stdout.line(JSON.stringify(transitionObject(transition, this.#payload)));
    } else {
      this.#stream(renderTransitionLine(transition, {
        colors: this.#colors,
        width: this.#width,
        startTime: this.#startTime,
      }));
    }
    if (!transition.alert) return;
    if (this.#options.bell) this.#bell();
    if (this.#dispatcher !== null) {
      const object = transitionObject(transition, this.#payload);
      this.#dispatcher.dispatch(
        `${JSON.stringify(object)}\n`,
        alertEnvironment(transition, this.#payload),
      );
    }
  }

  /** A window crossed 90%: a `rate_limit` notice that also rings and runs `--on-alert`. */
  #rateLimitAlert(limit: { text: string; windows: RateLimitWindow[] }): void {
    const time = Date.now();
    const windows = limit.windows.map(rateLimitJson);
    this.#say("rate_limit", limit.text, time, { windows });
    if (this.#options.bell) this.#bell();
    if (this.#dispatcher !== null) {
      const object = {
        type: "alert",
        kind: "rate_limit",
        file: this.#path,
        time,
        message: limit.text,
        windows,
      };
      this.#dispatcher.dispatch(`${JSON.stringify(object)}\n`, {
        CODEXMON_ALERT_KIND: "rate_limit",
        CODEXMON_MESSAGE: limit.text,
        CODEXMON_FILE: this.#path,
        CODEXMON_TIME: String(time),
        CODEXMON_ALERT_JSON: JSON.stringify(object),
      });
    }
  }

  /** A notice: a JSON object with `--json`, a stream line on the board, else a stderr line. */
  #say(kind: string, text: string, time: number, extra: Record<string, unknown> = {}): void {
    if (this.#options.json) {
      const type = kind === "exit" ? "exit" : "notice";
      const object = type === "exit"
        ? { type, file: this.#path, time, elapsedMs: time - this.#startTime, ...extra }
        : { type, kind, file: this.#path, time, elapsedMs: time - this.#startTime, ...extra };
      this.#io.stdout.line(JSON.stringify(object));
      this.#io.stdout.flush();
    } else if (this.#screen !== null) {
      this.#pending.push(renderNoticeLine(text, time, {
        colors: this.#colors,
        width: this.#width,
        startTime: this.#startTime,
      }));
    } else {
      this.#diagnostic(text);
    }
  }

  #diagnostic(text: string): void {
    this.#io.stderr.line(`codexmon: ${text}`);
    this.#io.stderr.flush();
  }

  #stream(line: string): void {
    if (this.#screen !== null) this.#pending.push(line);
    else this.#io.stdout.line(line);
  }

  /** The bell goes to the terminal: stdout when it is one, else stderr. */
  #bell(): void {
    if (this.#io.stdoutIsTty) {
      this.#io.stdout.write("\x07");
      return;
    }
    this.#io.stderr.write("\x07");
    this.#io.stderr.flush();
  }

  #frame(now: number): void {
    const screen = this.#screen;
    if (screen === null) return;
    this.#lastFrame = now;
    const board = buildBoard(this.#requests, {
      now,
      levels: this.#tracker.levels(),
      notes: this.#notes,
    });
    const lines = renderBoard(board, {
      colors: this.#colors,
      width: this.#width,
      file: this.#path,
      lines: this.#lines,
    });
    const events = this.#pending;
    this.#pending = [];
    screen.frame(events, lines);
  }

  #restoreTerminal(): void {
    try {
      if (this.#screen !== null) {
        if (this.#pending.length > 0) this.#frame(Date.now());
        this.#screen.stop();
      } else {
        this.#io.stdout.flush();
      }
    } catch (error) {
      if (!isClosedPipeError(error)) throw error;
    }
  }
}

/**
 * The entry to show, or `null` to skip it. A command's end (an `output` entry with an exit
 * code) shows as `COMMAND -> exit N` when commands are shown but outputs are not.
 */
function commandView(
  entry: Entry,
  kinds: ReadonlySet<EntryKind>,
  commands: Map<string, string>,
): Entry | null {
  if (entry.kind === "command" && entry.key !== null) commands.set(entry.key, entry.text);
  if (kinds.has(entry.kind)) return entry;
  if (entry.kind !== "output" || entry.exitCode === undefined || !kinds.has("command")) return null;
  const command = entry.key === null ? undefined : commands.get(entry.key);
  const status = commandStatus(entry, createColors(false));
  const firstLine = entry.text.split("\n").find((line) => line.trim() !== "") ?? "";
  const detail = entry.exitCode !== 0 && firstLine !== "" ? `: ${firstLine}` : "";
  return {
    ...entry,
    kind: "command",
    text: `${command === undefined ? "command" : command} ${status}${detail}`,
  };
}

/** The reason of the worst finding per request. */
function worstNotes(findings: readonly Finding[]): Map<string, string> {
  const notes = new Map<string, string>();
  const ranks = new Map<string, number>();
  for (const finding of findings) {
    const rank = severityRank(finding);
    if (rank < (ranks.get(finding.key) ?? Infinity)) {
      ranks.set(finding.key, rank);
      notes.set(finding.key, finding.reason);
    }
  }
  return notes;
}

function elapsed(time: number | null, startTime: number): number | null {
  return time === null ? null : time - startTime;
}

/** Signals that end watch, with the exit code each gives (128 + the signal number). */
const STOP_SIGNALS: readonly (readonly [Deno.Signal, ExitCode])[] = [
  ["SIGINT", EXIT.interrupted],
  ["SIGTERM", EXIT.terminated],
  ["SIGHUP", EXIT.hangup],
];
