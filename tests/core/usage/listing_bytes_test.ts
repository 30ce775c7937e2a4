/**
 * A differential test of a listing's byte reads against parsing: the rollout lines of every
 * fixture, and seeded mutants of them (members retyped, dropped, repeated, escaped, spaced;
 * bytes flipped, inserted, deleted, cut), must give the same head facts, tail facts and usage
 * slices whether their members are read from the bytes or every line is parsed.
 */

import assert from "node:assert/strict";
import { isCompleteJson } from "../../../src/core/bytes/mod.ts";
import { LISTING_EVENTS, listingReading } from "../../../src/core/events/mod.ts";
import {
  addHeadLine,
  addTailLine,
  emptyHead,
  emptyTail,
  LINE_KIND_PREFIX,
  lineKind,
  readListingLine,
  SliceBuilder,
} from "../../../src/core/usage/mod.ts";
import { listJsonlFiles } from "../../support/fixture_files.ts";
import { ODD_VALUES, pick, type Random } from "../../support/mutation.ts";
import { seededRandom } from "../../support/random.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
}

/** The line as the byte path gives it to the collectors, and whether the bytes were read. */
function byBytes(bytes: Uint8Array): { value: unknown; read: boolean } {
  const kind = lineKind(bytes.subarray(0, LINE_KIND_PREFIX));
  const value = kind === null ? undefined : readListingLine(bytes, kind, isCompleteJson);
  return value === undefined ? { value: parse(bytes), read: false } : { value, read: true };
}

/** Head facts, tail facts and usage slices of `lines`, as the listing and usage gather them. */
function facts(lines: readonly unknown[]) {
  const head = emptyHead();
  lines.forEach((line, index) => addHeadLine(head, line, index));
  const tail = emptyTail();
  for (const line of lines.toReversed()) if (addTailLine(tail, line)) break;
  const builder = new SliceBuilder({ id: "s", cwd: null }, (at) => String(Math.floor(at / 9e5)));
  for (const line of lines) builder.add(line);
  return { head, tail, slices: builder.slices() };
}

/** Odd values, and values of the members a listing reads. */
const VALUES: readonly unknown[] = [
  ...ODD_VALUES,
  "gpt-5.5",
  ["x"],
  { input_tokens: 1 },
  { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
  { used_percent: 91, window_minutes: 300, resets_at: 1 },
  { type: "UserMessage", content: [{ text: "typed" }] },
];

/** A copy of `value` with one member somewhere inside retyped, dropped, added or moved. */
function mutateValue(value: unknown, next: Random, depth = 0): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return next() < 0.7 ? pick(next, VALUES) : value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const roll = next();
  if (entries.length === 0 || roll < 0.1) {
    return { ...value, [pick(next, ["info", "model", "error", "x"])]: pick(next, VALUES) };
  }
  const index = Math.floor(next() * entries.length);
  const [key, member] = entries[index] as [string, unknown];
  if (roll < 0.2) return Object.fromEntries(entries.filter((_, i) => i !== index));
  if (roll < 0.3) {
    return Object.fromEntries([...entries.filter((_, i) => i !== index), [key, member]]);
  }
  return Object.fromEntries(
    entries.map(([k, v], i) => [k, i === index && depth < 5 ? mutateValue(v, next, depth + 1) : v]),
  );
}

/** Changes only text can make: repeated keys, escapes, blanks, and any byte. */
function mutateText(text: string, next: Random): string {
  const roll = next();
  if (roll < 0.2) {
    // Escape one letter of a name: the same value in other bytes.
    const found = [...text.matchAll(/"([a-z_]+)"/g)];
    const match = found.length > 0 ? pick(next, found) : undefined;
    if (match?.index === undefined) return text;
    const at = match.index + 1;
    return `${text.slice(0, at)}\\u${text.charCodeAt(at).toString(16).padStart(4, "0")}${
      text.slice(at + 1)
    }`;
  }
  if (roll < 0.4) {
    // Repeat a member with another value: parsing keeps the last one.
    const found = [
      ...text.matchAll(/[{,]"([a-z_]+)":("[^"\\]*"|-?\d+|null|true|false|\{[^{}]*\})/g),
    ];
    const match = found.length > 0 ? pick(next, found) : undefined;
    if (match?.index === undefined) return text;
    const at = match.index + match[0].length;
    const value = pick(next, ['"gpt-x"', "7", "null", '{"input_tokens":3}', '{"x":1}', "[]"]);
    return `${text.slice(0, at)},"${match[1]}":${value}${text.slice(at)}`;
  }
  const at = Math.floor(next() * text.length);
  if (roll < 0.55) return `${text.slice(0, at)} ${text.slice(at)}`;
  if (roll < 0.7) return text.slice(0, at) + text.slice(at + 1);
  if (roll < 0.8) return text.slice(0, at);
  return `${text.slice(0, at)}${pick(next, ['"', "}", ",", "\\", "0", "]", "é", "\t"])}${
    text.slice(at + 1)
  }`;
}

/** A mutant of a rollout line: structural (still JSON) or textual (JSON or not). */
function mutateLine(line: string, next: Random): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return encoder.encode(mutateText(line, next));
  }
  if (next() < 0.5) return encoder.encode(JSON.stringify(mutateValue(value, next)));
  const bytes = encoder.encode(mutateText(line, next));
  if (next() < 0.1) {
    // Invalid UTF-8 inside the line.
    const copy = bytes.slice();
    copy[Math.floor(next() * copy.length)] = pick(next, [0xff, 0xc3, 0xe2, 0x80]);
    return copy;
  }
  return bytes;
}

