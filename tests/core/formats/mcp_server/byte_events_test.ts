import assert from "node:assert/strict";
import {
  CALL_USAGE,
  EventByteReader,
  MSG,
  TEXT_PIECE,
  TOTALS,
} from "../../../../src/core/formats/mcp_server/byte_events.ts";
import { EventHeaderReader } from "../../../../src/core/formats/mcp_server/event_header.ts";
import { type ByteReading, byteReadings } from "../../../../src/core/events/vocabulary.ts";

const encoder = new TextEncoder();

/** An mcp-server event line of request 1 holding `msg` (its `type` first). */
function eventLine(msg: Record<string, unknown>): Uint8Array {
  const params = { _meta: { requestId: 1 }, id: "1", msg };
  return encoder.encode(JSON.stringify({ jsonrpc: "2.0", method: "codex/event", params }));
}

/** One header reader for all lines: the byte reader caches its choice by the header's type ids. */
const header = new EventHeaderReader();

/** What `reader` reads of `line`, its header read first; null when the line must be parsed. */
function readLine(reader: EventByteReader, line: Uint8Array): unknown {
  assert.ok(header.read(line));
  switch (reader.read(line, header)) {
    case MSG:
      return { kind: "msg", msg: reader.msg };
    case TOTALS:
      return { kind: "totals", totals: reader.totals };
    case CALL_USAGE:
      return { kind: "call_usage", usage: reader.usage };
    case TEXT_PIECE:
      return { kind: "piece", piece: { ...reader.piece } };
    default:
      return null;
  }
}

Deno.test("an event type added to the vocabulary is read from bytes by the reader it names", () => {
  const readings = new Map<string, ByteReading>([
    ["shiny_event", { reader: "members", fields: ["wanted"] }],
  ]);
  const reader = new EventByteReader("summary", { commandOutput: 2000, readings });
  const line = eventLine({ type: "shiny_event", skipped: [1, 2], wanted: { a: "b" } });
  assert.deepEqual(readLine(reader, line), {
    kind: "msg",
    msg: { type: "shiny_event", wanted: { a: "b" } },
  });
  assert.equal(readLine(reader, eventLine({ type: "agent_message", message: "hi" })), null);
});

Deno.test("the usage reader takes its member names from the vocabulary", () => {
  const readings = new Map<string, ByteReading>([[
    "usage_event",
    { reader: "usage_totals", info: "u", total: "all", last: "latest", contextWindow: "window" },
  ]]);
  const reader = new EventByteReader("summary", { commandOutput: 2000, readings });
  const usage = { input_tokens: 3, output_tokens: 2, total_tokens: 5 };
  const line = eventLine({
    type: "usage_event",
    u: { all: usage, latest: usage, window: 100 },
  });
  const read = readLine(reader, line) as { kind: string; totals: { contextWindow: number } };
  assert.equal(read.kind, "totals");
  assert.equal(read.totals.contextWindow, 100);
  assert.deepEqual(readLine(reader, eventLine({ type: "usage_event", u: null })), {
    kind: "totals",
    totals: null,
  });
  // The vocabulary's own names are not hard-wired: `info` means nothing to this reader.
  const other = eventLine({ type: "usage_event", info: { all: usage, latest: usage, window: 1 } });
  assert.equal(readLine(reader, other), null);
});

Deno.test("the output reader decodes only the output's tail, of small lines and big ones", () => {
  const reader = new EventByteReader("summary", { commandOutput: 10 });
  const msg = {
    type: "exec_command_end",
    call_id: "c1",
    stdout: "ignored",
    aggregated_output: `${"x\n".repeat(10_000)}the end`,
    exit_code: 0,
  };
  const read = readLine(reader, eventLine(msg)) as { kind: string; msg: Record<string, unknown> };
  assert.equal(read.kind, "msg");
  assert.equal(read.msg.stdout, undefined);
  assert.equal(read.msg.exit_code, 0);
  const output = String(read.msg.aggregated_output);
  assert.ok(output.endsWith("x\nthe end") && output.length < 200, output);
  const small = eventLine({ ...msg, aggregated_output: "short" });
  const short = readLine(reader, small) as { kind: string; msg: Record<string, unknown> };
  assert.equal(short.msg.aggregated_output, "short");
});

Deno.test("every reader of the summary's byte-read events is one full detail uses too", () => {
  const full = byteReadings("full");
  for (const [type, reading] of byteReadings("summary")) {
    assert.deepEqual(full.get(type), reading, type);
  }
});

