import assert from "node:assert/strict";
import { join } from "node:path";
import { readUsageSlices } from "../../../src/io/discovery/usage_reader.ts";
import { WHOLE_FILE_BYTES } from "../../../src/io/discovery/rollout_reader.ts";
import { SliceBuilder, type UsageSlice } from "../../../src/core/usage/mod.ts";

const CAPTURE = "fixtures/codex-0.169.0/rollout-multi-turn.jsonl";
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * The real two-turn capture made into three turns on models A, B, A: the second turn runs
 * `gpt-5.4`, a third turn copies the second on `gpt-5.5` (same cumulative totals, so it adds
 * nothing). `padding` bytes of command output in the second turn make the file big.
 */
async function switchBackRollout(dir: string, padding: number): Promise<string> {
  const lines = (await Deno.readTextFile(CAPTURE)).trimEnd().split("\n");
  const secondTurn = lines.findLastIndex((line) => line.includes('"type":"task_started"'));
  const first = lines.slice(0, secondTurn);
  const second = lines.slice(secondTurn);
  const onB = second.map((line) =>
    line.includes('"type":"turn_context"')
      ? line.replace('"model":"gpt-5.5"', '"model":"gpt-5.4"')
      : line
  );
  assert.notDeepEqual(onB, second, "the second turn names its model");
  if (padding > 0) {
    const time = JSON.parse(onB[1]!).timestamp;
    onB.splice(
      2,
      0,
      JSON.stringify({
        timestamp: time,
        type: "response_item",
        payload: { type: "function_call_output", call_id: "call_pad", output: "x".repeat(padding) },
      }),
    );
  }
  const path = join(dir, `rollout-switch-${padding}.jsonl`);
  await Deno.writeTextFile(path, [...first, ...onB, ...second].join("\n") + "\n");
  return path;
}

function totalsAt(line: string): number {
  return JSON.parse(line).payload.info.total_token_usage.total_tokens;
}

Deno.test("usage gives a model switched to and back (A, B, A) its own tokens, in small and big files", async () => {
  const lines = (await Deno.readTextFile(CAPTURE)).trimEnd().split("\n");
  const counts = lines.filter((line) => line.includes('"type":"token_count"'));
  const secondTurn = lines.findLastIndex((line) => line.includes('"type":"task_started"'));
  const firstTotal = totalsAt(
    lines.slice(0, secondTurn).findLast((l) => l.includes('"token_count"'))!,
  );
  const lastTotal = totalsAt(counts.at(-1)!);
  assert.ok(lastTotal > firstTotal);
  const dir = await Deno.makeTempDir();
  try {
    for (const padding of [0, 2 * WHOLE_FILE_BYTES]) {
      const path = await switchBackRollout(dir, padding);
      const read = readUsageSlices(path, { bucketOf: day });
      assert.equal(read.kind, "slices");
      if (read.kind !== "slices") continue;
      const byModel = Object.fromEntries(
        read.slices.map((slice) => [slice.model, slice.tokens.total]),
      );
      assert.deepEqual(
        byModel,
        { "gpt-5.5": firstTotal, "gpt-5.4": lastTotal - firstTotal },
        `padding ${padding}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** The slow exact way: every line parsed and fed in order. */
function everyLineSlices(text: string): UsageSlice[] {
  const lines = text.split("\n").slice(0, -1);
  const meta = JSON.parse(lines[0]!).payload;
  const builder = new SliceBuilder(
    { id: meta.id, cwd: meta.cwd },
    (at) => String(Math.floor(at / QUARTER_HOUR_MS)),
  );
  for (const line of lines) {
    try {
      builder.add(JSON.parse(line));
    } catch {
      // a broken line counts nothing
    }
  }
  return builder.slices();
}

/**
 * A real capture made big and awkward: a long command output and a long unwanted line, one
 * token count with its keys reordered (so its start is not Codex's), CRLF line ends, a broken
 * line and a torn last line copied from a token count.
 */
function awkward(text: string): string {
  const lines = text.trimEnd().split("\n");
  const counts = lines.flatMap((line, index) => line.includes('"token_count"') ? [index] : []);
  assert.ok(counts.length >= 2, "the capture has token counts");
  const time = JSON.parse(lines[1]!).timestamp;
  const output = JSON.stringify({
    timestamp: time,
    type: "response_item",
    payload: { type: "function_call_output", call_id: "pad", output: "x".repeat(3 * 1024 * 1024) },
  });
  const last = counts.at(-1)!;
  const reordered = JSON.parse(lines[last]!);
  lines[last] = JSON.stringify({ payload: reordered.payload, ...reordered });
  lines[counts.at(-2)!] = `${lines[counts.at(-2)!]}\r`;
  lines.splice(2, 0, output, `${lines[counts[0]!]!.slice(0, 40)}`);
  return `${lines.join("\n")}\n${lines[last + 2]!.slice(0, 100)}`;
}

Deno.test("usage of a big rollout read through equals parsing every line (real captures, awkward lines)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const version of ["0.169.0", "0.171.0"]) {
      for (const name of ["rollout-multi-turn", "rollout-steer-interrupt", "rollout-exec-shell"]) {
        const text = awkward(await Deno.readTextFile(`fixtures/codex-${version}/${name}.jsonl`));
        const path = join(dir, `${version}-${name}.jsonl`);
        await Deno.writeTextFile(path, text);
        const read = readUsageSlices(path, { bucketOf: day });
        assert.equal(read.kind, "slices");
        if (read.kind !== "slices") continue;
        assert.equal(read.readWhole, true);
        assert.ok(read.slices.length > 0, `${version} ${name} has usage`);
        assert.deepEqual(read.slices, everyLineSlices(text), `${version} ${name}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
