import type { ModelPrice } from "../pricing/mod.ts";
/** The shape of `codexmon.jsonc`: stuck-detection thresholds and session defaults. */

/**
 * Every threshold the stuck detectors use. Counts are whole numbers, ratios lie in (0, 1],
 * times are seconds. docs/stuck.md describes each one.
 */
export interface StuckThresholds {
  /** Runs of the same argv in one request that give a warning. */
  repeatedCommandWarning: number;
  /** Runs of the same argv that make the request stuck. */
  repeatedCommandStuck: number;
  /** The repeats must fall within this many consecutive commands of the request. */
  repeatedCommandWindow: number;
  /** Failures (exit code other than 0) of the same argv in one request that give a warning. */
  repeatedFailureWarning: number;
  /** Failures of the same argv that make the request stuck. */
  repeatedFailureStuck: number;
  /** Jaccard similarity of word shingles at or above which two reasoning blocks count as the same. */
  similarReasoningRatio: number;
  /** Near-identical reasoning blocks in one request that give a warning. */
  similarReasoningWarning: number;
  /** Near-identical reasoning blocks that make the request stuck. */
  similarReasoningStuck: number;
  /** Reasoning blocks since the last command, patch or message that give a warning. */
  thinkingWarning: number;
  /** Reasoning blocks since the last action that make the request stuck. */
  thinkingStuck: number;
  /** `stream_error` retries in one request that give a warning. */
  retryWarning: number;
  /** Retries in one still-open request that make it stuck. */
  retryStuck: number;
  /** Seconds without a line for an open request that give a warning. */
  silenceWarningSeconds: number;
  /** Seconds without a line that make the request stuck. */
  silenceStuckSeconds: number;
  /** Seconds a command may run before a warning. */
  longCommandWarningSeconds: number;
  /** Seconds a command may run before the request counts as stuck. */
  longCommandStuckSeconds: number;
  /** Session (thread) total tokens above which a warning is given. */
  tokenTotalWarning: number;
  /** Token growth within {@linkcode tokenGrowthWindowSeconds} above which a warning is given. */
  tokenGrowthWarning: number;
  /** The window of the growth check, in seconds. */
  tokenGrowthWindowSeconds: number;
  /** Share of input tokens served from the cache below which a warning is given. */
  cacheHitMinRatio: number;
  /** The cache check starts once the thread has used this many input tokens (the first turns always miss). */
  cacheHitMinInputTokens: number;
  /** Share of the context window (last model call) above which a warning is given. */
  contextFillMaxRatio: number;
}

/** Approval policies of the `codex` tool (0.47.0 accepts all four, 0.153.4 only `on-request` and `never`). */
export type ApprovalPolicy = "untrusted" | "on-failure" | "on-request" | "never";

/** Sandbox modes of the `codex` tool. */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

/** Defaults for `codexmon session` (each maps to a `codex` tool argument, `codex` to the binary). */
export interface SessionDefaults {
  approvalPolicy?: ApprovalPolicy;
  sandbox?: SandboxMode;
  model?: string;
  profile?: string;
  /** Working directory of new threads, as written in the file. */
  cwd?: string;
  /** Codex config overrides (the tool's `config` argument). */
  config?: Record<string, unknown>;
  /** Path or name of the `codex` binary, as written in the file. */
  codex?: string;
}

/** A complete configuration: every threshold set, session defaults as given. */
export interface Config {
  stuck: StuckThresholds;
  session: SessionDefaults;
  /** Prices (USD per 1M tokens) that replace or extend the shipped table (docs/pricing.md). */
  pricing?: Record<string, ModelPrice>;
  /** Lines longer than this many bytes are skipped unread (`--max-line-bytes`); default 64 MiB. */
  maxLineBytes?: number;
}
