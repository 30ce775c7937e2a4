/**
 * `codexmon watch` as a user runs it: a real subprocess following a file that a replay of a
 * real capture fills at its recorded pace. Every wait is on an expected line, with a deadline.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type Capture,
  Collector,
  GrowingFile,
  readCapture,
  replay,
  type ReplayOptions,
} from "../support/replay.ts";
import { APP_SERVER_CODEX_VERSIONS } from "../support/codex.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

type Json = Record<string, unknown>;

/** A running `codexmon watch`, its stdout and stderr as lines. */
interface WatchProcess {
  stdout: Collector<string>;
  stderr: Collector<string>;
  /** Parsed stdout lines (with `--json`). */
  objects(): Json[];
  waitObject(predicate: (object: Json) => boolean, what: string, timeoutMs?: number): Promise<Json>;
  status: Promise<Deno.CommandStatus>;
  child: Deno.ChildProcess;
  /** Resolves once stdout and stderr are read to their end. */
  drained: Promise<void>;
}

function startWatch(args: string[], options: { env?: Record<string, string> } = {}): WatchProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, "watch", ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    env: { NO_COLOR: "1", ...options.env },
  }).spawn();
  const stdout = new Collector<string>();
  const stderr = new Collector<string>();
  const drained = Promise.all([readLines(child.stdout, stdout), readLines(child.stderr, stderr)])
    .then(() => {});
  const parsed = () =>
    stdout.items.flatMap((line) => {
      try {
        return [JSON.parse(line) as Json];
      } catch {
        return [];
      }
    });
  return {
    stdout,
    stderr,
    objects: parsed,
    waitObject: (predicate, what, timeoutMs = 15_000) =>
      stdout.until(() => parsed().find(predicate), what, timeoutMs),
    status: child.status,
    child,
    drained,
  };
}

async function readLines(stream: ReadableStream<Uint8Array>, into: Collector<string>) {
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf("\n");
    while (newline !== -1) {
      into.push(rest.slice(0, newline));
      rest = rest.slice(newline + 1);
      newline = rest.indexOf("\n");
    }
  }
  if (rest !== "") into.push(rest);
}

/** Waits for the exit status, with a deadline; kills the process when it passes. */
async function exitCode(watch: WatchProcess, timeoutMs = 20_000): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const result = await Promise.race([watch.status, deadline]);
  clearTimeout(timer);
  if (result === "timeout") {
    watch.child.kill("SIGKILL");
    await watch.status;
    await watch.drained;
    throw new Error(
      `watch did not exit within ${timeoutMs} ms; stdout:\n${
        watch.stdout.items.join("\n")
      }\nstderr:\n${watch.stderr.items.join("\n")}`,
    );
  }
  await watch.drained;
  return result.code;
}

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-watch-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const isNotice = (kind: string) => (object: Json) =>
  object.type === "notice" && object.kind === kind;
const isAlert = (kind: string) => (object: Json) => object.type === "alert" && object.kind === kind;

/** The final answer of request 1 as the capture's own result line says it. */
function resultText(capture: Capture): string {
  for (const bytes of capture.lines) {
    const text = decoder.decode(bytes);
    if (!text.startsWith("{")) continue;
    const message = JSON.parse(text) as Json;
    const result = message.result as { content?: { text?: string }[] } | undefined;
    if (message.id === 1 && result?.content?.[0]?.text !== undefined) return result.content[0].text;
  }
  throw new Error(`no result for request 1 in ${capture.name}`);
}

/** The 1-based number of the first line of `capture` that holds a `msg` of type `type`. */
function lineOf(capture: Capture, type: string): number {
  const index = capture.lines.findIndex((bytes) => {
    const text = decoder.decode(bytes);
    if (!text.startsWith("{")) return false;
    const params = (JSON.parse(text) as Json).params as { msg?: { type?: unknown } } | undefined;
    return params?.msg?.type === type;
  });
  if (index === -1) throw new Error(`no ${type} line in ${capture.name}`);
  return index + 1;
}

