import assert from "node:assert/strict";
import { EventHeaderReader } from "../../../src/core/formats/mcp_server/event_header.ts";
import { hasLineKernels, LineKernel } from "../../../src/core/wasm/line_kernel.ts";
import { scanLines } from "../../../src/io/line_scanner.ts";
import { parsesAsJson } from "../../support/parses_json.ts";

const encoder = new TextEncoder();
const FIXTURES = new URL("../../../fixtures/", import.meta.url);
/** Bytes after a line that would change a header if a reader looked past the line's end. */
const TRAP = encoder.encode('},"id":"x",}');

/** Every line of every `.jsonl` fixture, as bytes, split by the project's own line scanner. */
async function fixtureLines(): Promise<Uint8Array[]> {
  const lines: Uint8Array[] = [];
  async function walk(directory: URL): Promise<void> {
    for await (const entry of Deno.readDir(directory)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, directory));
      else if (entry.name.endsWith(".jsonl")) {
        using file = await Deno.open(new URL(entry.name, directory));
        await scanLines(file, (bytes) => {
          if (bytes.length > 0) lines.push(bytes.slice());
        });
      }
    }
  }
  await walk(FIXTURES);
  return lines;
}

/** What a reader read of a line, or null when it refused it. */
function header(
  reader: EventHeaderReader,
  bytes: Uint8Array,
  range: { start: number; end: number; kernel?: LineKernel },
) {
  const { start, end } = range;
  if (!reader.read(bytes, start, end, range.kernel ?? null)) return null;
  return {
    requestId: reader.requestId,
    type: reader.type,
    typeEnd: reader.typeEnd - start,
    msgStart: reader.msgStart - start,
    threadStart: reader.threadStart < 0 ? -1 : reader.threadStart - start,
    threadEnd: reader.threadEnd < 0 ? -1 : reader.threadEnd - start,
    threadId: reader.threadId(bytes),
    complete: reader.isComplete(bytes, start, end),
  };
}

/** Compares the kernel's reading of each line with the JavaScript reader's, trap bytes after both. */
function compareReaders(lines: Uint8Array[]): number {
  const kernel = new LineKernel(1 << 16);
  const inKernel = new EventHeaderReader();
  const inJs = new EventHeaderReader();
  let accepted = 0;
  for (const line of lines) {
    if (line.length + TRAP.length + 64 > kernel.bytes.length) kernel.grow(line.length * 2 + 4096);
    // An odd offset: the kernel must not rely on alignment.
    const offset = 7 + (line.length % 13);
    kernel.bytes.set(line, offset);
    kernel.bytes.set(TRAP, offset + line.length);
    const plain = new Uint8Array(offset + line.length + TRAP.length);
    plain.set(line, offset);
    plain.set(TRAP, offset + line.length);
    const end = offset + line.length;
    const fromKernel = header(inKernel, kernel.bytes, { start: offset, end, kernel });
    const fromJs = header(inJs, plain, { start: offset, end });
    assert.deepEqual(fromKernel, fromJs, new TextDecoder().decode(line).slice(0, 300));
    if (fromKernel !== null) accepted++;
  }
  return accepted;
}

/** Variants of `line` near its header: each byte removed, replaced by a JSON character, or cut. */
function variants(line: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const near = Math.min(line.length, 190);
  for (let at = 60; at < near; at++) {
    out.push(new Uint8Array([...line.subarray(0, at), ...line.subarray(at + 1)]));
    // A control character or tab inside a header string makes the line invalid JSON.
    for (const byte of encoder.encode('"\\},{0-9 \u0001\t')) {
      const changed = line.slice();
      changed[at] = byte;
      out.push(changed);
    }
    out.push(line.slice(0, at));
  }
  for (let cut = 1; cut <= 4; cut++) out.push(line.slice(0, line.length - cut));
  return out;
}

function eventLine(meta: string, type: string, tail = ',"delta":"x"}'): Uint8Array {
  return encoder.encode(
    `{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{${meta}},"msg":{"type":"${type}"${tail},"id":"1"}}`,
  );
}

Deno.test("the runtime has the line kernels", () => {
  assert.equal(hasLineKernels(), true);
});

Deno.test("the kernel reads the same headers as the JavaScript reader on every fixture line", async () => {
  const lines = await fixtureLines();
  const accepted = compareReaders(lines);
  // Most fixture lines are events; app-server, exec and rollout files have none.
  assert.ok(accepted > 1000, `${accepted} of ${lines.length} accepted`);
});

Deno.test("the kernel refuses and accepts exactly what the JavaScript reader does on damaged headers", async () => {
  const lines = await fixtureLines();
  // One line of each version's shape: 0.47 (id before msg) and 0.153 (threadId, id after).
  const samples = [
    lines.find((line) => new TextDecoder().decode(line).includes('},"id":"')),
    lines.find((line) => new TextDecoder().decode(line).includes('"threadId":"')),
  ].filter((line) => line !== undefined);
  assert.equal(samples.length, 2);
  const damaged = samples.flatMap(variants);
  const accepted = compareReaders(damaged);
  assert.ok(accepted > 0 && accepted < damaged.length, `${accepted} of ${damaged.length}`);
});

