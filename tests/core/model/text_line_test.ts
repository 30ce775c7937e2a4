import assert from "node:assert/strict";
import { decodeTextLine, stripAnsi } from "../../../src/core/model/text_line.ts";

Deno.test("stripAnsi removes colour codes of Codex tracing lines", () => {
  assert.equal(
    stripAnsi(
      "\x1b[2m2026-11-24T12:30:49Z\x1b[0m \x1b[31mERROR\x1b[0m \x1b[2mcodex_mcp_server\x1b[0m\x1b[2m:\x1b[0m x",
    ),
    "2026-11-24T12:30:49Z ERROR codex_mcp_server: x",
  );
  assert.equal(stripAnsi("plain"), "plain");
});

Deno.test("decodeTextLine replaces invalid UTF-8 instead of failing", () => {
  assert.equal(decodeTextLine(new Uint8Array([0x6f, 0x6b, 0xc3])), "ok\uFFFD");
});
