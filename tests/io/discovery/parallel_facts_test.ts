import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { readFactsInParallel } from "../../../src/io/discovery/parallel_facts.ts";
import { FACTS_WORKER_MODULE } from "../../../src/io/discovery/facts_worker.ts";
import { readRolloutFacts, type RolloutRead } from "../../../src/io/discovery/rollout_reader.ts";

const FIXTURES = fromFileUrl(new URL("../../../fixtures/", import.meta.url));
const ENTRY = FACTS_WORKER_MODULE;
// codexmon's entry, should a bundle put the worker's code there: it serves as the worker too.
const MAIN = new URL("../../../main.ts", import.meta.url);

/** Every `.jsonl` under `fixtures/` (real rollouts, other formats, crafted bad files). */
function fixtureFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.isFile && entry.name.endsWith(".jsonl")) files.push(path);
    }
  };
  walk(FIXTURES);
  return files.sort();
}

async function sequential(paths: readonly string[]): Promise<RolloutRead[]> {
  const reads: RolloutRead[] = [];
  for (const path of paths) reads.push(await readRolloutFacts(path));
  return reads;
}

async function parallel(
  paths: readonly string[],
  options: { worker: string | URL; mainThreadReads?: boolean },
): Promise<{ reads: RolloutRead[]; byWorker: number }> {
  const reads: RolloutRead[] = new Array(paths.length);
  let calls = 0;
  const { byWorker } = await readFactsInParallel(paths, {
    ...options,
    knownFile: false,
    chunk: 3,
    onRead: (index, read) => {
      calls += 1;
      assert.equal(reads[index], undefined, `file ${index} read twice`);
      reads[index] = read;
    },
  });
  assert.equal(calls, paths.length);
  return { reads, byWorker };
}

Deno.test("the worker thread reads every fixture as the main thread does, bad files included", async () => {
  const paths = [...fixtureFiles(), join(FIXTURES, "no-such-file.jsonl"), FIXTURES];
  const expected = await sequential(paths);
  assert.ok(expected.some((read) => read.kind === "problem" && read.state === "unreadable"));
  const { reads, byWorker } = await parallel(paths, { worker: ENTRY, mainThreadReads: false });
  assert.equal(byWorker, paths.length);
  assert.deepEqual(reads, expected);
});

Deno.test("both threads together read each file once and give the sequential reads", async () => {
  const paths = fixtureFiles();
  const { reads } = await parallel(paths, { worker: ENTRY });
  assert.deepEqual(reads, await sequential(paths));
});

Deno.test("a file deleted before its thread reads it is unreadable, as in a sequential listing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const kept = join(dir, "kept.jsonl");
    const gone = join(dir, "gone.jsonl");
    const source = join(FIXTURES, "codex-0.169.0", "rollout-multi-turn.jsonl");
    await Deno.copyFile(source, kept);
    await Deno.copyFile(source, gone);
    const paths = [kept, gone];
    await Deno.remove(gone);
    const { reads, byWorker } = await parallel(paths, { worker: ENTRY, mainThreadReads: false });
    assert.equal(byWorker, 2);
    assert.equal(reads[0]?.kind, "facts");
    assert.deepEqual(reads[1], {
      kind: "problem",
      state: "unreadable",
      problem: "file not found",
      size: 0,
      mtime: null,
    });
    assert.deepEqual(reads, await sequential(paths));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the entry module loaded as the worker serves, and runs no command", async () => {
  const paths = fixtureFiles().slice(0, 20);
  const { reads, byWorker } = await parallel(paths, { worker: MAIN, mainThreadReads: false });
  assert.equal(byWorker, paths.length);
  assert.deepEqual(reads, await sequential(paths));
});

Deno.test("a worker that cannot start leaves every file to the main thread", async () => {
  const paths = fixtureFiles().slice(0, 20);
  const missing = new URL("./no_such_worker.ts", import.meta.url);
  const { reads, byWorker } = await parallel(paths, { worker: missing, mainThreadReads: false });
  assert.equal(byWorker, 0);
  assert.deepEqual(reads, await sequential(paths));
});

Deno.test("a module that is no facts worker is not waited for", async () => {
  const paths = fixtureFiles().slice(0, 20);
  const other = new URL("../../../src/core/errors.ts", import.meta.url);
  const { reads, byWorker } = await parallel(paths, { worker: other });
  assert.equal(byWorker, 0);
  assert.deepEqual(reads, await sequential(paths));
});
