/** Hand-built records for the detector unit tests. */

import { DEFAULT_STUCK_THRESHOLDS } from "../../../src/core/config/defaults.ts";
import type { StuckThresholds } from "../../../src/core/config/types.ts";
import type {
  Analysis,
  ApprovalRecord,
  CommandRecord,
  ErrorRecord,
  RequestRecord,
  TokenUsage,
} from "../../../src/core/model/types.ts";
import type { DetectContext } from "../../../src/core/stuck/types.ts";

import { makeAnalysis as analysis } from "../../support/records.ts";

export { analysis };
export { request } from "../../support/records.ts";

/** A finished command `argv` that began at `line` and ended on the next line. */
export function command(
  argv: string[],
  line: number,
  overrides: Partial<CommandRecord> = {},
): CommandRecord {
  return {
    callId: `call_${line}`,
    command: argv,
    cwd: "/home/demo/project",
    exitCode: 0,
    durationMs: 4,
    output: "",
    beginLine: line,
    endLine: line + 1,
    beginTime: null,
    ...overrides,
  };
}

/** A `stream_error` retry `attempt/max` at `line`. */
export function retry(attempt: number, max: number, line: number): ErrorRecord {
  return {
    kind: "stream_error",
    message: `Reconnecting... ${attempt}/${max}`,
    line,
    attempt,
    maxAttempts: max,
  };
}

/** An unanswered exec approval at `line`. */
export function approval(argv: string[], line: number, overrides: Partial<ApprovalRecord> = {}) {
  const record: ApprovalRecord = {
    serverRequestId: 0,
    kind: "exec",
    callId: "call_1_0",
    command: argv,
    message: `Allow Codex to run \`${argv.join(" ")}\`?`,
    line,
    time: null,
    resolved: false,
    ...overrides,
  };
  return record;
}

/** Token usage with `total = input + output`. */
export function usage(input: number, cachedInput: number, output = 0): TokenUsage {
  return { input, cachedInput, output, reasoningOutput: 0, total: input + output };
}

/** A detector context around `requests` with default thresholds unless overridden. */
export function context(
  requests: RequestRecord[] = [],
  overrides: {
    thresholds?: Partial<StuckThresholds>;
    now?: number | null;
    lastLineTime?: number | null;
    analysis?: Partial<Analysis>;
  } = {},
): DetectContext {
  return {
    analysis: analysis(requests, overrides.analysis),
    thresholds: { ...DEFAULT_STUCK_THRESHOLDS, ...overrides.thresholds },
    now: overrides.now ?? null,
    lastLineTime: overrides.lastLineTime ?? null,
  };
}

/** `count` commands of `argv` from line `start`, two lines apart. */
export function repeated(argv: string[], count: number, start = 10): CommandRecord[] {
  return Array.from({ length: count }, (_, index) => command(argv, start + index * 2));
}
