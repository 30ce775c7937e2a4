import assert from "node:assert/strict";
import { join } from "node:path";
import { follow, type FollowNotice, type FollowOptions } from "../../src/io/follower.ts";
import { Collector, GrowingFile, readCapture, replay } from "../support/replay.ts";

type Seen =
  | { type: "line"; text: string; line: number; offset: number; time: number; initial: boolean }
  | { type: "notice"; notice: FollowNotice };

const decoder = new TextDecoder();

/** Runs `follow` in the background and records everything it reports. */
function startFollowing(path: string, options: FollowOptions = {}) {
  const seen = new Collector<Seen>();
  const controller = new AbortController();
  let cycles = 0;
  const done = follow(path, {
    onLine: (bytes, meta) => seen.push({ type: "line", text: decoder.decode(bytes), ...meta }),
    onNotice: (notice) => seen.push({ type: "notice", notice }),
    onCycle: () => {
      cycles++;
      seen.poke();
    },
  }, { pollMs: 20, ...options, signal: controller.signal });
  return {
    seen,
    lines: () => seen.items.flatMap((item) => item.type === "line" ? [item] : []),
    notices: () => seen.items.flatMap((item) => item.type === "notice" ? [item.notice.kind] : []),
    /** Resolves after `count` more complete poll cycles. */
    cycles: (count: number) => {
      const target = cycles + count;
      return seen.until(() => cycles >= target ? true : undefined, `${count} poll cycles`);
    },
    waitLines: (count: number) =>
      seen.until(
        () => seen.items.filter((item) => item.type === "line").length >= count ? true : undefined,
        `${count} lines`,
      ),
    waitNotice: (kind: FollowNotice["kind"]) =>
      seen.waitFor((item) => item.type === "notice" && item.notice.kind === kind, `${kind}`),
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-follower-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("follow hands out existing content as initial lines, then only new lines", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "one\ntwo\n");
    const mtime = (await Deno.stat(path)).mtime!.getTime();
    const follower = startFollowing(path);
    try {
      await follower.waitNotice("caught_up");
      const caughtUp = follower.seen.items.find((item) =>
        item.type === "notice" && item.notice.kind === "caught_up"
      );
      assert.deepEqual(caughtUp, { type: "notice", notice: { kind: "caught_up", lines: 2 } });
      const before = Date.now();
      new GrowingFile(path).writeText("three\n");
      await follower.waitLines(3);
      const lines = follower.lines();
      assert.deepEqual(lines.map((line) => [line.text, line.line, line.offset, line.initial]), [
        ["one", 1, 0, true],
        ["two", 2, 4, true],
        ["three", 3, 8, false],
      ]);
      assert.equal(lines[0]!.time, mtime);
      assert.ok(lines[2]!.time >= before, "a new line is stamped when it is read");
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow with fromStart treats the existing content as new", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "one\ntwo\n");
    const follower = startFollowing(path, { fromStart: true });
    try {
      await follower.waitLines(2);
      await follower.waitNotice("caught_up");
      assert.deepEqual(follower.lines().map((line) => line.initial), [false, false]);
      assert.deepEqual(follower.notices(), ["opened", "caught_up"]);
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow holds a partial last line back until its newline arrives", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    const file = new GrowingFile(path);
    file.writeText("");
    const follower = startFollowing(path);
    try {
      await follower.waitNotice("caught_up");
      file.writeText('{"half":');
      await follower.cycles(3);
      assert.deepEqual(follower.lines(), []);
      file.writeText('"line"}\r\nnext\npart');
      await follower.waitLines(2);
      await follower.cycles(2);
      assert.deepEqual(follower.lines().map((line) => [line.text, line.line, line.offset]), [
        ['{"half":"line"}', 1, 0],
        ["next", 2, 17],
      ]);
    } finally {
      await follower.stop();
      file.close();
    }
  });
});

Deno.test("follow starts again from 0 when the file is truncated", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    const file = new GrowingFile(path);
    file.writeText("old one\nold two\n");
    const follower = startFollowing(path, { fromStart: true });
    try {
      await follower.waitLines(2);
      file.truncate();
      file.writeText("new\n");
      await follower.waitLines(3);
      assert.deepEqual(follower.notices(), ["opened", "caught_up", "truncated"]);
      const last = follower.lines()[2]!;
      assert.deepEqual([last.text, last.line, last.offset, last.initial], ["new", 1, 0, false]);
    } finally {
      await follower.stop();
      file.close();
    }
  });
});

Deno.test("follow finishes a rotated file, then reads the new one from its start", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    const old = await Deno.open(path, { append: true, create: true });
    try {
      await old.write(new TextEncoder().encode("a\n"));
      const follower = startFollowing(path);
      try {
        await follower.waitNotice("caught_up");
        // Between two polls: the writer adds to the old file, then the name moves on (link
        // and rename, so the name is never missing).
        await old.write(new TextEncoder().encode("b\n"));
        await Deno.link(path, `${path}.1`);
        await Deno.writeTextFile(`${path}.new`, "c\n");
        await Deno.rename(`${path}.new`, path);
        await follower.waitLines(3);
        assert.deepEqual(
          follower.lines().map((line) => [line.text, line.line, line.initial]),
          [["a", 1, true], ["b", 2, false], ["c", 1, false]],
        );
        const notices = follower.notices();
        assert.deepEqual(notices.slice(notices.indexOf("rotated")), ["rotated", "opened"]);
      } finally {
        await follower.stop();
      }
    } finally {
      old.close();
    }
  });
});

