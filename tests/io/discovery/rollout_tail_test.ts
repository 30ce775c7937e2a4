import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import {
  FIRST_TAIL_BYTES,
  readRolloutFacts,
  WHOLE_FILE_BYTES,
} from "../../../src/io/discovery/rollout_reader.ts";
import { addTailLine, emptyTail, type TailFacts } from "../../../src/core/usage/mod.ts";

const CAPTURE = fromFileUrl(
  new URL("../../../fixtures/codex-0.169.0/rollout-multi-turn.jsonl", import.meta.url),
);

/** The tail every line of `text` but the first gives, parsed newest first until complete. */
function tailByParsing(text: string): TailFacts {
  const tail = emptyTail();
  const lines = text.split("\n").slice(1, -1);
  for (let index = lines.length - 1; index >= 0; index--) {
    if (addTailLine(tail, JSON.parse(lines[index]!))) break;
  }
  return tail;
}

/** A line of exactly `length` bytes (newline included) that no collector wants. */
function fillerLine(length: number): string {
  const empty = JSON.stringify({
    timestamp: "2026-11-24T13:21:58.950Z",
    type: "response_item",
    payload: { type: "function_call_output", call_id: "pad", output: "" },
  });
  const output = "x".repeat(length - empty.length - 1);
  return empty.replace('"output":""', `"output":"${output}"`) + "\n";
}

Deno.test("a big rollout's tail read in two blocks equals parsing every line, wherever a line falls across the first block's start", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = (await Deno.readTextFile(CAPTURE)).split("\n").slice(0, -1).map((line) =>
      line + "\n"
    );
    // The last turn's context names another model, and only the lines after it are in the
    // last block: the tail must read on into older bytes to find the model.
    const turnContext = lines[22]!.replace('"model":"gpt-5.5"', '"model":"gpt-5.1-codex"');
    assert.notEqual(turnContext, lines[22]);
    const newest = lines.slice(23).join("");
    const before = lines.slice(0, 22).join("");
    const length = turnContext.length;
    let checked = 0;
    for (const pad of [30_000, 120_000]) {
      for (
        const after of [
          FIRST_TAIL_BYTES - length, // the block starts where the line starts
          FIRST_TAIL_BYTES - length + 1, // one byte of the line is cut off
          FIRST_TAIL_BYTES - Math.floor(length / 2), // cut in its middle
          FIRST_TAIL_BYTES - 1, // only its newline is in the block
          FIRST_TAIL_BYTES, // the block starts right after it
          FIRST_TAIL_BYTES + 5_000, // it lies wholly before the block
        ]
      ) {
        const text = before + fillerLine(pad) + turnContext + fillerLine(after - newest.length) +
          newest;
        assert.ok(text.length > WHOLE_FILE_BYTES);
        const path = join(dir, `tail-${pad}-${after}.jsonl`);
        await Deno.writeTextFile(path, text);
        const read = await readRolloutFacts(path);
        assert.equal(read.kind, "facts");
        if (read.kind !== "facts") return;
        assert.equal(read.wholeFile, false);
        assert.deepEqual(read.tail, tailByParsing(text), `pad ${pad}, ${after} bytes after`);
        assert.equal(read.tail.model, "gpt-5.1-codex");
        checked++;
      }
    }
    assert.equal(checked, 12);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