Deno.test("the kernel reads every kind of request id and thread as the JavaScript reader does", () => {
  const metas = [
    '"requestId":0',
    '"requestId":-0',
    '"requestId":-17',
    '"requestId":999999999999999',
    '"requestId":1000000000000000',
    '"requestId":007',
    '"requestId":""',
    '"requestId":"a b"',
    '"requestId":"\\u0031"',
    '"requestId":"é✓"',
    '"requestId":3,"threadId":""',
    '"requestId":3,"threadId":"t\\"x"',
    '"requestId":3,"threadId":"019a-✓"',
    '"requestId":3,"threadId":7',
  ];
  const lines = metas.map((meta) => eventLine(meta, "agent_message_delta"));
  // Refused by both: 16 digits, a leading zero, escapes, a thread id that is no string.
  assert.equal(compareReaders(lines), 9);
});

Deno.test("the kernel numbers many and long type names and still gives each reader its own types", () => {
  // More names than the kernel's table holds, some longer than its 56-byte slots.
  const names = Array.from(
    { length: 90 },
    (_, i) => i % 3 === 0 ? `t${i}_${"x".repeat(60)}` : `t${i}`,
  );
  const lines = [...names, ...names].map((name, i) => eventLine(`"requestId":${i}`, name));
  assert.equal(compareReaders(lines), lines.length);

  const kernel = new LineKernel(1 << 16);
  const reader = new EventHeaderReader();
  const types = new Map<string, unknown>();
  for (const line of lines) {
    kernel.bytes.set(line);
    assert.ok(reader.read(kernel.bytes, 0, line.length, kernel));
    const known = types.get(reader.type);
    if (known === undefined) types.set(reader.type, reader.eventType);
    else assert.equal(reader.eventType, known, reader.type);
  }
  assert.equal(types.size, names.length);
});

Deno.test("a kernel holds the views of its memory as it is now, not those from before it grew", () => {
  const kernel = new LineKernel(100);
  const before = kernel.bytes;
  assert.ok(kernel.holds(before));
  assert.ok(kernel.holds(before.subarray(3, 9)));
  kernel.grow(1 << 20);
  assert.ok(kernel.holds(kernel.bytes));
  assert.ok(!kernel.holds(before));
  assert.ok(!kernel.holds(new Uint8Array(8)));
});

Deno.test("a header reader given a kernel that does not hold the bytes reads them in JavaScript", () => {
  const kernel = new LineKernel(1 << 16);
  const line = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":3},"id":"0","msg":{"type":"task_started"}}}',
  );
  const reader = new EventHeaderReader();
  assert.ok(reader.read(line, 0, line.length, kernel));
  assert.equal(reader.type, "task_started");
  assert.equal(reader.requestId, 3);
});

Deno.test("a header reader reads through the kernel it is given, and only then", () => {
  const kernel = new LineKernel(1 << 16);
  let calls = 0;
  const header = kernel.header.bind(kernel);
  kernel.header = (start, end) => {
    calls++;
    return header(start, end);
  };
  const line = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":3},"id":"0","msg":{"type":"task_started"}}}',
  );
  kernel.bytes.set(line);
  const reader = new EventHeaderReader();
  assert.ok(reader.read(kernel.bytes, 0, line.length));
  assert.equal(calls, 0);
  assert.ok(reader.read(kernel.bytes, 0, line.length, kernel));
  assert.equal(calls, 1);
  assert.equal(reader.type, "task_started");
});

Deno.test("the kernel's complete-JSON check after a header agrees with JSON.parse on strings of every length with escapes and control bytes at every position", () => {
  const kernel = new LineKernel(1 << 16);
  const reader = new EventHeaderReader();
  const pieces = ['\\"', "\\\\", "\\n", "\\u00e9", "\\u12g4", "\\x", "\u0001", "\t", '"', "\\"];
  let checked = 0;
  for (let length = 0; length <= 40; length++) {
    for (let at = 0; at <= length; at++) {
      for (const piece of pieces) {
        const text = "a".repeat(at) + piece + "b".repeat(length - at);
        for (const tail of [`,"delta":"${text}"}`, `,"${text}":[null,"${text}",-1.5]}`]) {
          const line = eventLine('"requestId":1', "agent_message_delta", tail);
          // Each line starts at another offset within 16 bytes.
          const offset = 1 + (checked % 16);
          kernel.bytes.set(line, offset);
          kernel.bytes.set(TRAP, offset + line.length);
          const end = offset + line.length;
          assert.ok(reader.read(kernel.bytes, offset, end, kernel), text);
          assert.equal(reader.isComplete(kernel.bytes, offset, end), parsesAsJson(line), text);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 8000);
});
