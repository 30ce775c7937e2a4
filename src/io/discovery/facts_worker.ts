/**
 * The worker side of {@linkcode readFactsInParallel}: a second thread that reads rollout facts
 * (its own opens, permission checks and parsing) while the main thread reads others. The worker
 * runs this module ({@linkcode FACTS_WORKER_MODULE}; in the bundle, the chunk that holds it, so
 * the bundle needs no file of its own), which serves when loaded as the worker.
 *
 * @module
 */

import { readRolloutFacts, type RolloutRead } from "./rollout_reader.ts";

/** The name the facts worker is started with (how a module knows it runs as the worker). */
export const FACTS_WORKER_NAME = "codexmon-facts";

/** The module a facts worker runs: this one. */
export const FACTS_WORKER_MODULE: string = import.meta.url;

/** What the main thread sends the worker, once. */
export interface FactsJob {
  paths: readonly string[];
  knownFile: boolean;
  /** Files claimed at a time. */
  chunk: number;
  /** One shared counter: the index of the next unclaimed file (both threads claim from it). */
  claims: SharedArrayBuffer;
}

/** What the worker sends back: the reads of one claimed chunk. */
export interface FactsReply {
  kind: "reads";
  start: number;
  reads: RolloutRead[];
}

/** Options for {@linkcode readClaimedChunks}. */
export interface ClaimOptions {
  /** Files in all. */
  total: number;
  /** Files claimed at a time. */
  chunk: number;
  /** Reads the files `[start, end)` this thread claimed. */
  read: (start: number, end: number) => Promise<void>;
}

/** Claims chunks from the shared counter `claims` and reads each, until none is left: both threads run it. */
export async function readClaimedChunks(claims: Int32Array, options: ClaimOptions): Promise<void> {
  const { total, chunk, read } = options;
  for (;;) {
    const start = Atomics.add(claims, 0, chunk);
    if (start >= total) return;
    await read(start, Math.min(total, start + chunk));
  }
}

/** True in a worker started by {@linkcode readFactsInParallel}. */
export function isFactsWorker(): boolean {
  return "WorkerGlobalScope" in globalThis &&
    (globalThis as { name?: unknown }).name === FACTS_WORKER_NAME;
}

/** Answers one {@linkcode FactsJob}. */
export function serveFactsWorker(): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEvent<FactsJob>) => void) | null;
    postMessage: (reply: FactsReply) => void;
  };
  scope.onmessage = async (event) => {
    scope.onmessage = null;
    const job = event.data;
    await readClaimedChunks(new Int32Array(job.claims), {
      total: job.paths.length,
      chunk: job.chunk,
      read: async (start, end) => {
        const reads: RolloutRead[] = [];
        for (let index = start; index < end; index++) {
          reads.push(await readRolloutFacts(job.paths[index]!, { knownFile: job.knownFile }));
        }
        scope.postMessage({ kind: "reads", start, reads });
      },
    });
    // The main thread ends the worker once it has every read.
  };
}

// Loaded as the facts worker: serve (the entry module, were it loaded instead, does not run).
if (isFactsWorker()) serveFactsWorker();
