import assert from "node:assert/strict";
import { LINE_KIND_PREFIX, lineKind } from "../../../src/core/usage/mod.ts";
import { listJsonlFiles } from "../../support/fixture_files.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

// The reference: the line start as a pattern over the decoded prefix.
const LINE_START =
  /^\{"timestamp":"[^"]*",(?:"ordinal":\d+,)?"type":"([A-Za-z_]+)","payload":\{(?:"type":"([A-Za-z_]+)")?/;

function byPattern(line: Uint8Array) {
  const match = LINE_START.exec(decoder.decode(line.subarray(0, LINE_KIND_PREFIX)));
  return match === null ? null : { type: match[1]!, payloadType: match[2] ?? null };
}

/** Seeded, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Truncations, flipped and inserted bytes (quotes, digits, multi-byte and invalid UTF-8). */
function mutations(line: Uint8Array, random: () => number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const head = line.subarray(0, LINE_KIND_PREFIX + 20);
  for (let length = 0; length <= head.length; length += 1 + Math.floor(random() * 7)) {
    out.push(head.subarray(0, length));
  }
  const inserts = [[0x22], [0x2c], [0x31], [0x5f], [0xc3, 0xa9], [0xff], [0xe2, 0x82], [0x0d]];
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(random() * Math.min(head.length, 120));
    const flipped = head.slice();
    flipped[at] = Math.floor(random() * 256);
    out.push(flipped);
    const insert = inserts[Math.floor(random() * inserts.length)]!;
    out.push(Uint8Array.from([...head.subarray(0, at), ...insert, ...head.subarray(at)]));
    out.push(Uint8Array.from([...head.subarray(0, at), ...head.subarray(at + 1)]));
  }
  // A longer timestamp moves the names across the end of the prefix.
  const quote = head.indexOf(0x22, 14);
  if (quote > 0) {
    for (let pad = 150; pad < LINE_KIND_PREFIX; pad += 1 + Math.floor(random() * 8)) {
      const padded = [
        ...head.subarray(0, quote),
        ...new Array(pad).fill(0x30),
        ...head.subarray(quote),
      ];
      out.push(Uint8Array.from(padded));
    }
  }
  return out;
}

Deno.test("lineKind reads the kind from the bytes exactly as the line-start pattern reads the decoded prefix", async () => {
  const random = seeded(14);
  let lines = 0;
  let kinds = 0;
  for (const url of await listJsonlFiles()) {
    const text = await Deno.readFile(url);
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf(0x0a, start);
      if (end < 0) end = text.length;
      const line = text.subarray(start, end);
      start = end + 1;
      lines++;
      const expected = byPattern(line);
      if (expected !== null) kinds++;
      assert.deepEqual(lineKind(line), expected, decoder.decode(line.subarray(0, 200)));
      if (expected !== null || lines % 25 === 0) {
        for (const mutated of mutations(line, random)) {
          assert.deepEqual(lineKind(mutated), byPattern(mutated), JSON.stringify([...mutated]));
        }
      }
    }
  }
  assert.ok(kinds > 200, `real rollout lines were compared (${kinds} of ${lines})`);
});

Deno.test("lineKind takes the optional ordinal and payload type, and only the ASCII names Codex writes", () => {
  const kind = (text: string) => lineKind(encoder.encode(text));
  assert.deepEqual(
    kind('{"timestamp":"t","ordinal":7,"type":"event_msg","payload":{"type":"x_y"}}'),
    {
      type: "event_msg",
      payloadType: "x_y",
    },
  );
  assert.deepEqual(kind('{"timestamp":"","type":"turn_context","payload":{"cwd":"/"}}'), {
    type: "turn_context",
    payloadType: null,
  });
  assert.equal(kind('{"type":"event_msg","timestamp":"t","payload":{}}'), null);
  assert.equal(kind('{"timestamp":"t","type":"","payload":{}}'), null);
  assert.equal(kind('{"timestamp":"t","ordinal":,"type":"a","payload":{}}'), null);
  assert.equal(kind('{"timestamp":"t","type":"évent","payload":{}}'), null);
});
