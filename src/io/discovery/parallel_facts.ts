/**
 * Reads the facts of many rollouts on two threads: the main thread and one worker claim chunks
 * of files from a shared counter, so the one that goes faster (the worker starts later and
 * runs colder) simply reads more. Each file is read exactly once, by the same reader as a
 * sequential listing; results come back by index, so the caller's order does not depend on
 * which thread read what. When the worker cannot start or fails, the main thread reads what
 * the worker left.
 *
 * @module
 */

import { readRolloutFacts, type RolloutRead } from "./rollout_reader.ts";
import {
  FACTS_WORKER_NAME,
  type FactsJob,
  type FactsReply,
  readClaimedChunks,
} from "./facts_worker.ts";

/** Files claimed at a time: small enough to balance, big enough that messages stay few. */
export const FACTS_CHUNK = 32;

/** Options for {@linkcode readFactsInParallel}. */
export interface ParallelFactsOptions {
  /** The module the worker runs: one that calls `serveFactsWorker` as the facts worker. */
  worker: string | URL;
  /** The caller already knows every path is a regular file (from a folder listing). */
  knownFile: boolean;
  /** Receives each file's read with its index in `paths`, once, in no particular order. */
  onRead: (index: number, read: RolloutRead) => void;
  /** Files claimed at a time (default {@linkcode FACTS_CHUNK}). */
  chunk?: number;
  /** False leaves every file to the worker while it works (tests show the worker's reads). */
  mainThreadReads?: boolean;
}

/**
 * Reads the facts of every path in `paths`; resolves once each was handed to `onRead`, with
 * the number of files the worker read.
 */
export async function readFactsInParallel(
  paths: readonly string[],
  options: ParallelFactsOptions,
): Promise<{ byWorker: number }> {
  const { knownFile, onRead } = options;
  const chunk = options.chunk ?? FACTS_CHUNK;
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const read = new Uint8Array(paths.length);
  let count = 0;
  let byWorker = 0;
  // Settles once every file is read, or the worker failed (its claimed files are then unread).
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => settle = resolve);
  const take = (index: number, result: RolloutRead) => {
    read[index] = 1;
    onRead(index, result);
    if (++count === paths.length) settle();
  };
  const worker = startWorker(options.worker, { paths, knownFile, chunk, claims: claims.buffer });
  if (worker !== null) {
    worker.onmessage = (event: MessageEvent<FactsReply>) => {
      const reply = event.data;
      byWorker += reply.reads.length;
      reply.reads.forEach((result, offset) => take(reply.start + offset, result));
    };
    // A worker that cannot start (or dies) leaves its files to the main thread.
    worker.onerror = (event) => {
      event.preventDefault();
      settle();
    };
    worker.onmessageerror = () => settle();
  }
  try {
    if (options.mainThreadReads !== false) {
      await readClaimedChunks(claims, {
        total: paths.length,
        chunk,
        read: async (start, end) => {
          for (let index = start; index < end; index++) {
            take(index, await readRolloutFacts(paths[index]!, { knownFile }));
          }
        },
      });
    }
    // Only a worker that claimed files is waited for: a module that is no facts worker never
    // claims any, and is not waited for.
    if (count < paths.length && worker !== null) await settled;
  } finally {
    worker?.terminate();
  }
  // What a failed worker claimed and did not return.
  for (let index = 0; index < paths.length; index++) {
    if (read[index] === 0) take(index, await readRolloutFacts(paths[index]!, { knownFile }));
  }
  return { byWorker };
}

/** The started worker with its job, or `null` when none can start here. */
function startWorker(module: string | URL, job: FactsJob): Worker | null {
  try {
    const worker = new Worker(module, { type: "module", name: FACTS_WORKER_NAME });
    worker.postMessage(job);
    return worker;
  } catch {
    return null;
  }
}
