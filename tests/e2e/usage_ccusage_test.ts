/**
 * `codexmon usage` against ccusage's Codex report (`ccusage-codex`, npm @ccusage/codex@18.0.11)
 * on a generated Codex home. Skipped, with a message, when `ccusage-codex` is not installed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateHome } from "../../bench/generate_home.ts";
import { runCli } from "../support/cli.ts";

const CCUSAGE = "ccusage-codex";

async function ccusageInstalled(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(CCUSAGE, {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return success;
  } catch {
    return false;
  }
}

const installed = await ccusageInstalled();
if (!installed) {
  console.error(
    `skipping the ccusage comparison: ${CCUSAGE} is not installed (npm install -g @ccusage/codex@18.0.11)`,
  );
}

type Counts = [number, number, number, number, number];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ccusage prints days as `Nov 24, 2026`. */
function isoDay(text: string): string {
  const match = /^(\w{3}) (\d{2}), (\d{4})$/.exec(text);
  assert.ok(match, `a ccusage date: ${text}`);
  const month = String(MONTHS.indexOf(match[1]!) + 1).padStart(2, "0");
  return `${match[3]}-${month}-${match[2]}`;
}

/**
 * What ccusage counts twice: the `last_token_usage` of a token count that repeats the
 * previous cumulative total (Codex writes one after an interrupted turn). ccusage sums
 * `last_token_usage`; codexmon counts the growth of the cumulative total.
 */
async function repeatedSnapshots(home: string): Promise<Map<string, Counts>> {
  const repeats = new Map<string, Counts>();
  for await (const path of walk(join(home, "sessions"))) {
    let previous: string | null = null;
    for (const line of (await Deno.readTextFile(path)).split("\n")) {
      if (!line.includes('"token_count"')) continue;
      const event = JSON.parse(line);
      const info = event.payload?.info;
      if (!info?.total_token_usage) continue;
      const total = JSON.stringify(info.total_token_usage);
      if (total === previous) {
        const last = info.last_token_usage;
        const day = String(event.timestamp).slice(0, 10);
        const sum = repeats.get(day) ?? [0, 0, 0, 0, 0];
        const add = snakeCounts(last);
        repeats.set(day, sum.map((value, index) => value + add[index]!) as Counts);
      }
      previous = total;
    }
  }
  return repeats;
}

/** Input, cached input, output, reasoning and total tokens of a snake_case usage object. */
function snakeCounts(usage: {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}): Counts {
  return [
    usage.input_tokens,
    usage.cached_input_tokens,
    usage.output_tokens,
    usage.reasoning_output_tokens,
    usage.total_tokens,
  ];
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.name.endsWith(".jsonl")) yield path;
  }
}

Deno.test({
  name:
    "usage --daily gives ccusage's tokens per day on a generated home, minus ccusage's repeated snapshots",
  ignore: !installed,
  async fn() {
    const home = await Deno.makeTempDir();
    try {
      const stats = await generateHome(home, {
        sessions: 120,
        bytes: 8_000_000,
        days: 20,
        end: Date.parse("2026-12-01T12:00:00Z"),
        seed: 14,
        maxFileBytes: 1_000_000,
      });
      assert.ok(stats.switched > 0, "some sessions change model");
      const ccusage = await new Deno.Command(CCUSAGE, {
        args: ["daily", "--offline", "--json", "--timezone", "UTC"],
        env: { CODEX_HOME: home },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(ccusage.code, 0, new TextDecoder().decode(ccusage.stderr));
      const theirs = JSON.parse(new TextDecoder().decode(ccusage.stdout)) as {
        daily: {
          date: string;
          inputTokens: number;
          cachedInputTokens: number;
          outputTokens: number;
          reasoningOutputTokens: number;
          totalTokens: number;
        }[];
      };
      const ours = await runCli(["usage", "--daily", "--json", "--timezone", "UTC"], {
        env: { CODEX_HOME: home },
      });
      assert.equal(ours.code, 0, ours.stderr);
      const report = JSON.parse(ours.stdout) as {
        rows: {
          key: string;
          input_tokens: number;
          cached_input_tokens: number;
          output_tokens: number;
          reasoning_output_tokens: number;
          total_tokens: number;
        }[];
      };
      const repeats = await repeatedSnapshots(home);
      assert.ok(
        repeats.size > 0,
        "the home holds interrupted sessions with a repeated token count",
      );
      const expected = theirs.daily.map((day) => {
        const key = isoDay(day.date);
        const repeat = repeats.get(key) ?? [0, 0, 0, 0, 0];
        const counts = [
          day.inputTokens,
          day.cachedInputTokens,
          day.outputTokens,
          day.reasoningOutputTokens,
          day.totalTokens,
        ];
        return [key, ...counts.map((value, index) => value - repeat[index]!)];
      });
      const actual = report.rows.map((row) => [row.key, ...snakeCounts(row)]);
      assert.deepEqual(actual, expected);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
