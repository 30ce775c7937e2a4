/**
 * The fuzz test: 300 mutants of real captures per run (seed from CODEXMON_FUZZ_SEED, default
 * 22) through every parse view, in this process. `deno task fuzz --count N --seed S` runs more.
 */

import assert from "node:assert/strict";
import { REGRESSION_DIR, runFuzz } from "./run_fuzz.ts";
import { viewProblems } from "./views.ts";

const SEED = Number(Deno.env.get("CODEXMON_FUZZ_SEED") ?? 22);
const COUNT = 300;
/** In-process RSS allowed after the run (the test runner and module code included). */
const MAX_RSS = 512 * 1024 * 1024;

Deno.test(`parse views agree on ${COUNT} mutants of the captures (seed ${SEED})`, async () => {
  const failures = await runFuzz({ count: COUNT, seed: SEED });
  const report = failures.slice(0, 5).map((failure) =>
    `mutant ${failure.index} of ${failure.source} (${failure.steps.join(", ")}): ${
      failure.problems.join("; ")
    }${failure.saved ? `; minimized in ${failure.saved}` : ""}`
  );
  assert.deepEqual(report, [], `${failures.length} mutants failed`);
  const rss = Deno.memoryUsage().rss;
  assert.ok(rss < MAX_RSS, `RSS ${rss} bytes after the run`);
});

Deno.test("parse views agree on every saved fuzz regression fixture", async () => {
  let files: string[] = [];
  try {
    files = [...Deno.readDirSync(REGRESSION_DIR)].filter((entry) => entry.name.endsWith(".jsonl"))
      .map((entry) => new URL(entry.name, REGRESSION_DIR).pathname);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  for (const file of files) assert.deepEqual(await viewProblems(file), [], file);
});
