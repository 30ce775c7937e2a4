/** watch ends on SIGTERM and SIGHUP like on Ctrl-C: the cursor comes back, the exit code says which. */

import assert from "node:assert/strict";
import { join } from "node:path";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129], ["SIGINT", 130]] as const) {
  Deno.test(`watch on a terminal restores the cursor and exits ${code} on ${signal}`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = join(dir, "out.json");
      await Deno.writeFile(path, new Uint8Array());
      const pidFile = join(dir, "pid");
      const watch = [Deno.execPath(), "run", "--allow-all", MAIN, "watch", path]
        .map((word) => `'${word}'`).join(" ");
      // `script` gives watch a pseudo-terminal; the shell tells the test watch's own pid.
      const child = new Deno.Command("script", {
        args: ["-qfec", `${watch} & echo $! > '${pidFile}'; wait $!`, "/dev/null"],
        stdout: "piped",
        stderr: "piped",
        stdin: "null",
        env: { TERM: "xterm", NO_COLOR: "1", COLUMNS: "100", LINES: "40" },
      }).spawn();
      const reader = child.stdout.getReader();
      let text = "";
      while (!text.includes("waiting for requests")) {
        const chunk = await reader.read();
        assert.ok(!chunk.done, `output ended before the board: ${text}`);
        text += decoder.decode(chunk.value);
      }
      const pid = Number((await Deno.readTextFile(pidFile)).trim());
      Deno.kill(pid, signal);
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        text += decoder.decode(chunk.value);
      }
      const status = await child.status;
      await child.stderr.cancel();
      assert.ok(text.startsWith("\x1b[?25l"), "the cursor is hidden first");
      assert.ok(
        text.trimEnd().endsWith("\x1b[?25h"),
        `the cursor is shown again: ${JSON.stringify(text.slice(-80))}`,
      );
      assert.equal(status.code, code);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