/** Starts watch with `--json`, waits until it watches, then replays the capture into the file. */
async function watchReplay(
  dir: string,
  capture: Capture,
  args: string[],
  replayOptions: ReplayOptions = {},
) {
  const path = join(dir, "out.json");
  const file = new GrowingFile(path);
  const watch = startWatch([path, "--json", ...args]);
  await watch.waitObject(isNotice("watching"), "the watching notice");
  const controller = new AbortController();
  const writes = new Map<number, number>();
  const replaying = replay(capture, file, {
    signal: controller.signal,
    onWrite: (line, time) => writes.set(line, time),
    ...replayOptions,
  });
  return { path, file, watch, writes, replaying, controller };
}

for (const version of ["codex-0.47.0", "codex-0.153.4"]) {
  Deno.test(`watch --exit-on done exits 0 when ${version}/simple completes`, async () => {
    const capture = await readCapture(`${version}/simple`);
    await withTempDir(async (dir) => {
      const { watch, writes, replaying, file } = await watchReplay(dir, capture, [
        "--exit-on",
        "done",
      ], { speed: 2 });
      try {
        const completed = await watch.waitObject(isAlert("completed"), "the completed alert");
        assert.equal(completed.key, "1");
        assert.equal(completed.state, "completed");
        assert.equal(completed.message, resultText(capture));
        // task_complete completes the request (docs/formats.md), so the alert comes on it or,
        // when both arrive in one read, on the result line after it; never earlier.
        const taskComplete = lineOf(capture, "task_complete");
        assert.equal(taskComplete, capture.lines.length - 1, "task_complete precedes the result");
        assert.ok(
          completed.line === taskComplete || completed.line === capture.lines.length,
          `alerted on line ${completed.line}`,
        );
        assert.ok((completed.time as number) >= writes.get(completed.line as number)!);
        const exit = await watch.waitObject((object) => object.type === "exit", "the exit object");
        assert.deepEqual([exit.code, exit.condition], [0, "done"]);
        assert.equal(await exitCode(watch), 0);
        const started = watch.objects().filter((object) => object.kind === "started");
        assert.equal(started.length, 1, "one request started");
        const message = watch.objects().find((object) =>
          object.type === "entry" && object.kind === "message"
        );
        assert.equal(message?.text, resultText(capture));
      } finally {
        await replaying;
        file.close();
      }
    });
  });
}

Deno.test("watch --exit-on stuck exits 3 while stuck-loop is still looping", async () => {
  const capture = await readCapture("codex-0.47.0/stuck-loop");
  await withTempDir(async (dir) => {
    // Line 100 is deep in the loop: writing no further keeps the request open however far
    // behind a loaded machine lets the watcher fall.
    const { watch, replaying, controller, file } = await watchReplay(dir, capture, [
      "--exit-on",
      "stuck",
    ], { to: 100 });
    try {
      const stuck = await watch.waitObject(isAlert("stuck"), "the stuck alert");
      assert.equal(stuck.key, "1");
      assert.equal(stuck.state, "running");
      const findings = stuck.findings as Json[];
      assert.ok(
        findings.some((finding) => finding.kind === "repeated_command"),
        JSON.stringify(findings),
      );
      assert.equal(await exitCode(watch), 3);
      assert.ok((stuck.line as number) <= 100, `alerted at line ${stuck.line}`);
      assert.ok(!watch.objects().some(isAlert("completed")));
    } finally {
      controller.abort();
      await replaying;
      file.close();
    }
  });
});

for (const version of ["codex-0.47.0", "codex-0.153.4"]) {
  Deno.test(`watch --exit-on approval exits 4 on ${version}/approval-noanswer`, async () => {
    const capture = await readCapture(`${version}/approval-noanswer`);
    await withTempDir(async (dir) => {
      const { watch, replaying, file } = await watchReplay(dir, capture, [
        "--exit-on",
        "approval",
      ]);
      try {
        const approval = await watch.waitObject(isAlert("approval"), "the approval alert");
        assert.equal(approval.state, "awaiting_approval");
        assert.match(approval.message as string, /touch approved\.txt/);
        assert.equal(await exitCode(watch), 4);
      } finally {
        await replaying;
        file.close();
      }
    });
  });
}

