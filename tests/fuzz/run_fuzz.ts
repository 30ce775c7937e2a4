/**
 * The fuzz run shared by the test suite and `deno task fuzz`: mutants of the captures in
 * `fixtures/` go through every view of `parse` (see `views.ts`) and the complete-JSON checks
 * (see `completeness.ts`); a mutant that makes them disagree, print invalid NDJSON or throw is minimized and saved as a regression fixture.
 *
 * @module
 */

import { listJsonlFiles } from "../support/fixture_files.ts";
import { joinLines, mutate, Random, splitLines } from "./mutator.ts";
import { viewProblems } from "./views.ts";
import { completenessProblems } from "./completeness.ts";

/** Where minimized failing mutants are kept; the suite re-runs every file in it. */
export const REGRESSION_DIR = new URL("../../fixtures/crafted/fuzz/", import.meta.url);

/** Options for {@linkcode runFuzz}. */
export interface FuzzOptions {
  count: number;
  seed: number;
  /** Called after each mutant (for progress). */
  onMutant?: (index: number) => void;
  /** Most failing mutants minimized and saved (default 3). */
  saveAtMost?: number;
}

/** One mutant the views did not agree on. */
export interface FuzzFailure {
  index: number;
  source: string;
  steps: string[];
  problems: string[];
  /** The minimized mutant's path, when it was saved. */
  saved: string | null;
}

/** The captures mutated: Codex output of every format (not the side files of the captures). */
export async function fuzzSources(): Promise<URL[]> {
  return (await listJsonlFiles()).filter((url) =>
    !/\.(timing|mock-requests)\.jsonl$/.test(url.pathname) && !url.pathname.includes("/fuzz/")
  );
}

/** Problems of `bytes` as a file, or none. */
async function problemsOf(bytes: Uint8Array, path: string): Promise<string[]> {
  await Deno.writeFile(path, bytes);
  return [...completenessProblems(bytes), ...await viewProblems(path)];
}

/**
 * The smallest set of lines (found by removing chunks, then single lines, within a budget of
 * checks) that still fails.
 */
export async function minimize(bytes: Uint8Array, path: string, budget = 300): Promise<Uint8Array> {
  let lines = splitLines(bytes);
  let checks = 0;
  for (let chunk = Math.ceil(lines.length / 2); chunk >= 1 && checks < budget;) {
    let removed = false;
    for (let start = 0; start < lines.length && checks < budget; start += chunk) {
      const candidate = [...lines.slice(0, start), ...lines.slice(start + chunk)];
      if (candidate.length === 0) continue;
      checks++;
      if ((await problemsOf(joinLines(candidate), path)).length > 0) {
        lines = candidate;
        removed = true;
        start -= chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return joinLines(lines);
}

/** Runs `count` mutants from `seed`; returns the failures (the first few minimized and saved). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzFailure[]> {
  const sources = await fuzzSources();
  const contents = new Map<URL, Uint8Array>();
  const random = new Random(options.seed);
  const dir = await Deno.makeTempDir({ prefix: "codexmon-fuzz-" });
  const path = `${dir}/mutant.jsonl`;
  const failures: FuzzFailure[] = [];
  try {
    for (let index = 0; index < options.count; index++) {
      const source = sources[random.int(sources.length)]!;
      if (!contents.has(source)) contents.set(source, await Deno.readFile(source));
      const mutant = mutate(contents.get(source)!, random);
      const problems = await problemsOf(mutant.bytes, path);
      options.onMutant?.(index);
      if (problems.length === 0) continue;
      let saved: string | null = null;
      if (failures.length < (options.saveAtMost ?? 3)) {
        const small = await minimize(mutant.bytes, path);
        await Deno.mkdir(REGRESSION_DIR, { recursive: true });
        saved = new URL(`seed-${options.seed}-mutant-${index}.jsonl`, REGRESSION_DIR).pathname;
        await Deno.writeFile(saved, small);
      }
      const name = source.pathname.split("/fixtures/")[1] ?? source.pathname;
      failures.push({ index, source: name, steps: mutant.steps, problems, saved });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return failures;
}
