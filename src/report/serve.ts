/**
 * `codexmon report --serve FILE`: serves the report on 127.0.0.1 and pushes fresh data to open
 * pages (server-sent events) as the file grows, following it the way `watch` does.
 */

import type { StuckThresholds } from "../core/config/mod.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { Analyzer } from "../core/analyze/mod.ts";
import { type Format, REPORT_LIMITS, type RequestRecord } from "../core/model/mod.ts";
import {
  applyLineTimes,
  buildPage,
  fileFacts,
  linesNeeded,
  ReportCollector,
  type ReportData,
  ROOMY_CLIPS,
} from "../core/report_html/mod.ts";
import {
  addSignalListener,
  arrivalTimesPath,
  follow,
  removeSignalListener,
  statOrNull,
} from "../io/mod.ts";
import { REPORT_HOLD_BACK } from "./analyze_report.ts";
import { findTimeSource, readLineTimes, type TimeSource } from "./line_times.ts";
import { drawnThresholds, reportTitle } from "./page_data.ts";

/** Options of {@linkcode serveReport}. */
export interface ServeOptions {
  thresholds: StuckThresholds;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  format?: Exclude<Format, "unknown">;
  pollMs?: number;
  costOf?: (record: RequestRecord) => number | null;
  /** Called once the server listens, with its URL. */
  onListen: (url: string) => void;
  /** Stops the server (tests); SIGINT and SIGTERM stop it too. */
  signal?: AbortSignal;
  /** Milliseconds between pushes while the file keeps changing (default 100). */
  pushIntervalMs?: number;
}

const encoder = new TextEncoder();
/** A comment line every so often keeps proxies and browsers from dropping an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Serves the live report of `path` until a signal stops it; returns the exit code. */
export async function serveReport(path: string, options: ServeOptions): Promise<ExitCode> {
  const live = new LiveReport(path, options);
  const controller = new AbortController();
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    controller.abort();
  };
  const onTerminate = () => controller.abort();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  addSignalListener("SIGINT", onInterrupt);
  addSignalListener("SIGTERM", onTerminate);
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  live.onChange = (json) => {
    const message = encoder.encode(`event: report\ndata: ${json}\n\n`);
    for (const stream of streams) {
      try {
        stream.enqueue(message);
      } catch {
        streams.delete(stream);
      }
    }
  };
  const keepalive = setInterval(() => {
    for (const stream of streams) {
      try {
        stream.enqueue(encoder.encode(": keepalive\n\n"));
      } catch {
        streams.delete(stream);
      }
    }
  }, KEEPALIVE_MS);
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port,
    signal: controller.signal,
    onListen: ({ port }) => options.onListen(`http://127.0.0.1:${port}/`),
  }, (request) => respond(request, live, streams));
  try {
    await live.follow(controller.signal);
  } finally {
    clearInterval(keepalive);
    controller.abort();
    for (const stream of streams) {
      try {
        stream.close();
      } catch {
        // already closed by the client
      }
    }
    await server.finished;
    removeSignalListener("SIGINT", onInterrupt);
    removeSignalListener("SIGTERM", onTerminate);
    options.signal?.removeEventListener("abort", onAbort);
  }
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

function respond(
  request: Request,
  live: LiveReport,
  streams: Set<ReadableStreamDefaultController<Uint8Array>>,
): Response {
  const url = new URL(request.url);
  if (request.method !== "GET") return new Response("Method not allowed\n", { status: 405 });
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (url.pathname === "/") {
    return new Response(buildPage(live.data()), {
      headers: { ...headers, "content-type": "text/html; charset=utf-8" },
    });
  }
  if (url.pathname === "/data.json") {
    return new Response(JSON.stringify(live.data()), {
      headers: { ...headers, "content-type": "application/json" },
    });
  }
  if (url.pathname === "/events") {
    let self: ReadableStreamDefaultController<Uint8Array> | null = null;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        self = controller;
        streams.add(controller);
        controller.enqueue(encoder.encode("retry: 1000\n\n"));
      },
      cancel() {
        if (self !== null) streams.delete(self);
      },
    });
    return new Response(body, {
      headers: { ...headers, "content-type": "text/event-stream" },
    });
  }
  return new Response("Not found\n", { status: 404 });
}

