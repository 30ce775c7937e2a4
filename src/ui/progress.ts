/** A one-line progress indicator on stderr, only on a TTY, throttled. */

import { formatCompact } from "./format.ts";

/** Where the progress line goes. */
export interface ProgressSink {
  writeSync(bytes: Uint8Array): number;
}

/** Options for {@linkcode createProgress}. */
export interface ProgressOptions {
  label: string;
  /** Milliseconds between redraws. */
  intervalMs?: number;
  /** A clock (tests pass their own). */
  now?: () => number;
}

/** Draws `label 120MB/1GB 12%` and clears it at the end. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const encoder = new TextEncoder();

/** A progress line that redraws at most every `intervalMs` and only after the first interval. */
export function createProgress(sink: ProgressSink, options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 200;
  const started = now();
  let last = started;
  let drawn = false;
  const write = (text: string) => {
    try {
      sink.writeSync(encoder.encode(text));
    } catch {
      // progress is best effort
    }
  };
  return {
    update(done, total) {
      const time = now();
      if (time - last < interval) return;
      last = time;
      drawn = true;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
      write(
        `\r\x1b[2K${options.label} ${formatCompact(done)}B/${formatCompact(total)}B ${percent}%`,
      );
    },
    done() {
      if (drawn) write("\r\x1b[2K");
    },
  };
}

/** A progress that draws nothing (not a TTY, small files). */
export const NO_PROGRESS: Progress = { update() {}, done() {} };
