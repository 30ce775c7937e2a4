/**
 * Builds a realistic Codex home (`CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`) from the
 * real rollout captures in `fixtures/codex-0.169.0/`: fresh ids, sessions spread over days
 * (some across midnight, some switching model), token counts scaled per session, sizes from
 * 5 KB to 50 MB (big command outputs in the middle), and a few sessions cut mid-turn as if
 * still being written. Each file's mtime is its last line's time. The same seed gives the same
 * home.
 *
 * Usage: `deno run --allow-read --allow-write bench/generate_home.ts --out DIR --sessions 10000
 *   [--bytes 2GB] [--days 60] [--seed N]`
 *
 * @module
 */
import { join } from "node:path";
import { parseSize } from "./generate.ts";
import { runScript, scriptProgram } from "./script_main.ts";

/** The models sessions are given (all priced in the shipped table but the last). */
export const GENERATED_MODELS = ["gpt-5-codex", "gpt-5.1-codex", "gpt-5.2", "gpt-5.5"] as const;

/** Options for {@linkcode generateHome}. */
export interface GenerateHomeOptions {
  sessions: number;
  /** Aim for about this many bytes in all (the mix of sizes is scaled to it). */
  bytes: number;
  /** Sessions start within this many days before `end`. */
  days: number;
  /** The newest time, ms since the epoch. */
  end: number;
  seed?: number;
  /** Largest file (default 50 MB). */
  maxFileBytes?: number;
}

/** What {@linkcode generateHome} wrote. */
export interface GenerateHomeStats {
  files: number;
  bytes: number;
  /** Sessions cut mid-turn. */
  cut: number;
  /** Sessions that change model. */
  switched: number;
  largest: number;
}

type Line = Record<string, unknown>;

interface Template {
  name: string;
  lines: Line[];
  sessionId: string;
  start: number;
}

/** Reads the rollout captures the generator replays. */
export async function readRolloutTemplates(
  dir: URL = new URL("../fixtures/codex-0.169.0/", import.meta.url),
): Promise<Template[]> {
  const templates: Template[] = [];
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /^rollout-.*\.jsonl$/.test(entry.name)) names.push(entry.name);
  }
  for (const name of names.sort()) {
    const text = await Deno.readTextFile(new URL(name, dir));
    const lines = text.trimEnd().split("\n").map((line) => JSON.parse(line) as Line);
    const meta = lines[0]!.payload as Line;
    templates.push({
      name,
      lines,
      sessionId: String(meta.id),
      start: Date.parse(String(lines[0]!.timestamp)),
    });
  }
  return templates;
}

/** A small seeded generator (mulberry32), also what tests draw with. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(next: () => number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += Math.floor(next() * 16).toString(16);
  return text;
}

/** A text block that looks like command output, for padding. */
const OUTPUT_LINE = "-rw-r--r-- 1 demo demo   4096 Nov 24 13:20 src/some/module/file_name.ts\n";

/** Writes the home under `dir` (it gets a `sessions/` folder). */
export async function generateHome(
  dir: string,
  options: GenerateHomeOptions,
): Promise<GenerateHomeStats> {
  const templates = await readRolloutTemplates();
  const next = seededRandom(options.seed ?? 1);
  const maxFile = options.maxFileBytes ?? 50_000_000;
  const stats: GenerateHomeStats = { files: 0, bytes: 0, cut: 0, switched: 0, largest: 0 };
  // 99% of files log-uniform in 5 KB..400 KB, 1% in 1 MB..maxFile; scaled to the byte budget.
  const bigShare = 0.01;
  const meanSmall = (400_000 - 5_000) / Math.log(80);
  const bigLow = Math.min(1_000_000, maxFile);
  const meanBig = maxFile > bigLow ? (maxFile - bigLow) / Math.log(maxFile / bigLow) : bigLow;
  const mean = (1 - bigShare) * meanSmall + bigShare * meanBig;
  const scale = Math.max(0.05, options.bytes / options.sessions / mean);
  for (let index = 0; index < options.sessions; index++) {
    const template = templates[Math.floor(next() * templates.length)]!;
    const big = next() < bigShare;
    const target = Math.min(
      maxFile,
      Math.max(
        5_000,
        scale * (big ? bigLow * Math.pow(maxFile / bigLow, next()) : 5_000 * Math.pow(80, next())),
      ),
    );
    const session = buildSession(template, next, {
      target,
      end: options.end,
      days: options.days,
    });
    const day = new Date(session.start).toISOString();
    const folder = join(dir, "sessions", day.slice(0, 4), day.slice(5, 7), day.slice(8, 10));
    await Deno.mkdir(folder, { recursive: true });
    const stamp = day.slice(0, 19).replaceAll(":", "-");
    const path = join(folder, `rollout-${stamp}-${session.id}.jsonl`);
    const bytes = new TextEncoder().encode(session.text);
    await Deno.writeFile(path, bytes);
    await Deno.utime(path, session.last / 1000, session.last / 1000);
    stats.files += 1;
    stats.bytes += bytes.length;
    stats.largest = Math.max(stats.largest, bytes.length);
    if (session.cut) stats.cut += 1;
    if (session.switched) stats.switched += 1;
  }
  return stats;
}

interface BuiltSession {
  id: string;
  text: string;
  start: number;
  last: number;
  cut: boolean;
  switched: boolean;
}

