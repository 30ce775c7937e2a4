import assert from "node:assert/strict";
import { SUMMARY_LIMITS, TABLE_LIMITS } from "../../../../src/core/model/limits.ts";
import { applyTokenTotals } from "../../../../src/core/events/mod.ts";
import { SessionRegistry, TrackedRequest } from "../../../../src/core/request/mod.ts";
import { EventByteReader } from "../../../../src/core/formats/mcp_server/byte_events.ts";
import { EventHeaderReader } from "../../../../src/core/formats/mcp_server/event_header.ts";
import { HeldLines } from "../../../../src/core/formats/mcp_server/held_lines.ts";
import { CAPTURES, pathFacts } from "../../analyze/_analyze.ts";
import { analyse, mutatedCapture } from "./_mutated_capture.ts";
import { seededRandom } from "../../../support/random.ts";
import type { Random } from "../../../support/mutation.ts";

const encoder = new TextEncoder();

/** A 0.153 token count line of request 1 on `thread`, its numbers from `total` and `window`. */
function countLine(total: number, options: { window?: number | null; thread?: string } = {}) {
  const usage = {
    input_tokens: total - 10,
    cached_input_tokens: 0,
    output_tokens: 10,
    reasoning_output_tokens: 0,
    total_tokens: total,
  };
  return encoder.encode(JSON.stringify({
    jsonrpc: "2.0",
    method: "codex/event",
    params: {
      _meta: { requestId: 1, threadId: options.thread ?? "t-1" },
      msg: {
        type: "token_count",
        info: {
          total_token_usage: usage,
          last_token_usage: { ...usage, total_tokens: 7 },
          model_context_window: options.window === undefined ? 1000 : options.window,
        },
        rate_limits: null,
      },
    },
  }));
}

/** A reader that counts the held counts it decodes. */
class CountingReader extends EventByteReader {
  decoded = 0;
  override totalsAt(bytes: Uint8Array, at: { type: string; typeEnd: number }) {
    this.decoded++;
    return super.totalsAt(bytes, at);
  }
}

/** A request with its first count applied (so later ones are last-wins), and the held counts. */
function afterFirstCount() {
  const sessions = new SessionRegistry();
  const reader = new CountingReader("summary", { commandOutput: 0 });
  const deferred = new HeldLines(reader, sessions);
  const request = new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: SUMMARY_LIMITS,
    deltas: null,
  });
  sessions.configure(request, { threadId: "t-1", model: null, cwd: null, rolloutPath: null });
  request.setThread("t-1");
  request.configureSession({ model: null, rolloutPath: null, cwd: null });
  const header = new EventHeaderReader();
  const hold = (bytes: Uint8Array) => {
    assert.ok(header.read(bytes, 0, bytes.length, null));
    assert.ok(reader.replacesTotals(bytes, header));
    return deferred.holdCount(request, bytes, header);
  };
  const first = countLine(100);
  assert.ok(header.read(first, 0, first.length, null));
  assert.equal(hold(first), false, "a first count decides facts: it is read at once");
  reader.read(first, header);
  const context = { line: 2, time: null, threadId: null, sessions, emit: null };
  applyTokenTotals(request, reader.totals!, context);
  return { request, reader, hold, sessions, deferred };
}

Deno.test("a run of token counts is decoded once, when the request's totals are read", () => {
  const { request, reader, hold, sessions } = afterFirstCount();
  for (const total of [200, 300, 400]) assert.equal(hold(countLine(total)), true);
  assert.equal(reader.decoded, 0);
  assert.equal(request.lastTotal?.total, 400);
  assert.equal(reader.decoded, 1);
  assert.equal(request.lastUsage?.total, 7);
  assert.equal(sessions.get("t-1")?.lastTotal?.total, 400);
  assert.deepEqual(request.ownTokens()?.total, 400);
  assert.equal(reader.decoded, 1, "a settled count is not decoded again");
});