Deno.test("watch --silence warns about the stall in stall while no line arrives", async () => {
  const capture = await readCapture("codex-0.47.0/stall");
  // The 60 s gap after line 8 becomes 3 s; the threshold is 1 s.
  const gapStart =
    capture.timing.findIndex((row, index) =>
      (capture.timing[index + 1]?.ms ?? row.ms) - row.ms > 30_000
    ) + 1;
  await withTempDir(async (dir) => {
    const { watch, writes, replaying, file } = await watchReplay(dir, capture, [
      "--silence",
      "1",
      "--exit-on",
      "done",
    ], { speed: 20 });
    try {
      const warning = await watch.waitObject(isAlert("warning"), "the silence warning");
      const findings = warning.findings as Json[];
      assert.deepEqual(findings.map((finding) => finding.kind), ["silence"]);
      assert.equal(warning.line, gapStart);
      // The warning's line proves it came while line gapStart was the last one; how soon
      // after the threshold it fires is a latency figure for bench/, not a test.
      const waited = (warning.time as number) - writes.get(gapStart)!;
      assert.ok(waited >= 1000, `warned after ${waited} ms of silence, threshold 1000`);
      await watch.waitObject(isAlert("completed"), "the completion after the stall");
      assert.equal(await exitCode(watch), 0);
    } finally {
      await replaying;
      file.close();
    }
  });
});

Deno.test("watch starts over when the file is truncated mid-stream", async () => {
  const looping = await readCapture("codex-0.47.0/stuck-loop");
  const simple = await readCapture("codex-0.47.0/simple");
  await withTempDir(async (dir) => {
    // The first run is in the file before watch starts: its watching notice says it read all
    // 20 lines, so the truncation is seen (the file shrinks below what was read) before the
    // new content can grow past that point.
    const path = join(dir, "out.json");
    const file = new GrowingFile(path);
    for (const line of looping.lines.slice(0, 20)) file.write(line);
    const watch = startWatch([path, "--json", "--from-start", "--exit-on", "done"]);
    try {
      const watching = await watch.waitObject(isNotice("watching"), "the watching notice");
      assert.equal(watching.lines, 20);
      file.truncate();
      await watch.waitObject(isNotice("truncated"), "the truncated notice");
      await replay(simple, file, { speed: 4 });
      const completed = await watch.waitObject(isAlert("completed"), "the completion");
      assert.equal(completed.message, resultText(simple));
      assert.equal(await exitCode(watch), 0);
      const started = watch.objects().filter((object) => object.kind === "started");
      assert.equal(started.length, 2, "request 1 starts again in the new content");
    } finally {
      file.close();
    }
  });
});

Deno.test("watch follows a rotated file to the new one", async () => {
  const looping = await readCapture("codex-0.47.0/stuck-loop");
  const simple = await readCapture("codex-0.153.4/simple");
  await withTempDir(async (dir) => {
    const { watch, replaying, file, path } = await watchReplay(dir, looping, [
      "--exit-on",
      "done",
    ], { to: 20, speed: 4 });
    try {
      await replaying;
      await watch.waitObject((object) => object.kind === "started", "request 1 of the old file");
      const rotated = file.rotate();
      await replay(simple, file, { speed: 4 });
      await watch.waitObject(isNotice("rotated"), "the rotated notice");
      const completed = await watch.waitObject(isAlert("completed"), "the completion");
      assert.equal(completed.message, resultText(simple));
      assert.equal(await exitCode(watch), 0);
      assert.equal(
        (await Deno.stat(rotated)).size,
        looping.lines.slice(0, 20)
          .reduce((sum, line) => sum + line.length, 0),
      );
      assert.notEqual((await Deno.stat(path)).ino, (await Deno.stat(rotated)).ino);
    } finally {
      file.close();
    }
  });
});

Deno.test("watch joins a line written in two pieces", async () => {
  const capture = await readCapture("codex-0.47.0/simple");
  const last = capture.lines.length;
  await withTempDir(async (dir) => {
    const { watch, writes, replaying, file } = await watchReplay(dir, capture, [
      "--exit-on",
      "done",
      "--types",
      "message,text",
    ], { speed: 2, to: last - 1, split: [last - 1], splitPauseMs: 400 });
    try {
      // task_complete (the line before the result) completes the request: its second piece
      // must come first. The result line is not written, so no later read can carry the alert.
      const completed = await watch.waitObject(isAlert("completed"), "the completed alert");
      assert.equal(completed.line, last - 1);
      assert.ok((completed.time as number) >= writes.get(last - 1)!, "alerted on half a line");
      assert.equal(await exitCode(watch), 0);
      const text = watch.objects().filter((object) => object.kind === "text");
      assert.deepEqual(text, [], "no half line was read as a text line");
    } finally {
      await replaying;
      file.close();
    }
  });
});

