/** Caps on what one request keeps, per detail level; a request's memory never grows past them. */

/** How much of each kind a request record keeps. Lists keep their newest items. */
export interface Limits {
  /** Characters of the final message. */
  finalMessage: number;
  /** Characters of one reasoning block or message (head kept). */
  text: number;
  /** Characters of one argv element. */
  argument: number;
  /** Characters of a command's output excerpt (tail kept). */
  commandOutput: number;
  reasoning: number;
  messages: number;
  commands: number;
  patches: number;
  /** Files listed per patch. */
  patchFiles: number;
  errors: number;
  approvals: number;
  /** Delta text buffered per pending reasoning part or message (head kept). */
  pendingText: number;
}

/** `detail: "summary"`: small enough for many thousands of requests. */
export const SUMMARY_LIMITS: Readonly<Limits> = {
  finalMessage: 4000,
  text: 2000,
  argument: 2000,
  commandOutput: 2000,
  reasoning: 20,
  messages: 20,
  commands: 100,
  patches: 50,
  patchFiles: 50,
  errors: 50,
  approvals: 50,
  pendingText: 2000,
};

/** `detail: "full"`: everything a detail view shows, still bounded per request. */
export const FULL_LIMITS: Readonly<Limits> = {
  finalMessage: 100_000,
  text: 100_000,
  argument: 20_000,
  commandOutput: 2000,
  reasoning: 5000,
  messages: 5000,
  commands: 5000,
  patches: 1000,
  patchFiles: 500,
  errors: 1000,
  approvals: 1000,
  pendingText: 100_000,
};

/**
 * A summary that keeps only some finished requests (the Analyzer's `keepFinished`): what the
 * summary table shows (a one-line answer, the last error, the running command, approvals) and
 * no more, so little outlives a line and memory stays flat on big files.
 */
export const TABLE_LIMITS: Readonly<Limits> = {
  finalMessage: 300,
  text: 300,
  argument: 300,
  commandOutput: 0,
  reasoning: 0,
  messages: 0,
  commands: 4,
  patches: 0,
  patchFiles: 0,
  errors: 1,
  approvals: 50,
  pendingText: 0,
};

/**
 * `codexmon report`: what a page shows of one request, more than a summary and much less than
 * full detail; the report clips texts further when a page grows big.
 */
export const REPORT_LIMITS: Readonly<Limits> = {
  finalMessage: 20_000,
  text: 8000,
  argument: 2000,
  commandOutput: 2000,
  reasoning: 200,
  messages: 200,
  commands: 500,
  patches: 200,
  patchFiles: 100,
  errors: 200,
  approvals: 200,
  pendingText: 8000,
};

/**
 * `codexmon report` on big input: the page clips texts to a few hundred characters and lists
 * few requests with their items, so records keep less while the file is read.
 */
export const REPORT_BIG_LIMITS: Readonly<Limits> = {
  ...REPORT_LIMITS,
  finalMessage: 2000,
  text: 1000,
  argument: 1000,
  commandOutput: 600,
  reasoning: 60,
  messages: 60,
  commands: 200,
  pendingText: 1000,
};