Deno.test("the vocabulary's call usage reader takes a usage right after the response id", () => {
  const reader = new EventByteReader("summary", { commandOutput: 2000 });
  const usage = { input_tokens: 7, output_tokens: 1, total_tokens: 8 };
  const read = readLine(
    reader,
    eventLine({ type: "raw_response_completed", response_id: "r1", token_usage: usage }),
  ) as { kind: string; usage: { total: number } };
  assert.equal(read.kind, "call_usage");
  assert.equal(read.usage.total, 8);
  // Another member order is a shape the reader does not take: the line is parsed.
  const moved = eventLine({
    type: "raw_response_completed",
    token_usage: usage,
    response_id: "r1",
  });
  assert.equal(readLine(reader, moved), null);
});

/** The piece `applyEvent` takes from a parsed delta message (`stringAt`, `numberAt`). */
function parsedPiece(msg: Record<string, unknown>): unknown {
  const { delta, item_id: itemId, summary_index: index } = msg;
  return {
    kind: "piece",
    piece: {
      text: typeof delta === "string" ? delta : "",
      itemId: typeof itemId === "string" ? itemId : null,
      index: typeof index === "number" && Number.isFinite(index) ? index : null,
    },
  };
}

Deno.test("a delta read from its bytes gives the text, item and index a parse gives", () => {
  const reader = new EventByteReader("full", { commandOutput: 2000 });
  const texts = [
    "plain words",
    "",
    'quotes " and \\ backslashes, tabs\t and\nnewlines',
    "multi-byte UTF-8: é, ß, 日本語, and an emoji 😀",
    "a surrogate pair escaped: \ud83d\ude00 and a lone one: \ud83d",
    "x".repeat(5000),
  ];
  const messages: Record<string, unknown>[] = [
    ...texts.map((delta) => ({ type: "agent_message_delta", delta })),
    ...texts.map((delta, index) => ({
      type: "reasoning_content_delta",
      thread_id: "t-1",
      turn_id: "u-1",
      item_id: "rs_1",
      delta,
      summary_index: index,
    })),
    { type: "agent_message_content_delta", item_id: 7, delta: null, summary_index: "0" },
    { type: "agent_reasoning_delta", delta: { text: "no string" }, item_id: ["rs_2"] },
  ];
  for (const msg of messages) {
    assert.deepEqual(readLine(reader, eventLine(msg)), parsedPiece(msg), JSON.stringify(msg));
  }
});

Deno.test("a delta with a member twice takes the later one, as a parse does", () => {
  const reader = new EventByteReader("full", { commandOutput: 2000 });
  const line = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1",' +
      '"msg":{"type":"agent_message_delta","delta":"first","item_id":"a","delta":"second",' +
      '"item_id":"b"}}}',
  );
  const parsed = JSON.parse(new TextDecoder().decode(line)).params.msg;
  assert.deepEqual(readLine(reader, line), parsedPiece(parsed));
  assert.deepEqual(parsedPiece(parsed), {
    kind: "piece",
    piece: { text: "second", itemId: "b", index: null },
  });
});

Deno.test("a delta the byte reader cannot take exactly is left to the parse", () => {
  const reader = new EventByteReader("full", { commandOutput: 2000 });
  const line = (msg: string) =>
    encoder.encode(
      '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1",' +
        `"msg":${msg}}}`,
    );
  // A bad escape, and a second type member, which would change what the line is.
  assert.equal(readLine(reader, line('{"type":"agent_message_delta","delta":"bad \\x"}')), null);
  assert.equal(
    readLine(reader, line('{"type":"agent_message_delta","delta":"a","type":"error"}')),
    null,
  );
  // In summary detail deltas are no byte-read event at all.
  const summary = new EventByteReader("summary", { commandOutput: 2000 });
  assert.equal(readLine(summary, eventLine({ type: "agent_message_delta", delta: "hi" })), null);
});

Deno.test("the text piece reader takes its member names from the vocabulary", () => {
  const readings = new Map<string, ByteReading>([
    ["shiny_delta", { reader: "text_piece", text: "chunk", item: "part", index: "slot" }],
  ]);
  const reader = new EventByteReader("summary", { commandOutput: 2000, readings });
  assert.deepEqual(
    readLine(reader, eventLine({ type: "shiny_delta", part: "p1", chunk: "hello", slot: 2 })),
    { kind: "piece", piece: { text: "hello", itemId: "p1", index: 2 } },
  );
  // The vocabulary's own names are not hard-wired.
  assert.deepEqual(
    readLine(reader, eventLine({ type: "shiny_delta", item_id: "p1", delta: "hello" })),
    { kind: "piece", piece: { text: "", itemId: null, index: null } },
  );
});
