/**
 * The event vocabulary must say what `applyEvent` really reads: on every mcp-server capture,
 * parsing lines cut down to what the table names gives the same summary as parsing them whole.
 */

import assert from "node:assert/strict";
import { Analyzer } from "../../../src/core/analyze/analyzer.ts";
import { byteReadEvents, SUMMARY_EVENTS } from "../../../src/core/events/vocabulary.ts";
import type { Analysis } from "../../../src/core/model/types.ts";
import { CAPTURES, pathFacts, readFixture, splitLines } from "../analyze/_analyze.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The summary of `lines`, every line parsed (a leading space keeps the byte readers out). */
function parsedSummary(lines: readonly string[]): Analysis {
  const analyzer = new Analyzer({ detail: "summary", format: "mcp-server" });
  lines.forEach((line, index) =>
    analyzer.pushLine(encoder.encode(` ${line}`), { line: index + 1 })
  );
  return analyzer.finish();
}

/** Each `codex/event` line with its `msg` replaced by `cut(msg)`. */
function cutEvents(
  lines: readonly string[],
  cut: (msg: Record<string, unknown>) => Record<string, unknown>,
): string[] {
  return lines.map((line) => {
    let value: { method?: unknown; params?: { msg?: Record<string, unknown> } };
    try {
      value = JSON.parse(line);
    } catch {
      return line;
    }
    const msg = value.params?.msg;
    if (value.method !== "codex/event" || msg === undefined) return line;
    return JSON.stringify({ ...value, params: { ...value.params, msg: cut(msg) } });
  });
}

function captureLines(path: string): string[] {
  return splitLines(readFixture(path)).lines.map((bytes) => decoder.decode(bytes));
}

Deno.test("the summary reads nothing of the event types the vocabulary leaves out", () => {
  for (const path of CAPTURES) {
    const lines = captureLines(path);
    const cut = cutEvents(
      lines,
      (msg) => SUMMARY_EVENTS.has(String(msg.type)) ? msg : { type: msg.type },
    );
    assert.deepEqual(pathFacts(parsedSummary(cut)), pathFacts(parsedSummary(lines)), path);
  }
});

Deno.test("the summary reads only the members the vocabulary names for byte-read events", () => {
  const fields = byteReadEvents();
  for (const path of CAPTURES) {
    const lines = captureLines(path);
    const cut = cutEvents(lines, (msg) => {
      const names = fields.get(String(msg.type));
      if (names === undefined) return msg;
      return Object.fromEntries(
        Object.entries(msg).filter(([key]) => key === "type" || names.includes(key)),
      );
    });
    assert.deepEqual(pathFacts(parsedSummary(cut)), pathFacts(parsedSummary(lines)), path);
  }
});

Deno.test("every byte-read event type is one the summary reads", () => {
  for (const type of byteReadEvents().keys()) assert.ok(SUMMARY_EVENTS.has(type), type);
  assert.ok(byteReadEvents().size > 0);
});
