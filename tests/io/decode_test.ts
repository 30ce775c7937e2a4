import assert from "node:assert/strict";
import { decodeLine, stripAnsi } from "../../src/io/decode.ts";

const CRAFTED = new URL("../../fixtures/crafted/io/", import.meta.url);

async function fixtureLines(name: string): Promise<Uint8Array[]> {
  const bytes = await Deno.readFile(new URL(name, CRAFTED));
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

Deno.test("decodeLine turns invalid UTF-8 in a stderr line into replacement characters", async () => {
  const lines = await fixtureLines("invalid-utf8.jsonl");
  // FF, FE and 80 are each invalid alone; E2 82 is a 3-byte character cut short: one U+FFFD.
  assert.equal(
    decodeLine(lines[1]!),
    "warning: stderr bytes that are not UTF-8: \uFFFD\uFFFD\uFFFD and a cut character \uFFFD",
  );
});

Deno.test("decodeLine keeps a JSON line with invalid UTF-8 in a string parseable", async () => {
  const lines = await fixtureLines("invalid-utf8.jsonl");
  const event = JSON.parse(decodeLine(lines[3]!)) as {
    params: { msg: { type: string; message: string } };
  };
  assert.equal(event.params.msg.type, "agent_message");
  // C3 28: a lead byte followed by "(", so U+FFFD then "("; FF alone; E2 82 cut before ":".
  assert.equal(
    event.params.msg.message,
    "This is a tiny \uFFFD( demo \uFFFD project \uFFFD: a README, a notes file and a TypeScript entry point that prints hello.",
  );
});

Deno.test("decodeLine never throws on arbitrary bytes", () => {
  let seed = 12345;
  for (let round = 0; round < 200; round++) {
    const bytes = new Uint8Array(1 + (round % 97));
    for (let index = 0; index < bytes.length; index++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      bytes[index] = seed >> 16 & 0xff;
    }
    const text = decodeLine(bytes);
    assert.equal(typeof text, "string");
    assert.ok(text.length > 0);
  }
});

Deno.test("decodeLine decodes valid multi-byte UTF-8 unchanged and drops a leading BOM", () => {
  const text = "h\u00e9llo \u2713 \u{1F600} \u4e2d\u6587";
  assert.equal(decodeLine(new TextEncoder().encode(text)), text);
  assert.equal(decodeLine(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), "{}");
  assert.equal(decodeLine(new Uint8Array(0)), "");
});

Deno.test("stripAnsi removes the colour codes of Codex's tracing lines", async () => {
  const lines = await fixtureLines("ansi-stderr.jsonl");
  const raw = decodeLine(lines[1]!);
  assert.ok(raw.includes("\x1b[31mERROR\x1b[0m"));
  assert.equal(
    stripAnsi(raw),
    "2026-11-24T12:30:49.611127Z ERROR codex_mcp_server: Failed to deserialize JSONRPCMessage: EOF while parsing a value at line 1 column 71",
  );
});

Deno.test("stripAnsi leaves no escape byte in any stderr-only fixture line", async () => {
  const lines = await fixtureLines("stderr-only.jsonl");
  let coloured = 0;
  for (const line of lines) {
    const text = decodeLine(line);
    if (text.includes("\x1b")) coloured++;
    assert.equal(stripAnsi(text).includes("\x1b"), false, text);
  }
  assert.equal(coloured, 7);
  assert.ok(stripAnsi(decodeLine(lines[2]!)).includes(" INFO codex_core::config: "));
});

Deno.test("stripAnsi removes only CSI sequences and returns plain text unchanged", () => {
  assert.equal(stripAnsi("\x1b[0;31;1mred\x1b[0m and \x1b[Kcleared"), "red and cleared");
  assert.equal(stripAnsi("no colour here"), "no colour here");
  assert.equal(stripAnsi("a lone \x1b escape"), "a lone \x1b escape");
  assert.equal(stripAnsi("\x1b]0;title\x07"), "\x1b]0;title\x07");
  assert.equal(stripAnsi("\x1b[38;5;245mgrey\x1b[39m"), "grey");
});
