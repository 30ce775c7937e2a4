import assert from "node:assert/strict";
import { join } from "node:path";
import { AlertDispatcher } from "../../src/watch/alert_dispatch.ts";
import { alertEnvironment, transitionObject } from "../../src/core/watch/alert_payload.ts";
import { completedTransition } from "../core/watch/_records.ts";

Deno.test("an alert with a NUL and a 300 KB answer still runs the hook, with all of it on stdin", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const message = `before\0after ${"x".repeat(300_000)}`;
    const transition = completedTransition({ message });
    const context = { file: "out.json", startTime: 0 };
    const problems: string[] = [];
    const dispatcher = new AlertDispatcher({
      command: `cat > "${dir}/stdin"; printf '%s' "$CODEXMON_MESSAGE" > "${dir}/env"`,
      onProblem: (text) => problems.push(text),
      onOutput: () => {},
    });
    dispatcher.dispatch(
      `${JSON.stringify(transitionObject(transition, context))}\n`,
      alertEnvironment(transition, context),
    );
    assert.equal(await dispatcher.close(10_000), 0);
    assert.deepEqual(problems, []);
    const received = JSON.parse(await Deno.readTextFile(join(dir, "stdin")));
    assert.equal(received.message, message);
    const env = await Deno.readTextFile(join(dir, "env"));
    assert.ok(env.startsWith("beforeafter xxx"), env.slice(0, 20));
    assert.match(env, /…\[clipped \d+ bytes; the full alert is on stdin\]$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AlertDispatcher tells a command the shell cannot find apart from one that fails", async () => {
  const unstartable: string[] = [];
  const problems: string[] = [];
  const dispatcher = new AlertDispatcher({
    command: "no-such-command-for-codexmon-tests",
    onProblem: (text) => problems.push(text),
    onUnstartable: (text) => unstartable.push(text),
    onOutput: () => {},
  });
  dispatcher.dispatch("{}\n", {});
  await dispatcher.close(10_000);
  assert.deepEqual(problems, []);
  assert.deepEqual(unstartable, [
    '--on-alert: cannot run "no-such-command-for-codexmon-tests": command not found (exit code 127)',
  ]);
});
