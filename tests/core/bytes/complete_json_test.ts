import assert from "node:assert/strict";
import { isCompleteJson } from "../../../src/core/bytes/complete_json.ts";
import {
  COMPLETE,
  hasLineKernels,
  LineKernel,
  UNKNOWN,
} from "../../../src/core/wasm/line_kernel.ts";
import { parsesAsJson } from "../../support/parses_json.ts";

const encoder = new TextEncoder();

/** Bytes after a line that would complete it if a check looked past the line's end. */
const TRAP = encoder.encode('"}]} ');
const kernel = hasLineKernels() ? new LineKernel(1 << 16) : null;

/**
 * What the WebAssembly kernel says of `bytes` (placed at an odd offset, trap bytes after), as
 * a boolean, or null when it leaves the line to JavaScript; undefined without kernels.
 */
function kernelVerdict(bytes: Uint8Array): boolean | null | undefined {
  if (kernel === null) return undefined;
  const offset = 3 + (bytes.length % 11);
  if (offset + bytes.length + TRAP.length > kernel.bytes.length) {
    kernel.grow(offset + bytes.length + TRAP.length);
  }
  kernel.bytes.set(bytes, offset);
  kernel.bytes.set(TRAP, offset + bytes.length);
  const base = kernel.bytes.byteOffset + offset;
  const verdict = kernel.complete(base, base + bytes.length);
  return verdict === UNKNOWN ? null : verdict === COMPLETE;
}

/** Asserts that the JavaScript check and the kernel's both say what `JSON.parse` says. */
function assertAgree(bytes: Uint8Array, label: string): void {
  const expected = parsesAsJson(bytes);
  assert.equal(isCompleteJson(bytes), expected, `JavaScript: ${label}`);
  const fromKernel = kernelVerdict(bytes);
  if (fromKernel !== undefined) assert.equal(fromKernel, expected, `kernel: ${label}`);
}

const SAMPLES = [
  '{"a":1}',
  ' {"a":[1,2,{"b":null}],"c":"x\\"y\\u00e9\\n"} ',
  "[]",
  "{}",
  '"text"',
  "-0.5e+10",
  "true",
  '{"a":1',
  '{"a":1}}',
  '{"a":"b}',
  '{"a":01}',
  '{"a":1.}',
  '{"a":1,}',
  "[1,]",
  '{"a" 1}',
  '{"a":"\\x"}',
  '{"a":"\\u12"}',
  '{"a":tru}',
  '{"a":"tab\there"}',
  "\ufeff{}",
  "",
  "   ",
  "{\u0000}",
  '{"a":1}\u0000',
  "[".repeat(5000) + "]".repeat(5000),
  "[".repeat(5000) + "]".repeat(4999),
  '{"a":[{"b":[]},{}],"c":{"d":{}}}',
  '{"a":[{"b":[]},{}],"c":{"d":{}]}',
  '["' + "x".repeat(40) + '\\\\"]',
  '["' + "x".repeat(40) + '\\\\\\"]',
  '["' + "é".repeat(20) + '\\u00E9\\/\\b\\f\\r\\t"]',
  '["' + "x".repeat(31) + '\\u00g0"]',
  '["' + "x".repeat(17) + '\\u"]',
  "[-]",
  "[1e]",
  "[1E+5,0.0e-0,-0]",
  "[1.5.5]",
  "[nul]",
  "[fals]",
  "[falsy]",
  "[null,true,false]",
  "\ufeff",
  "\t\r\n {} \n",
  '{"a":"\\u007f\\u0080"}',
  '{"a":"' + "\u007f".repeat(3) + '"}',
];

/** Control characters, DEL and bytes that are no UTF-8, each inside a long string. */
const RAW_BYTES = [0x00, 0x01, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0xc3, 0xff];

Deno.test("isCompleteJson and the kernel agree with JSON.parse on valid, torn and malformed lines", () => {
  for (const sample of SAMPLES) {
    assertAgree(encoder.encode(sample), JSON.stringify(sample.slice(0, 40)));
  }
  for (const byte of RAW_BYTES) {
    for (const at of [1, 15, 16, 17, 40]) {
      const bytes = encoder.encode(`["${"x".repeat(50)}"]`);
      bytes[at + 1] = byte;
      assertAgree(bytes, `raw byte ${byte} at ${at} of a string`);
    }
  }
});