/** The report of a followed file, rebuilt as lines arrive. */
class LiveReport {
  #path: string;
  #options: ServeOptions;
  #analyzer!: Analyzer;
  #collector!: ReportCollector;
  #data: ReportData;
  #dirty = false;
  #bytes = 0;
  /** Arrival time of the last line (the file's mtime for lines already there). */
  #lastLineTime: number | null = null;
  #lastPush = 0;
  #times: Map<number, number> = new Map();
  #source: TimeSource | null = null;
  onChange: ((json: string) => void) | null = null;

  constructor(path: string, options: ServeOptions) {
    this.#path = path;
    this.#options = options;
    this.#reset();
    this.#data = this.#snapshot(Date.now());
  }

  data(): ReportData {
    return this.#data;
  }

  async follow(signal: AbortSignal): Promise<void> {
    await follow(this.#path, {
      onLine: (bytes, meta) => {
        // Lines already there carry the file's mtime, not their arrival: leave them untimed.
        const time = meta.initial ? null : meta.time;
        if (time !== null) this.#times.set(meta.line, time);
        this.#lastLineTime = meta.time;
        this.#bytes = meta.offset + bytes.length + 1;
        this.#analyzer.pushLine(bytes, { line: meta.line, time });
        this.#dirty = true;
      },
      onNotice: (notice) => {
        if (notice.kind === "truncated" || notice.kind === "rotated") {
          this.#reset();
          this.#dirty = true;
        }
      },
      onCycle: (now) => {
        if (!this.#dirty || now - this.#lastPush < (this.#options.pushIntervalMs ?? 100)) return;
        this.#dirty = false;
        this.#lastPush = now;
        void this.#publish(now);
      },
    }, {
      fromStart: true,
      signal,
      ...(this.#options.pollMs ? { pollMs: this.#options.pollMs } : {}),
    });
  }

  async #publish(now: number): Promise<void> {
    const data = this.#snapshot(now);
    const file = data.files[0];
    if (file !== undefined) {
      this.#source ??= await findTimeSource(this.#path, {
        hasArrivalTimes: (await statOrNull(arrivalTimesPath(this.#path))) !== null,
        format: file.format,
      });
      if (this.#source !== null) {
        file.placement = this.#source.placement;
        applyLineTimes(file, await readLineTimes(this.#source, linesNeeded(file)), {
          replace: this.#source.placement === "relative",
        });
      } else if (this.#times.size > 0) {
        file.placement = "arrival";
        applyLineTimes(file, this.#times);
      }
    }
    this.#data = data;
    this.onChange?.(JSON.stringify(data));
  }

  #reset(): void {
    this.#times = new Map();
    this.#bytes = 0;
    const thresholds = this.#options.thresholds;
    this.#collector = new ReportCollector({
      thresholds,
      now: null,
      lastLineTime: null,
      clips: ROOMY_CLIPS,
      ...(this.#options.costOf ? { costOf: this.#options.costOf } : {}),
    });
    const collector = this.#collector;
    this.#analyzer = new Analyzer({
      detail: "summary",
      limits: REPORT_LIMITS,
      wholeTexts: true,
      keepFinished: REPORT_HOLD_BACK,
      ...(this.#options.format ? { format: this.#options.format } : {}),
      onRequestDone: (record) => collector.add(record, { format: "unknown", serverExited: false }),
    });
  }

  #snapshot(now: number): ReportData {
    const analysis = this.#analyzer.analysis();
    const facts = fileFacts(analysis, { path: this.#path, size: this.#bytes, placement: "line" });
    const file = this.#collector.snapshot(analysis.requests, facts, {
      now,
      lastLineTime: this.#lastLineTime,
    });
    return {
      title: reportTitle([this.#path]),
      generatedAt: now,
      thresholds: drawnThresholds(this.#options.thresholds),
      files: [file],
      live: true,
    };
  }
}