Deno.test("follow waits for a file that does not exist yet", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "later.jsonl");
    const follower = startFollowing(path);
    try {
      await follower.waitNotice("caught_up");
      assert.deepEqual(follower.notices(), ["waiting", "caught_up"]);
      await follower.cycles(2);
      await Deno.writeTextFile(path, "first\n");
      await follower.waitLines(1);
      assert.deepEqual(follower.lines().map((line) => [line.text, line.initial]), [
        ["first", false],
      ]);
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow waits again when the file goes away and reads it when it comes back", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "one\n");
    const follower = startFollowing(path);
    try {
      await follower.waitNotice("caught_up");
      await Deno.remove(path);
      await follower.waitNotice("removed");
      await Deno.writeTextFile(path, "again\n");
      await follower.waitLines(2);
      assert.deepEqual(follower.lines().map((line) => [line.text, line.line]), [
        ["one", 1],
        ["again", 1],
      ]);
      assert.deepEqual(follower.notices(), ["opened", "caught_up", "removed", "opened"]);
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow wakes on file-system events long before the next poll", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "");
    const follower = startFollowing(path, { pollMs: 60_000 });
    try {
      await follower.waitNotice("caught_up");
      new GrowingFile(path).writeText("woken\n");
      // The poll would come after a minute; the deadline of waitLines is 10 s.
      await follower.waitLines(1);
      assert.equal(follower.lines()[0]!.text, "woken");
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow polls without file-system events", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "");
    const follower = startFollowing(path, { watchFs: false });
    try {
      await follower.waitNotice("caught_up");
      new GrowingFile(path).writeText("polled\n");
      await follower.waitLines(1);
      assert.equal(follower.lines()[0]!.text, "polled");
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow reads a replayed capture line for line, in order, stamped after each write", async () => {
  const capture = await readCapture("codex-0.47.0/simple");
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    const file = new GrowingFile(path);
    const written: number[] = [];
    const follower = startFollowing(path);
    try {
      await follower.waitNotice("caught_up");
      await replay(capture, file, {
        speed: 4,
        split: [10],
        splitPauseMs: 60,
        onWrite: (_line, time) => written.push(time),
      });
      await follower.waitLines(capture.lines.length);
      const lines = follower.lines();
      assert.deepEqual(
        lines.map((line) => line.text + "\n"),
        capture.lines.map((bytes) => decoder.decode(bytes)),
      );
      lines.forEach((line, index) => {
        assert.ok(line.time >= written[index]!, `line ${index + 1} stamped before it was written`);
      });
    } finally {
      await follower.stop();
      file.close();
    }
  });
});

Deno.test("follow rejects a directory", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      follow(dir, { onLine: () => {} }, { pollMs: 20 }),
      /Cannot follow ".*": not a regular file/,
    );
  });
});

Deno.test("follow stops on abort and rethrows a handler's error", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "boom\n");
    await assert.rejects(
      follow(path, {
        onLine: () => {
          throw new Error("handler failed");
        },
      }, { pollMs: 20, fromStart: true }),
      /handler failed/,
    );
  });
});

Deno.test("follow skips a line over the limit, also one that grows over several reads", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "one\n" + "x".repeat(300) + "\ntwo\n");
    const follower = startFollowing(path, { maxLineBytes: 100, blockSize: 64 });
    try {
      await follower.waitLines(2);
      const file = new GrowingFile(path);
      file.writeText("y".repeat(150));
      await follower.cycles(2);
      file.writeText("y".repeat(150) + "\nthree\n");
      await follower.waitLines(3);
      assert.deepEqual(follower.lines().map((line) => [line.text, line.line]), [
        ["one", 1],
        ["two", 3],
        ["three", 5],
      ]);
      const long = follower.seen.items.flatMap((item) =>
        item.type === "notice" && item.notice.kind === "long_line" ? [item.notice] : []
      );
      assert.deepEqual(long, [
        { kind: "long_line", line: 2, bytes: 300 },
        { kind: "long_line", line: 4, bytes: 300 },
      ]);
    } finally {
      await follower.stop();
    }
  });
});

Deno.test("follow stamps a line that arrives during a read with a time after its write", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "out.jsonl");
    await Deno.writeTextFile(path, "");
    const file = new GrowingFile(path);
    let clock = 0;
    const now = () => ++clock;
    const lines: { text: string; time: number }[] = [];
    let writtenAt = 0;
    const controller = new AbortController();
    // "b" is written while "a" is handed out, so it is read by the same read of the file,
    // after the clock said `writtenAt`.
    const done = follow(path, {
      onLine: (bytes, meta) => {
        lines.push({ text: decoder.decode(bytes), time: meta.time });
        if (lines.length === 1) {
          writtenAt = now();
          file.writeText("b\n");
        }
        if (lines.length === 2) controller.abort();
      },
      onNotice: (notice) => {
        if (notice.kind === "caught_up") file.writeText("a\n");
      },
    }, {
      fromStart: true,
      blockSize: 2,
      watchFs: false,
      pollMs: 20,
      now,
      signal: controller.signal,
    });
    try {
      await done;
      assert.deepEqual(lines.map((line) => line.text), ["a", "b"]);
      assert.ok(
        lines[1]!.time > writtenAt,
        `"b" stamped ${lines[1]!.time}, written at ${writtenAt}`,
      );
    } finally {
      file.close();
    }
  });
});
