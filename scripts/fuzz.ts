/**
 * `deno task fuzz [--count N] [--seed S]`: a larger fuzz run than the suite's 300 mutants.
 * Failing mutants are minimized into `fixtures/crafted/fuzz/` (the suite re-runs them there).
 *
 * @module
 */

import { Command } from "@commander-js/extra-typings";
import { positiveInt } from "../src/cli/options.ts";
import { runFuzz } from "../tests/fuzz/run_fuzz.ts";

const program = new Command()
  .name("fuzz")
  .description("Run mutants of the captures in fixtures/ through every view of parse")
  .option("--count <n>", "mutants to run", positiveInt, 3000)
  .option(
    "--seed <n>",
    "seed of the mutator (the same seed gives the same mutants)",
    positiveInt,
    22,
  )
  .option("--save <n>", "failing mutants to minimize and save at most", positiveInt, 10)
  .configureOutput({ getOutHasColors: () => false, getErrHasColors: () => false });
program.parse();
const { count, seed, save } = program.opts();
const started = performance.now();
const failures = await runFuzz({
  count,
  seed,
  saveAtMost: save,
  onMutant: (index) => {
    if ((index + 1) % 500 === 0) console.error(`${index + 1} of ${count} mutants`);
  },
});
for (const failure of failures) {
  console.log(
    `mutant ${failure.index} of ${failure.source} (${failure.steps.join(", ")}): ${
      failure.problems.join("; ")
    }${failure.saved ? `\n  minimized: ${failure.saved}` : ""}`,
  );
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const rss = (Deno.memoryUsage().rss / 1e6).toFixed(0);
console.log(
  `${count} mutants (seed ${seed}): ${failures.length} failed, ${seconds} s, RSS ${rss} MB`,
);
if (failures.length > 0) Deno.exit(1);