Deno.test("watch waits for a file created after it started", async () => {
  const capture = await readCapture("codex-0.47.0/simple");
  await withTempDir(async (dir) => {
    const path = join(dir, "later.json");
    const watch = startWatch([path, "--json", "--exit-on", "done"]);
    await watch.waitObject(isNotice("waiting"), "the waiting notice");
    await watch.waitObject(isNotice("watching"), "the watching notice");
    const file = new GrowingFile(path);
    try {
      await replay(capture, file, { speed: 4 });
      const completed = await watch.waitObject(isAlert("completed"), "the completion");
      assert.equal(completed.message, resultText(capture));
      assert.equal(await exitCode(watch), 0);
    } finally {
      file.close();
    }
  });
});

Deno.test("watch starts at the end: what is already there is context, not alerts", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.json");
    await Deno.copyFile(new URL("../../fixtures/codex-0.47.0/simple.jsonl", import.meta.url), path);
    const watch = startWatch([path, "--json", "--exit-on", "done"]);
    assert.equal(await exitCode(watch), 0);
    const objects = watch.objects();
    assert.deepEqual(objects.map((object) => object.type), ["notice", "exit"]);
    assert.equal(objects[0]!.lines, 37);
  });
});

Deno.test("watch --from-start alerts on what is already there", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.json");
    await Deno.copyFile(new URL("../../fixtures/codex-0.47.0/simple.jsonl", import.meta.url), path);
    const watch = startWatch([path, "--json", "--from-start", "--exit-on", "done"]);
    assert.equal(await exitCode(watch), 0);
    assert.ok(watch.objects().some(isAlert("completed")));
  });
});

Deno.test("watch --request shows only that request of interleaved and exits when it is done", async () => {
  const capture = await readCapture("codex-0.47.0/interleaved");
  await withTempDir(async (dir) => {
    const { watch, replaying, file } = await watchReplay(dir, capture, [
      "--request",
      "2",
      "--exit-on",
      "done",
    ], { speed: 2 });
    try {
      await watch.waitObject(isAlert("completed"), "request 2 completing");
      assert.equal(await exitCode(watch), 0);
      const keys = new Set(
        watch.objects().filter((object) => object.type !== "notice" && object.type !== "exit")
          .map((object) => object.key),
      );
      assert.deepEqual([...keys], ["2"]);
    } finally {
      await replaying;
      file.close();
    }
  });
});

Deno.test("watch --on-alert runs the command with the alert on stdin and in variables", async () => {
  const capture = await readCapture("codex-0.47.0/simple");
  await withTempDir(async (dir) => {
    const out = join(dir, "alert");
    const command =
      `cat > "${out}.$CODEXMON_ALERT_KIND.json"; printf '%s %s' "$CODEXMON_REQUEST_ID" "$CODEXMON_STATE" > "${out}.env"`;
    const { watch, replaying, file } = await watchReplay(dir, capture, [
      "--exit-on",
      "done",
      "--on-alert",
      command,
      "--bell",
    ], { speed: 4 });
    try {
      assert.equal(await exitCode(watch), 0);
      // watch waits for alert commands before it exits.
      const alert = JSON.parse(await Deno.readTextFile(`${out}.completed.json`)) as Json;
      assert.deepEqual([alert.type, alert.kind, alert.requestId], ["alert", "completed", 1]);
      assert.equal(await Deno.readTextFile(`${out}.env`), "1 completed");
      assert.ok(watch.stderr.items.join("\n").includes("\x07"), "the bell rang on stderr");
    } finally {
      await replaying;
      file.close();
    }
  });
});

