/**
 * Alert latency of `codexmon watch`: the time from the write of the line that causes an alert
 * to the alert on watch's stdout, over many runs of real captures.
 *
 *   deno run --allow-all bench/watch_latency.ts [--runs 30] [--poll-ms 100] [--no-fs-events]
 *
 * Each run starts `watch --json` on an empty file, waits for its "watching" notice, writes the
 * capture up to the line before the trigger, gives watch time to read them, then writes the
 * trigger line and measures (monotonic clock, in this process) until the alert line arrives.
 */

import { join } from "node:path";
import { readCapture } from "../tests/support/replay.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

interface Scenario {
  name: string;
  capture: string;
  /** The line whose write causes the alert (checked against the alert's own `line`). */
  trigger: number;
  alert: string;
  args: string[];
}

const SCENARIOS: readonly Scenario[] = [
  // task_complete of request 1
  { name: "completed", capture: "codex-0.47.0/simple", trigger: 36, alert: "completed", args: [] },
  // exec_approval_request
  {
    name: "approval",
    capture: "codex-0.47.0/approval-noanswer",
    trigger: 11,
    alert: "approval",
    args: [],
  },
  // the fifth `echo hi` begins: repeated_command reaches the stuck level
  {
    name: "stuck",
    capture: "codex-0.47.0/stuck-loop",
    trigger: 25,
    alert: "stuck",
    args: ["--stuck"],
  },
];

function flag(name: string, fallback: number): number {
  const index = Deno.args.indexOf(name);
  const value = index === -1 ? undefined : Number(Deno.args[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const runs = flag("--runs", 30);
const pollMs = flag("--poll-ms", 100);
const extra = Deno.args.includes("--no-fs-events") ? ["--no-fs-events"] : [];

/** Lines of a child's stdout, each with the monotonic time it arrived. */
class LineReader {
  #lines: { text: string; at: number }[] = [];
  #wake: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = this.#read(stream);
  }

  async #read(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of stream) {
      const at = performance.now();
      rest += decoder.decode(chunk, { stream: true });
      let newline = rest.indexOf("\n");
      while (newline !== -1) {
        this.#lines.push({ text: rest.slice(0, newline), at });
        rest = rest.slice(newline + 1);
        newline = rest.indexOf("\n");
      }
      this.#wake?.();
    }
    this.#wake?.();
  }

  /** The first line matching `test`, waiting up to `timeoutMs`. */
  async find(test: (text: string) => boolean, timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (true) {
      const found = this.#lines.find((line) => test(line.text));
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(`Timed out; lines so far:\n${this.#lines.map((l) => l.text).join("\n")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

async function runOnce(scenario: Scenario, lines: Uint8Array[], dir: string): Promise<number> {
  const path = join(dir, `${scenario.name}-${crypto.randomUUID()}.json`);
  await Deno.writeFile(path, new Uint8Array());
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      MAIN,
      "watch",
      path,
      "--json",
      "--poll-ms",
      String(pollMs),
      "--types",
      "error",
      ...scenario.args,
      ...extra,
    ],
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  const reader = new LineReader(child.stdout);
  try {
    await reader.find((text) => text.includes('"kind":"watching"'), 30_000);
    const file = await Deno.open(path, { append: true });
    try {
      for (const bytes of lines.slice(0, scenario.trigger - 1)) await file.write(bytes);
      // Pacing, not measurement: let watch read everything before the trigger line. The random
      // part keeps the trigger out of step with watch's poll timer.
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * pollMs));
      const trigger = lines[scenario.trigger - 1]!;
      const written = performance.now();
      await file.write(trigger);
      const alert = await reader.find(
        (text) => text.includes('"type":"alert"') && text.includes(`"kind":"${scenario.alert}"`),
        10_000,
      );
      const line = (JSON.parse(alert.text) as { line: number }).line;
      if (line !== scenario.trigger) {
        throw new Error(`${scenario.name}: alert at line ${line}, expected ${scenario.trigger}`);
      }
      return alert.at - written;
    } finally {
      file.close();
    }
  } finally {
    child.kill("SIGINT");
    await child.status;
    await reader.done;
  }
}

function percentile(sorted: readonly number[], ratio: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(ratio * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function row(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const cells = [
    name.padEnd(10),
    String(sorted.length).padStart(5),
    percentile(sorted, 0.5).toFixed(1).padStart(9),
    percentile(sorted, 0.95).toFixed(1).padStart(9),
    sorted[sorted.length - 1]!.toFixed(1).padStart(9),
  ];
  return cells.join("  ");
}

const dir = await Deno.makeTempDir({ prefix: "codexmon-latency-" });
try {
  const all: number[] = [];
  const results: string[] = [];
  for (const scenario of SCENARIOS) {
    const capture = await readCapture(scenario.capture);
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      samples.push(await runOnce(scenario, capture.lines, dir));
    }
    all.push(...samples);
    results.push(row(scenario.name, samples));
  }
  console.log(
    `watch alert latency, ${runs} runs per scenario, --poll-ms ${pollMs}${
      extra.length > 0 ? " --no-fs-events" : ""
    } (ms)`,
  );
  console.log(
    `${"scenario".padEnd(10)}  ${"runs".padStart(5)}  ${"median".padStart(9)}  ${
      "p95".padStart(9)
    }  ${"max".padStart(9)}`,
  );
  for (const line of results) console.log(line);
  console.log(row("all", all));
} finally {
  await Deno.remove(dir, { recursive: true });
}
