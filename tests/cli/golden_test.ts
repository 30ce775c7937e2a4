/**
 * Golden outputs of the main views, reviewed like code: `parse` in its views on a few captures
 * (`fixtures/golden/VERSION/NAME/VIEW.txt`, named after the capture). The clock and the file's
 * modification time are fixed, so "ago" texts do not move. After a deliberate change,
 * `UPDATE_GOLDEN=1 deno test --allow-all tests/cli/golden_test.ts` rewrites the files; review
 * the diff before committing it. The help texts have theirs in `tests/e2e/help_golden_test.ts`.
 */

import { assertGolden, transcript } from "../support/golden.ts";
import { runCli } from "../support/cli.ts";

const ROOT = new URL("../../", import.meta.url);

/** The clock of every run: 2027-01-01, an hour after each capture's fixed modification time. */
const NOW = Date.UTC(2027, 0, 1);
const MTIME = new Date(NOW - 3_600_000);

/** Runs `args` with the clock at {@linkcode NOW}. */
async function runAt(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const realNow = Date.now;
  Date.now = () => NOW;
  try {
    return await runCli(args, { env: { NO_COLOR: "1" } });
  } finally {
    Date.now = realNow;
  }
}

const CAPTURES: readonly string[] = [
  "codex-0.47.0/shell",
  "codex-0.47.0/stuck-loop",
  "codex-0.153.4/interleaved",
  "codex-0.169.0/app-server-shell",
  "codex-0.169.0/exec-shell",
  "codex-0.169.0/rollout-multi-turn",
];

const VIEWS: ReadonlyArray<[string, string[]]> = [
  ["parse", []],
  ["parse-json", ["--json"]],
  ["parse-digest", ["--digest"]],
  ["parse-stuck", ["--stuck"]],
  ["parse-request-stats", ["--request-stats"]],
];

for (const capture of CAPTURES) {
  Deno.test(`the main views of ${capture} match their golden outputs`, async () => {
    // A copy with a fixed modification time, so "last write ... ago" is the same every run.
    const dir = await Deno.makeTempDir({ prefix: "codexmon_golden_" });
    try {
      const file = `${dir}/${capture.split("/")[1]}.jsonl`;
      await Deno.copyFile(new URL(`fixtures/${capture}.jsonl`, ROOT), file);
      await Deno.utime(file, MTIME, MTIME);
      for (const [view, flags] of VIEWS) {
        const run = await runAt(["parse", ...flags, file]);
        const text = transcript(run).replaceAll(dir, "fixtures/" + capture.split("/")[0]);
        await assertGolden(`fixtures/golden/${capture}/${view}.txt`, text);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const capture of ["codex-0.47.0/shell", "codex-0.169.0/app-server-shell"]) {
  Deno.test(`watch --json on ${capture} matches its golden output`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "codexmon_golden_" });
    try {
      const file = `${dir}/${capture.split("/")[1]}.jsonl`;
      await Deno.copyFile(new URL(`fixtures/${capture}.jsonl`, ROOT), file);
      await Deno.utime(file, MTIME, MTIME);
      const run = await runAt(["watch", "--json", "--from-start", "--exit-on", "done", file]);
      const text = transcript(run).replaceAll(dir, "fixtures/" + capture.split("/")[0]);
      await assertGolden(`fixtures/golden/${capture}/watch-json.txt`, text);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (
  const [capture, backend] of [["codex-0.47.0/shell", "mcp-server"], [
    "codex-0.169.0/app-server-shell",
    "app-server",
  ]] as const
) {
  Deno.test(`session status of a stopped ${backend} session matches its golden outputs`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "codexmon_golden_" });
    try {
      const session = `${dir}/golden`;
      await Deno.mkdir(session, { mode: 0o700 });
      await Deno.chmod(dir, 0o700);
      await Deno.copyFile(new URL(`fixtures/${capture}.jsonl`, ROOT), `${session}/output.json`);
      await Deno.writeTextFile(`${session}/buffer.jsonl`, "");
      const at = NOW - 3_600_000;
      await Deno.writeTextFile(
        `${session}/session.json`,
        JSON.stringify({
          format: 1,
          name: "golden",
          backend,
          createdAt: at,
          codexPath: "/usr/bin/codex",
          codexArgs: [],
          cwd: "/home/demo/project",
          codexVersion: capture.slice("codex-".length, capture.indexOf("/")),
          supervisor: null,
          codexPid: null,
          startedAt: at,
          exit: { code: 0, signal: null, at: at + 60_000 },
          stoppedAt: at + 60_000,
          nextId: 3,
          scannedOffset: 0,
          cancelled: [],
          answered: [],
        }),
      );
      for (const path of ["output.json", "buffer.jsonl", "session.json"]) {
        await Deno.chmod(`${session}/${path}`, 0o600);
      }
      const views: ReadonlyArray<[string, string[]]> = [
        ["session-status", []],
        ["session-status-json", ["--json"]],
      ];
      for (const [view, flags] of views) {
        const run = await runAt([
          "session",
          "status",
          ...flags,
          "--state-dir",
          dir,
          "--name",
          "golden",
        ]);
        const text = transcript(run).replaceAll(dir, ".codexmon");
        await assertGolden(`fixtures/golden/${capture}/${view}.txt`, text);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
