/** An --on-alert command that cannot be started ends watch with exit code 1, never silently. */

import assert from "node:assert/strict";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

Deno.test("watch exits 1 and says why when its --on-alert command cannot be found", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      MAIN,
      "watch",
      "--from-start",
      "--exit-on",
      "done",
      "--on-alert",
      "no-such-command-for-codexmon-tests",
      "fixtures/codex-0.153.4/simple.jsonl",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 1, stderr);
  assert.match(
    stderr,
    /codexmon: --on-alert: cannot run "no-such-command-for-codexmon-tests": command not found \(exit code 127\); watch stops/,
  );
});