Deno.test("the kernel leaves lines nested deeper than its stack to JavaScript", () => {
  if (kernel === null) return;
  const deep = encoder.encode("[".repeat(30000) + "]".repeat(30000));
  assert.equal(kernelVerdict(deep), null);
  assert.equal(isCompleteJson(deep), true);
  const deepObject = encoder.encode('{"a":'.repeat(24576) + "1" + "}".repeat(24576));
  assert.equal(kernelVerdict(deepObject), true);
});

/** Lines shaped like the captures', with every JSON construct and strings past 16 bytes. */
const MUTATED_LINES = [
  '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"","msg":' +
  '{"type":"agent_message_delta","delta":"h\\u00e9 \\"x\\"","n":[1,-2.5e3,true,null]}}}',
  '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"r-1","threadId":' +
  '"019a-b"},"msg":{"type":"exec_command_end","stdout":"line one\\nline two\\t\\u2713 ' +
  'done and more text here","exit_code":0,"d":{"secs":1,"nanos":5E-3},"f":false},"id":"7"}}',
  ' [ {"k" : "v" , "e":{ } , "a":[ ] } , 0 , -0.25 ] ',
];

Deno.test("isCompleteJson and the kernel agree with JSON.parse on every single-byte change and cut of a line", () => {
  for (const text of MUTATED_LINES) {
    const line = encoder.encode(text);
    for (let at = 0; at < line.length; at++) {
      for (
        const byte of [0x00, 0x0a, 0x20, 0x22, 0x2c, 0x30, 0x5c, 0x7d, 0x5d, 0xff, 0x41, 0x3a]
      ) {
        const mutant = line.slice();
        mutant[at] = byte;
        assertAgree(mutant, `byte ${byte} at ${at} of ${text.slice(0, 30)}`);
      }
      assertAgree(line.subarray(0, at), `cut at ${at} of ${text.slice(0, 30)}`);
      assertAgree(
        new Uint8Array([...line.subarray(0, at), ...line.subarray(at + 1)]),
        `byte removed at ${at} of ${text.slice(0, 30)}`,
      );
    }
  }
});

Deno.test("isCompleteJson reads only its range of a larger buffer", () => {
  const bytes = encoder.encode('{"a":"\\\n{"b":1}\n');
  assert.equal(isCompleteJson(bytes, 0, 7), false);
  assert.equal(isCompleteJson(bytes, 8, 15), true);
  const open = encoder.encode("{\n}");
  assert.equal(isCompleteJson(open, 0, 1), false);
});

/** What may sit inside a string: escapes (valid and not), raw control bytes, a quote. */
const STRING_PIECES = [
  '\\"',
  "\\\\",
  "\\n",
  "\\u00e9",
  "\\u12g4",
  "\\x",
  "\u0001",
  "\t",
  '"',
  "\\",
];

/**
 * Strings of every length around the 16- and 32-byte steps of the kernel's scans, each with
 * every piece at every position, as a key and as values: 24,500 lines.
 */
function stringLines(): Uint8Array[] {
  const lines: Uint8Array[] = [];
  for (let length = 0; length <= 48; length++) {
    for (let at = 0; at <= length; at++) {
      for (const piece of STRING_PIECES) {
        const text = "a".repeat(at) + piece + "b".repeat(length - at);
        lines.push(encoder.encode(`{"k":"${text}","n":[1,"${text}"]}`));
        lines.push(encoder.encode(`{"${text}":0}`));
      }
    }
  }
  return lines;
}

Deno.test("isCompleteJson and the kernel agree with JSON.parse on strings of every length with escapes and control bytes at every position", () => {
  const lines = stringLines();
  for (const line of lines) assertAgree(line, new TextDecoder().decode(line));
  // Both verdicts occur: the lines are not all valid nor all invalid.
  const valid = lines.filter(parsesAsJson).length;
  assert.ok(valid > 1000 && valid < lines.length - 1000, `${valid} of ${lines.length}`);
});

Deno.test("isCompleteJson and the kernel agree with JSON.parse on every number-like word of up to five characters", () => {
  const alphabet = ["0", "1", "9", "-", "+", ".", "e", "E"];
  let words = [""];
  let valid = 0;
  for (let length = 1; length <= 5; length++) {
    words = words.flatMap((word) => alphabet.map((char) => word + char));
    for (const word of words) {
      for (const line of [`[${word}]`, `{"a":${word},"b":1}`, word]) {
        const bytes = encoder.encode(line);
        assertAgree(bytes, line);
        if (parsesAsJson(bytes)) valid++;
      }
    }
  }
  assert.ok(valid > 1000, `${valid} valid`);
});