Deno.test("a held token count is settled before the request's record is built", () => {
  const { request, reader, hold } = afterFirstCount();
  assert.equal(hold(countLine(250, { window: 2000 })), true);
  const record = request.record();
  assert.equal(reader.decoded, 1);
  assert.equal(record.sessionTokens?.total, 250);
  assert.equal(record.contextWindow, 2000);
});

Deno.test("settling every held count brings the session's total up to date", () => {
  const { reader, hold, sessions, deferred } = afterFirstCount();
  assert.equal(hold(countLine(900)), true);
  assert.equal(sessions.get("t-1")?.lastTotal?.total, 100, "held: not applied yet");
  deferred.settleAll();
  assert.equal(reader.decoded, 1);
  assert.equal(sessions.get("t-1")?.lastTotal?.total, 900);
});

Deno.test("a count without a context window is not held: it does not replace every fact", () => {
  const { reader, hold } = afterFirstCount();
  const line = countLine(300, { window: null });
  const header = new EventHeaderReader();
  assert.ok(header.read(line, 0, line.length, null));
  assert.equal(reader.replacesTotals(line, header), false);
  assert.equal(hold(countLine(400)), true);
});

Deno.test("a count is read at once while another request is its session's last", () => {
  const { request, hold, sessions } = afterFirstCount();
  const other = new TrackedRequest({ key: "2", requestId: 2 }, {
    line: 9,
    limits: SUMMARY_LIMITS,
    deltas: null,
  });
  sessions.join(other, sessions.get("t-1")!);
  assert.equal(hold(countLine(500)), false);
  assert.equal(request.laterTotals, null);
});

/** A 0.153 agent message line of request 1 with `text`. */
function messageLine(text: string) {
  return encoder.encode(JSON.stringify({
    jsonrpc: "2.0",
    method: "codex/event",
    params: {
      _meta: { requestId: 1, threadId: "t-1" },
      msg: { type: "agent_message", message: text, phase: null },
    },
  }));
}

/** A reader that counts the held messages it decodes. */
class MessageCountingReader extends EventByteReader {
  decoded = 0;
  override msgAt(bytes: Uint8Array, at: { type: string; msgStart: number }) {
    this.decoded++;
    return super.msgAt(bytes, at);
  }
}

Deno.test("a run of agent messages is decoded once, where only the answer is kept", () => {
  const reader = new MessageCountingReader("summary", { commandOutput: 0 });
  const held = new HeldLines(reader, new SessionRegistry());
  const request = new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: TABLE_LIMITS,
    deltas: null,
  });
  assert.equal(request.messagesAreLastWins, true);
  const header = new EventHeaderReader();
  // Escapes, a control character, multi-byte UTF-8 and a surrogate pair.
  const texts = ["first", 'caf\u00e9 "quoted"', "last \ud83d\ude00 \u0001\n done"];
  for (const [index, text] of texts.entries()) {
    const bytes = messageLine(text);
    assert.ok(header.read(bytes, 0, bytes.length, null));
    assert.ok(reader.takesMembers(bytes, header));
    const at = { type: header.type, msgStart: header.msgStart, line: index + 2 };
    assert.equal(held.holdMessage(request, bytes, at), true);
  }
  assert.equal(reader.decoded, 0);
  assert.equal(request.record().finalMessage, texts[2]);
  assert.equal(reader.decoded, 1);
});

Deno.test("agent messages are read at once where a message list is kept", () => {
  const request = new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: SUMMARY_LIMITS,
    deltas: null,
  });
  assert.equal(request.messagesAreLastWins, false);
  const held = new HeldLines(
    new EventByteReader("summary", { commandOutput: 0 }),
    new SessionRegistry(),
  );
  const bytes = messageLine("kept");
  const header = new EventHeaderReader();
  assert.ok(header.read(bytes, 0, bytes.length, null));
  const at = { type: header.type, msgStart: header.msgStart, line: 2 };
  assert.equal(held.holdMessage(request, bytes, at), false);
});