function buildSession(
  template: Template,
  next: () => number,
  options: { target: number; end: number; days: number },
): BuiltSession {
  const id = `${hex(next, 8)}-${hex(next, 4)}-7${hex(next, 3)}-8${hex(next, 3)}-${hex(next, 12)}`;
  const idPrefix = id.slice(0, 8);
  // One in twenty starts shortly before midnight (UTC) so its turns straddle two days.
  let start = options.end - next() * options.days * 86_400_000;
  if (next() < 0.05) start = Math.floor(start / 86_400_000) * 86_400_000 + 86_400_000 - 60_000;
  const stretch = 1 + Math.floor(next() * 2000);
  // Sessions last up to about 2 hours: none ends after `end`.
  start = Math.min(start, options.end - 3 * 3_600_000);
  // Scaled so the last request stays within the context window (the captures' biggest is 3,120).
  const factor = 1 + Math.floor(next() * 60);
  const model = GENERATED_MODELS[Math.floor(next() * GENERATED_MODELS.length)]!;
  const switchTo = next() < 0.05
    ? GENERATED_MODELS[Math.floor(next() * GENERATED_MODELS.length)]!
    : null;
  const cut = next() < 0.03;
  const small = options.target < 30_000;
  let lines = template.lines.filter((line) =>
    !small || !(line.type === "world_state" || isDeveloperMessage(line))
  );
  if (cut) lines = lines.slice(0, lastTurnEnd(lines));
  const out: string[] = [];
  let turnContexts = 0;
  let last = start;
  let ordinal = 0;
  for (const original of lines) {
    const line = structuredClone(original);
    const at = start + (Date.parse(String(line.timestamp)) - template.start) * stretch;
    last = at;
    line.timestamp = new Date(at).toISOString();
    if ("ordinal" in line) line.ordinal = ordinal++;
    const payload = line.payload as Line;
    if (line.type === "session_meta") {
      payload.timestamp = line.timestamp;
      if (small) payload.base_instructions = { text: "You are Codex, a coding agent." };
    }
    if (line.type === "turn_context") {
      const chosen = turnContexts++ > 0 && switchTo !== null ? switchTo : model;
      payload.model = chosen;
      const mode = payload.collaboration_mode as Line | undefined;
      if (mode?.settings) (mode.settings as Line).model = chosen;
    }
    scaleTokens(payload, factor);
    out.push(
      JSON.stringify(line).replaceAll(template.sessionId, id).replaceAll(
        "01a20db7-",
        `${idPrefix}-`,
      ),
    );
  }
  let text = out.join("\n") + "\n";
  const missing = Math.floor(options.target - text.length);
  if (missing > 200) text = padded(out, missing, last);
  return { id, text, start, last, cut, switched: switchTo !== null && switchTo !== model };
}

function isDeveloperMessage(line: Line): boolean {
  const payload = line.payload as Line | undefined;
  return line.type === "response_item" && payload?.role === "developer";
}

/** The index of the last turn's end (`task_complete`/`turn_aborted`): cut there. */
function lastTurnEnd(lines: Line[]): number {
  for (let index = lines.length - 1; index > 0; index--) {
    const type = (lines[index]!.payload as Line | undefined)?.type;
    if (type === "task_complete" || type === "turn_aborted") return index;
  }
  return lines.length;
}

/** Multiplies every `*_tokens` count of a token_count or token_usage_record by `factor`. */
function scaleTokens(value: unknown, factor: number): void {
  if (typeof value !== "object" || value === null) return;
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === "number" && key.endsWith("_tokens")) {
      (value as Line)[key] = field * factor;
    } else if (typeof field === "object") scaleTokens(field, factor);
  }
}

/**
 * Inserts command-output lines after the first command's output (else after the first user
 * message) to add `missing` bytes, as a long session grows in its middle.
 */
function padded(lines: string[], missing: number, at: number): string {
  const output = lines.findIndex((line) => line.includes('"function_call_output"'));
  const prompt = lines.findIndex((line) =>
    line.includes('"role":"user"') && !line.includes("<environment_context>")
  );
  const insertAt = Math.max(1, (output !== -1 ? output : prompt) + 1);
  const head = lines.slice(0, insertAt);
  const tail = lines.slice(insertAt);
  const pieces: string[] = [];
  const timestamp = JSON.parse(head[head.length - 1]!).timestamp ?? new Date(at).toISOString();
  let left = missing;
  let call = 0;
  while (left > 200) {
    const chunk = Math.min(left - 150, 2_000_000);
    const output = OUTPUT_LINE.repeat(Math.ceil(chunk / OUTPUT_LINE.length)).slice(0, chunk);
    const line = JSON.stringify({
      timestamp,
      type: "response_item",
      payload: { type: "function_call_output", call_id: `call_pad_${call++}`, output },
    });
    pieces.push(line);
    left -= line.length + 1;
  }
  return [...head, ...pieces, ...tail].join("\n") + "\n";
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram("generate_home", "Build a realistic Codex home of rollout files")
    .requiredOption("--out <dir>", "the Codex home to create (must not exist)")
    .option("--sessions <n>", "number of sessions", "10000")
    .option("--bytes <size>", "about this many bytes in all (e.g. 2GB)", "2GB")
    .option("--days <n>", "spread over this many days", "60")
    .option("--seed <n>", "seed", "1");
  program.parse(args, { from: "user" });
  const flags = program.opts();
  try {
    await Deno.stat(flags.out);
    throw new Error(`Cannot write "${flags.out}": it exists`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const started = performance.now();
  const stats = await generateHome(flags.out, {
    sessions: Number(flags.sessions),
    bytes: parseSize(flags.bytes),
    days: Number(flags.days),
    end: Date.now(),
    seed: Number(flags.seed),
  });
  console.log(
    `${stats.files} sessions, ${(stats.bytes / 1e9).toFixed(2)} GB (largest ${
      (stats.largest / 1e6).toFixed(1)
    } MB, ${stats.cut} cut mid-turn, ${stats.switched} switching model) in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s`,
  );
}

if (import.meta.main) await runScript(cli);