Deno.test("watch prints one plain line per event and transition off a TTY", async () => {
  const capture = await readCapture("codex-0.47.0/shell");
  await withTempDir(async (dir) => {
    const path = join(dir, "out.json");
    const file = new GrowingFile(path);
    const watch = startWatch([path, "--exit-on", "done"]);
    try {
      await watch.stderr.waitFor((line) => line.startsWith("codexmon: watching"), "watching");
      await replay(capture, file, { speed: 4 });
      assert.equal(await exitCode(watch), 0);
      const lines = watch.stdout.items;
      assert.ok(lines.some((line) => /\[1\] STARTED codex$/.test(line)), lines.join("\n"));
      assert.ok(
        lines.some((line) => line.includes("ls does-not-exist -> exit 2")),
        lines.join("\n"),
      );
      assert.ok(lines.some((line) => line.includes("[1] COMPLETED The project has")));
      assert.ok(lines.every((line) => !line.includes("\x1b")), "no escape codes off a TTY");
      assert.match(watch.stderr.items.at(-1)!, /^codexmon: exiting with 0: all 1 request done$/);
    } finally {
      file.close();
    }
  });
});

Deno.test("watch exits 130 on Ctrl-C", async () => {
  await withTempDir(async (dir) => {
    const watch = startWatch([join(dir, "out.json"), "--json"]);
    await watch.waitObject(isNotice("watching"), "the watching notice");
    watch.child.kill("SIGINT");
    assert.equal(await exitCode(watch), 130);
  });
});

Deno.test("watch exits quietly with 0 when its reader goes away", async () => {
  const capture = await readCapture("codex-0.47.0/shell");
  await withTempDir(async (dir) => {
    const path = join(dir, "out.json");
    const file = new GrowingFile(path);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", MAIN, "watch", path, "--json"],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).spawn();
    const reader = child.stdout.getReader();
    let seen = "";
    while (!seen.includes('"kind":"watching"')) {
      const chunk = await reader.read();
      assert.ok(!chunk.done, `stdout ended before the watching notice: ${seen}`);
      seen += decoder.decode(chunk.value);
    }
    await reader.cancel();
    try {
      await replay(capture, file, { speed: 4 });
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const status = await child.status;
      clearTimeout(timer);
      const stderr = decoder.decode(await new Response(child.stderr).arrayBuffer());
      assert.equal(status.code, 0);
      assert.equal(stderr, "");
    } finally {
      file.close();
    }
  });
});

