/**
 * A deterministic mutator of Codex output files: the same seed gives the same mutants. It makes
 * the damage real files get (torn and truncated lines, flipped bytes, NULs, invalid UTF-8, a
 * BOM, CRLF and CR-only ends, huge and deeply nested lines, shuffled and repeated lines) and
 * request ids of every JSON type.
 *
 * @module
 */

import { concat, Random } from "../../bench/generate.ts";

/** The seeded source of the capture generator: an integer in [0, max) by `int`. */
export { Random };

/** One of `items`, chosen by `random`. */
function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.int(items.length)] as T;
}

const encoder = new TextEncoder();
const NEWLINE = 0x0a;

/** Lines of `bytes` split on `\n` (the last part may be a torn line or empty). */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === NEWLINE) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  lines.push(bytes.subarray(start));
  return lines;
}

function joinLines(lines: readonly Uint8Array[], separator: Uint8Array = encoder.encode("\n")) {
  let length = 0;
  for (const line of lines) length += line.length + separator.length;
  const out = new Uint8Array(Math.max(0, length - separator.length));
  let at = 0;
  lines.forEach((line, index) => {
    out.set(line, at);
    at += line.length;
    if (index < lines.length - 1) {
      out.set(separator, at);
      at += separator.length;
    }
  });
  return out;
}

function insertAt(bytes: Uint8Array, at: number, inserted: Uint8Array): Uint8Array {
  return concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
}

/** Request ids of every JSON type, as they would appear in a line. */
const ID_VALUES = [
  '"7"',
  '""',
  "-3",
  "0",
  "1.5",
  "1e300",
  "12345678901234567890",
  "null",
  "true",
  '{"a":1}',
  "[1]",
  '"\\u0000x"',
  '"1"',
];

/** One kind of damage: a name, and what it does to the file's bytes. */
interface Mutation {
  name: string;
  apply(bytes: Uint8Array, random: Random): Uint8Array;
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: "truncate",
    apply: (bytes, random) => bytes.slice(0, random.int(bytes.length + 1)),
  },
  {
    name: "flip bytes",
    apply: (bytes, random) => {
      const out = bytes.slice();
      const count = 1 + random.int(8);
      for (let i = 0; i < count && out.length > 0; i++) {
        out[random.int(out.length)] = random.int(256);
      }
      return out;
    },
  },
  {
    name: "NUL",
    apply: (bytes, random) => insertAt(bytes, random.int(bytes.length + 1), new Uint8Array([0])),
  },
  {
    name: "invalid UTF-8",
    apply: (bytes, random) =>
      insertAt(
        bytes,
        random.int(bytes.length + 1),
        new Uint8Array(pick(random, [[0xff], [0x80], [0xe2, 0x82], [0xc3], [0xed, 0xa0, 0x80]])),
      ),
  },
  {
    name: "BOM",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const index = random.next() < 0.5 ? 0 : random.int(lines.length);
      lines[index] = concat([new Uint8Array([0xef, 0xbb, 0xbf]), lines[index]!]);
      return joinLines(lines);
    },
  },
  {
    name: "CRLF",
    apply: (bytes) => joinLines(splitLines(bytes), encoder.encode("\r\n")),
  },
  {
    name: "CR only",
    apply: (bytes) => joinLines(splitLines(bytes), encoder.encode("\r")),
  },
  {
    name: "huge line",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const size = (1 + random.int(4)) * 1024 * 1024;
      const huge = random.next() < 0.5
        ? encoder.encode(
          `{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":${
            1 + random.int(3)
          }},"id":"","msg":{"type":"agent_message_delta","delta":"${"h".repeat(size)}"}}}`,
        )
        : new Uint8Array(size).fill(0x41);
      lines.splice(random.int(lines.length + 1), 0, huge);
      return joinLines(lines);
    },
  },
  {
    name: "deep line",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const depth = 1000 + random.int(10_000);
      const deep = random.next() < 0.5
        ? `{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"","msg":{"type":"agent_message","message":"x","deep":${
          "[".repeat(depth)
        }${"]".repeat(depth)}}}}`
        : "[".repeat(depth) + "{".repeat(depth);
      lines.splice(random.int(lines.length + 1), 0, encoder.encode(deep));
      return joinLines(lines);
    },
  },
  {
    name: "shuffle lines",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      for (let i = 0; i < Math.min(lines.length, 20); i++) {
        const a = random.int(lines.length);
        const b = random.int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      }
      return joinLines(lines);
    },
  },
  {
    name: "duplicate lines",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const index = random.int(lines.length);
      const copies = Array.from({ length: 1 + random.int(5) }, () => lines[index]!);
      lines.splice(index, 0, ...copies);
      return joinLines(lines);
    },
  },
  {
    name: "id types",
    apply: (bytes, random) => {
      const text = new TextDecoder().decode(bytes);
      const value = pick(random, ID_VALUES);
      const key = pick(random, ['"requestId":', '"id":']);
      let seen = 0;
      const every = 1 + random.int(3);
      const mutated = text.replace(
        new RegExp(`${key}(-?\\d+|"[^"\\\\]*")`, "g"),
        (whole) => (seen++ % every === 0 ? `${key}${value}` : whole),
      );
      return encoder.encode(mutated);
    },
  },
  {
    name: "drop final brace",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const index = random.int(lines.length);
      const line = lines[index]!;
      if (line.length > 0) lines[index] = line.subarray(0, line.length - 1);
      return joinLines(lines);
    },
  },
  {
    name: "torn line",
    apply: (bytes, random) => {
      const lines = splitLines(bytes);
      const index = random.int(lines.length);
      const line = lines[index]!;
      lines[index] = concat([line.subarray(0, random.int(line.length + 1)), encoder.encode("}}}")]);
      return joinLines(lines);
    },
  },
];

/** A mutant and the mutations that made it, in order. */
export interface Mutant {
  bytes: Uint8Array;
  steps: string[];
}

/** One to three mutations of `bytes`, chosen by `random`. */
export function mutate(bytes: Uint8Array, random: Random): Mutant {
  let out = bytes;
  const steps: string[] = [];
  const count = 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    const mutation = pick(random, MUTATIONS);
    out = mutation.apply(out, random);
    steps.push(mutation.name);
  }
  return { bytes: out, steps };
}

/** Lines of a mutant, for the minimizer. */
export { joinLines, splitLines };
