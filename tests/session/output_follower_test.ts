import assert from "node:assert/strict";
import { formatArrivalTime } from "../../src/io/arrival_times.ts";
import { OutputFollower } from "../../src/session/output_follower.ts";
import { waitForRequest } from "../../src/session/wait.ts";
import type { SessionPaths } from "../../src/session/state_dir.ts";
import { deadSession } from "../support/dead_session.ts";

const FIXTURE = "fixtures/codex-0.153.4/interleaved.jsonl";
/** The most a follower may ask for in one read, whatever the size of the output. */
const MAX_READ = 1024 * 1024;

/** Writes the fixture `copies` times as the session's output, with an arrival time per line. */
async function writeOutput(paths: SessionPaths, copies: number): Promise<number> {
  const lines = (await Deno.readTextFile(FIXTURE)).split("\n").filter((line) => line !== "");
  const block = lines.join("\n") + "\n";
  const output = await Deno.open(paths.output, { write: true, create: true, truncate: true });
  const times = await Deno.open(paths.times, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let line = 0;
  for (let copy = 0; copy < copies; copy++) {
    await output.write(encoder.encode(block));
    let records = "";
    for (let i = 0; i < lines.length; i++) records += formatArrivalTime(++line, 5_000 + line);
    await times.write(encoder.encode(records));
  }
  output.close();
  times.close();
  return line;
}

/** The largest buffer any file read is given, and the bytes all reads return, while `run` runs. */
async function spyReads(run: () => Promise<void>): Promise<{ largest: number; total: number }> {
  const proto = Deno.FsFile.prototype;
  const read = proto.read;
  const readSync = proto.readSync;
  const seen = { largest: 0, total: 0 };
  const count = (buffer: Uint8Array, bytes: number | null) => {
    seen.largest = Math.max(seen.largest, buffer.byteLength);
    seen.total += bytes ?? 0;
    return bytes;
  };
  proto.read = async function (buffer: Uint8Array) {
    return count(buffer, await read.call(this, buffer));
  };
  proto.readSync = function (buffer: Uint8Array) {
    return count(buffer, readSync.call(this, buffer));
  };
  try {
    await run();
  } finally {
    proto.read = read;
    proto.readSync = readSync;
  }
  return seen;
}

Deno.test("OutputFollower reads a large output in bounded blocks and feeds every line with its time", async () => {
  const { stateDir, paths } = await deadSession();
  try {
    // about 20 MB of output and 5 MB of arrival times
    const total = await writeOutput(paths, 450);
    const follower = new OutputFollower(paths);
    const { largest } = await spyReads(async () => {
      await follower.poll({ final: true });
    });
    assert.ok(largest <= MAX_READ, `a read asked for ${largest} bytes`);
    const analysis = follower.analysis();
    assert.equal(follower.lines, total);
    assert.equal(analysis.lines.total, total);
    const last = analysis.requests.at(-1);
    assert.ok(last);
    assert.equal(last.lastTime, 5_000 + last.lastLine);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("OutputFollower reads only what was added since the last poll", async () => {
  const { stateDir, paths } = await deadSession();
  try {
    const lines = (await Deno.readTextFile(FIXTURE)).split("\n").filter((line) => line !== "");
    const half = Math.floor(lines.length / 2);
    await Deno.writeTextFile(paths.output, lines.slice(0, half).join("\n") + "\n");
    const follower = new OutputFollower(paths);
    assert.equal(await follower.poll(), half);
    // a torn line is held back until its newline arrives
    const rest = lines.slice(half).join("\n") + "\n";
    await Deno.writeTextFile(paths.output, rest.slice(0, 10), { append: true });
    assert.equal(await follower.poll(), 0);
    await Deno.writeTextFile(paths.output, rest.slice(10), { append: true });
    assert.equal(await follower.poll(), lines.length - half);
    assert.equal(follower.analysis().lines.total, lines.length);
    const fresh = new OutputFollower(paths);
    await fresh.poll();
    assert.deepEqual(
      follower.analysis().requests.map((request) => [request.key, request.state]),
      fresh.analysis().requests.map((request) => [request.key, request.state]),
    );
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("waitForRequest given a follower that read the output reads only what is new", async () => {
  const { stateDir, paths } = await deadSession();
  try {
    await writeOutput(paths, 50);
    await Deno.writeTextFile(
      paths.buffer,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: {} }) + "\n",
    );
    const outputBytes = (await Deno.stat(paths.output)).size;
    const follower = new OutputFollower(paths);
    await follower.poll({ final: true });
    let shared = null;
    const { total: sharedBytes } = await spyReads(async () => {
      shared = await waitForRequest(paths, 1, { follower, timeoutMs: 0 });
    });
    let fresh = null;
    const { total: freshBytes } = await spyReads(async () => {
      fresh = await waitForRequest(paths, 1, { timeoutMs: 0 });
    });
    assert.ok(freshBytes > outputBytes);
    assert.ok(sharedBytes < 64 * 1024, `the wait read ${sharedBytes} bytes`);
    assert.deepEqual(shared, fresh);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("OutputFollower counts a line over the line limit and never holds it", async () => {
  const { stateDir, paths } = await deadSession();
  try {
    const lines = (await Deno.readTextFile(FIXTURE)).split("\n").filter((line) => line !== "");
    const long = JSON.stringify({ jsonrpc: "2.0", method: "x", params: "y".repeat(3_000_000) });
    await Deno.writeTextFile(paths.output, [lines[0], long, ...lines.slice(1)].join("\n") + "\n");
    const follower = new OutputFollower(paths, { maxLineBytes: 1024 * 1024 });
    let fed = 0;
    const { largest } = await spyReads(async () => {
      fed = await follower.poll({ final: true });
    });
    assert.ok(largest <= MAX_READ, `a read asked for ${largest} bytes`);
    assert.equal(fed, lines.length + 1);
    const analysis = follower.analysis();
    assert.equal(analysis.lines.total, lines.length + 1);
    assert.equal(analysis.lines.tooLong, 1);
    const fresh = new OutputFollower(paths);
    await fresh.poll({ final: true });
    assert.deepEqual(
      analysis.requests.map((request) => [request.key, request.state, request.lastLine]),
      fresh.analysis().requests.map((request) => [request.key, request.state, request.lastLine]),
    );
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});