async function rolloutFiles(): Promise<{ name: string; lines: string[] }[]> {
  const files = [];
  for (const url of await listJsonlFiles()) {
    const text = await Deno.readTextFile(url);
    const lines = text.split("\n").filter((line) => line !== "");
    if (lines[0]?.includes('"type":"session_meta"')) files.push({ name: url.pathname, lines });
  }
  return files;
}

Deno.test("every member a listing reads comes from the bytes of real rollout lines as JSON.parse gives it", async () => {
  let read = 0;
  let wanted = 0;
  for (const { name, lines } of await rolloutFiles()) {
    for (const line of lines) {
      const bytes = encoder.encode(line);
      const kind = lineKind(bytes.subarray(0, LINE_KIND_PREFIX));
      const reading = kind === null ? undefined : listingReading(kind.type, kind.payloadType);
      if (kind === null || reading?.members == null) continue;
      wanted += 1;
      const value = readListingLine(bytes, kind, isCompleteJson);
      if (value === undefined) continue;
      read += 1;
      const parsed = JSON.parse(line);
      assert.equal(value?.timestamp, parsed.timestamp, name);
      assert.equal(value?.type, parsed.type, name);
      const payload = value?.payload as Record<string, unknown>;
      assert.equal(payload.type, parsed.payload.type, name);
      for (const path of reading.members) {
        const [first, second] = path.split(".") as [string, string | undefined];
        const got = second === undefined
          ? payload[first]
          : (payload[first] as Record<string, unknown> | undefined)?.[second];
        const want = second === undefined ? parsed.payload[first] : parsed.payload[first]?.[second];
        assert.deepEqual(got, want, `${name}: ${path} of ${line.slice(0, 120)}`);
      }
    }
  }
  // The fixtures' lines are in the shape the reader takes: all of them are read from bytes.
  assert.ok(wanted > 100, `only ${wanted} lines a listing reads`);
  assert.equal(read, wanted);
});

Deno.test("listing facts and usage slices are the same from the bytes as from parsing, on real rollouts and seeded mutants", async () => {
  const files = await rolloutFiles();
  assert.ok(files.length >= 8, `only ${files.length} rollout fixtures`);
  const next = seededRandom(16);
  let mutants = 0;
  let readMutants = 0;
  for (let round = 0; round < 60; round++) {
    for (const { name, lines } of files) {
      // Round 0: the lines as they are; then each line mutated with some probability.
      const rate = round === 0 ? 0 : 0.05 + next() * 0.3;
      const bytes = lines.map((line, index) => {
        if (index === 0 || next() >= rate) return encoder.encode(line);
        mutants += 1;
        return mutateLine(line, next);
      });
      const fromBytes = bytes.map((line, index) => {
        const read = index === 0 ? { value: parse(line), read: false } : byBytes(line);
        if (read.read && rate > 0) readMutants += 1;
        return read.value;
      });
      const fromParse = bytes.map(parse);
      assert.deepEqual(
        facts(fromBytes),
        facts(fromParse),
        `${name}, round ${round}`,
      );
    }
  }
  assert.ok(mutants > 2000, `only ${mutants} mutants`);
  assert.ok(readMutants > 1000, `only ${readMutants} lines read from bytes in mutated files`);
});

Deno.test("each listing event type of the vocabulary is wanted by a collector and read from its bytes", () => {
  for (const [type, reading] of LISTING_EVENTS) {
    const payload: Record<string, unknown> = { type };
    for (const path of reading.members ?? []) {
      const [first, second] = path.split(".") as [string, string | undefined];
      if (second === undefined) payload[first] = "x";
      else payload[first] = { ...(payload[first] as object | undefined), [second]: 1 };
    }
    const line = JSON.stringify({
      timestamp: "2026-12-04T10:00:00.000Z",
      type: "event_msg",
      payload,
    });
    const bytes = encoder.encode(line);
    const kind = lineKind(bytes);
    assert.deepEqual(kind, { type: "event_msg", payloadType: type });
    assert.deepEqual(readListingLine(bytes, kind!, isCompleteJson), JSON.parse(line), type);
  }
});

Deno.test("a line that is no complete JSON reads as null, as parsing it fails", () => {
  const line = encoder.encode(
    '{"timestamp":"2026-12-04T10:00:00.000Z","type":"event_msg","payload":{"type":"task_started","x":01}}',
  );
  assert.equal(readListingLine(line, lineKind(line)!, isCompleteJson), null);
  assert.equal(parse(line), null);
});