Deno.test("watch draws a status board on a TTY and restores the cursor", async () => {
  const capture = await readCapture("codex-0.47.0/shell");
  await withTempDir(async (dir) => {
    const path = join(dir, "out.json");
    await Deno.writeFile(path, new Uint8Array());
    const file = new GrowingFile(path);
    const shellCommand = [
      Deno.execPath(),
      "run",
      "--allow-all",
      MAIN,
      "watch",
      path,
      "--exit-on",
      "done",
    ]
      .map((word) => `'${word}'`).join(" ");
    // `script` gives watch a pseudo-terminal as stdout.
    const child = new Deno.Command("script", {
      args: ["-qfec", shellCommand, "/dev/null"],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
      env: { TERM: "xterm", NO_COLOR: "1", COLUMNS: "100", LINES: "40" },
    }).spawn();
    const screen = new Collector<string>();
    const reading = readLines(child.stdout, screen);
    try {
      await screen.waitFor((line) => line.includes("waiting for requests"), "the empty board");
      await replay(capture, file, { speed: 4 });
      const status = await child.status;
      await reading;
      assert.equal(status.code, 0);
      const text = screen.items.join("\n");
      assert.ok(text.startsWith("\x1b[?25l"), "the cursor is hidden first");
      assert.ok(text.trimEnd().endsWith("\x1b[?25h"), "the cursor is shown again at the end");
      assert.match(text, /\[1\] ✓ completed/);
      // deno-lint-ignore no-control-regex
      assert.match(text, /\x1b\[\d+A\r\x1b\[J/, "the board is redrawn in place");
    } finally {
      file.close();
    }
  });
});

for (const version of APP_SERVER_CODEX_VERSIONS) {
  Deno.test(`watch follows app-server output of Codex ${version} to a completed turn`, async () => {
    const capture = await readCapture(`codex-${version}/app-server-multi-turn`);
    await withTempDir(async (dir) => {
      const { watch, replaying, controller, file } = await watchReplay(dir, capture, [
        "--exit-on",
        "done",
      ]);
      try {
        const completed = await watch.waitObject(
          (object) => isAlert("completed")(object) && object.key === "2",
          "the first turn's completion",
        );
        assert.equal(completed.message, "The shell said: hi");
        assert.equal(await exitCode(watch), 0);
      } finally {
        controller.abort();
        await replaying;
        file.close();
      }
    });
  });
}

for (
  const [file, id] of <[string, string][]> [
    ["codex-0.169.0/exec-shell.jsonl", "a63f2a#1"],
    ["codex-0.169.0/rollout-multi-turn.jsonl", "01a20db7-7e66-7d71-b00f-71a931994959"],
    ["codex-0.169.0/rollout-multi-turn.jsonl", "994959"],
  ]
) {
  Deno.test(`watch --request ${id} --exit-on done exits once that turn of ${file} is done`, async () => {
    const path = new URL(`../../fixtures/${file}`, import.meta.url).pathname;
    const watch = startWatch([
      path,
      "--json",
      "--from-start",
      "--request",
      id,
      "--exit-on",
      "done",
    ]);
    const exit = await watch.waitObject((object) => object.type === "exit", "the exit object");
    assert.deepEqual([exit.code, exit.condition], [0, "done"]);
    assert.equal(await exitCode(watch), 0);
    const keys = new Set(
      watch.objects().filter((object) => object.type === "entry").map((object) => object.key),
    );
    assert.equal(keys.size, 1, [...keys].join(", "));
  });
}

const ROLLOUT_TURNS =
  new URL("../../fixtures/codex-0.169.0/rollout-multi-turn.jsonl", import.meta.url)
    .pathname;

for (const fromStart of [true, false]) {
  Deno.test(
    `watch --request with a prefix two turns of the file share is exit 2 listing both${
      fromStart ? " (--from-start)" : ""
    }`,
    async () => {
      const watch = startWatch([
        ROLLOUT_TURNS,
        "--json",
        ...(fromStart ? ["--from-start"] : []),
        "--request",
        "01a20db7",
        "--exit-on",
        "done",
      ]);
      assert.equal(await exitCode(watch), 2);
      assert.deepEqual(watch.stderr.items, [
        'error: Cannot choose a request for "01a20db7": it matches 2 requests: ' +
        "2fe262 (01a20db7-7d9a-7eb1-8a4f-9310b44771ec:01a20db7-7db1-7780-98b7-2919172fe262), " +
        "994959 (01a20db7-7d9a-7eb1-8a4f-9310b44771ec:01a20db7-7e66-7d71-b00f-71a931994959)",
      ]);
      assert.equal(watch.objects().filter((object) => object.type === "entry").length, 0);
    },
  );
}

Deno.test("watch --request stays with the turn it resolved to when a later turn also matches, and says so", async () => {
  await withTempDir(async (dir) => {
    const lines = (await Deno.readTextFile(ROLLOUT_TURNS)).split("\n");
    const path = join(dir, "rollout.jsonl");
    // the first turn up to its last token count; its task_complete and the second turn come later
    await Deno.writeTextFile(path, lines.slice(0, 20).join("\n") + "\n");
    const watch = startWatch([
      path,
      "--json",
      "--from-start",
      "--request",
      "01a20db7",
      "--exit-on",
      "done",
    ]);
    await watch.waitObject(
      (object) => object.type === "transition" && object.kind === "started",
      "the first turn's start",
    );
    await Deno.writeTextFile(path, lines.slice(20).join("\n"), { append: true });
    const notice = await watch.waitObject(isNotice("request_ambiguous"), "the later-match notice");
    const first = "01a20db7-7d9a-7eb1-8a4f-9310b44771ec:01a20db7-7db1-7780-98b7-2919172fe262";
    assert.equal(notice.request, first);
    assert.equal((notice.candidates as string[]).length, 2);
    const exit = await watch.waitObject((object) => object.type === "exit", "the exit object");
    assert.deepEqual([exit.code, exit.condition], [0, "done"]);
    assert.equal(await exitCode(watch), 0);
    const keys = new Set(
      watch.objects().filter((object) => object.type === "entry").map((object) => object.key),
    );
    assert.deepEqual([...keys], [first]);
  });
});
