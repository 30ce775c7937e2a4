import assert from "node:assert/strict";
import { join } from "node:path";
import { AlertDispatcher } from "../../src/watch/alert_dispatch.ts";

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-alert-" });
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("AlertDispatcher runs sh -c with the alert on stdin and in the environment", async () => {
  await withTempDir(async (dir) => {
    const problems: string[] = [];
    const output: string[] = [];
    const dispatcher = new AlertDispatcher({
      command: `cat > "${dir}/in.$CODEXMON_ALERT_KIND"; echo "seen $CODEXMON_ALERT_KIND"`,
      onProblem: (message) => problems.push(message),
      onOutput: (bytes) => output.push(new TextDecoder().decode(bytes)),
    });
    dispatcher.dispatch('{"kind":"completed"}\n', { CODEXMON_ALERT_KIND: "completed" });
    assert.equal(await dispatcher.close(10_000), 0);
    assert.equal(await Deno.readTextFile(join(dir, "in.completed")), '{"kind":"completed"}\n');
    assert.deepEqual(output, ["seen completed\n"]);
    assert.deepEqual(problems, []);
    assert.equal(dispatcher.started, 1);
  });
});

Deno.test("AlertDispatcher queues alerts beyond its limit and runs them all in order", async () => {
  await withTempDir(async (dir) => {
    const dispatcher = new AlertDispatcher({
      command: `cat >> "${dir}/log"`,
      onProblem: () => {},
      onOutput: () => {},
      maxRunning: 1,
    });
    for (const index of [1, 2, 3]) dispatcher.dispatch(`${index}\n`, {});
    assert.equal(await dispatcher.close(10_000), 0);
    assert.equal(await Deno.readTextFile(join(dir, "log")), "1\n2\n3\n");
  });
});

Deno.test("AlertDispatcher reports a command that fails and one that ignores its stdin", async () => {
  const problems: string[] = [];
  const dispatcher = new AlertDispatcher({
    command: "exit 7",
    onProblem: (message) => problems.push(message),
    onOutput: () => {},
  });
  dispatcher.dispatch("x".repeat(1 << 20), {});
  assert.equal(await dispatcher.close(10_000), 0);
  assert.deepEqual(problems, ['--on-alert: "exit 7" ended with exit code 7']);
});

Deno.test("AlertDispatcher returns at once while the command runs, and close gives up at its deadline", async () => {
  await withTempDir(async (dir) => {
    const fifo = join(dir, "gate");
    await new Deno.Command("mkfifo", { args: [fifo] }).output();
    const dispatcher = new AlertDispatcher({
      command: `read line < "${fifo}"`,
      onProblem: () => {},
      onOutput: () => {},
    });
    dispatcher.dispatch("{}\n", {});
    // The command blocks on the fifo until the test opens it: close cannot finish before.
    assert.equal(await dispatcher.close(50), 1);
    await Deno.writeTextFile(fifo, "go\n");
    assert.equal(await dispatcher.close(10_000), 0);
  });
});

Deno.test("AlertDispatcher reports a shell that cannot start", async () => {
  const problems: string[] = [];
  const dispatcher = new AlertDispatcher({
    command: "true",
    shell: "/nonexistent/sh",
    onProblem: (message) => problems.push(message),
    onOutput: () => {},
  });
  dispatcher.dispatch("{}\n", {});
  assert.equal(await dispatcher.close(10_000), 0);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^--on-alert: cannot start "true": /);
});