/** The capture's lines with each agent message repeated with other texts, some copies odd. */
function manyMessages(next: Random) {
  return (lines: string[]) =>
    lines.flatMap((line) => {
      if (!line.includes('"agent_message"')) return [line];
      let value: { params?: { msg?: Record<string, unknown> } };
      try {
        value = JSON.parse(line);
      } catch {
        return [line];
      }
      const msg = value.params?.msg;
      if (msg?.type !== "agent_message") return [line];
      const copies: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const copy = structuredClone(value);
        const copyMsg = copy.params!.msg!;
        const roll = next();
        if (roll < 0.1) delete copyMsg.message;
        else if (roll < 0.2) copyMsg.message = 42;
        else if (roll < 0.3) copyMsg.extra = { type: "task_complete" };
        else copyMsg.message = `${String(copyMsg.message)} \u00e9 "${i}"\n`;
        copies.push(JSON.stringify(copy));
      }
      return next() < 0.5 ? [...copies, line] : [line, ...copies];
    });
}

/** The capture's lines with each token count repeated with growing totals, some copies odd. */
function manyCounts(next: Random) {
  return (lines: string[]) =>
    lines.flatMap((line) => {
      if (!line.includes('"token_count"')) return [line];
      let value: { params?: { msg?: { info?: Record<string, unknown> | null } } };
      try {
        value = JSON.parse(line);
      } catch {
        return [line];
      }
      const info = value.params?.msg?.info;
      if (info === null || info === undefined) return [line];
      const copies: string[] = [];
      for (let i = 1; i <= 4; i++) {
        const copy = structuredClone(value);
        const copyInfo = copy.params!.msg!.info as Record<string, Record<string, number> | null>;
        const total = copyInfo.total_token_usage as Record<string, number>;
        for (const key of Object.keys(total)) total[key] = (total[key] as number) + i;
        const last = copyInfo.last_token_usage;
        if (last !== null && typeof last === "object") last.total_tokens = i;
        const window = (copyInfo as Record<string, unknown>).model_context_window;
        if (typeof window === "number") {
          (copyInfo as Record<string, unknown>).model_context_window = window + i;
        }
        const roll = next();
        if (roll < 0.1) (copyInfo as Record<string, unknown>).model_context_window = null;
        else if (roll < 0.2) copyInfo.last_token_usage = null;
        else if (roll < 0.25) copy.params!.msg!.info = null;
        copies.push(JSON.stringify(copy));
      }
      return [...copies, line];
    });
}

for (const detail of ["summary", "table"] as const) {
  Deno.test(`held counts and messages give the analysis of reading every line (${detail})`, () => {
    let counts = 0;
    let messages = 0;
    for (const [index, path] of CAPTURES.entries()) {
      for (let round = 0; round < 4; round++) {
        const seed = 7000 + index * 10 + round;
        // Without answers and task ends, the last agent message is the final answer.
        const unanswered = (lines: string[]) =>
          round < 2 ? lines : lines.filter((line) => !/"task_complete"|"result":/.test(line));
        const more = (lines: string[]) =>
          manyMessages(seededRandom(seed + 1))(manyCounts(seededRandom(seed))(unanswered(lines)));
        const lines = mutatedCapture(path, seed, round === 0 ? 0 : 0.2, more);
        counts += lines.filter((line) => line.includes('"token_count"')).length;
        messages += lines.filter((line) => line.includes('"agent_message"')).length;
        // A leading space keeps every line off the byte path: each line is parsed and applied.
        const held = analyse(lines, detail, "");
        const read = analyse(lines, detail, " ");
        assert.deepEqual(pathFacts(held), pathFacts(read), `${path}, seed ${seed}`);
      }
    }
    assert.ok(messages > 200);
    assert.ok(counts > 500);
  });
}
