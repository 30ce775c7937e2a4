/**
 * The Codex model shared by parse, watch, session and the stuck detectors.
 * Every format (mcp-server, app-server, exec --json, rollout) reduces to these records.
 */

/** A JSON-RPC id exactly as the file has it: `1` and `"1"` are different requests. */
export type RequestId = number | string;

/** Output formats codexmon reads. */
export type Format = "mcp-server" | "app-server" | "exec-json" | "rollout" | "unknown";

/** Where a request stands. */
export type RequestState =
  | "running"
  | "awaiting_approval"
  | "completed"
  | "failed"
  | "cancelled"
  | "no_response";

/** Token usage in codexmon's own field names. `input` includes `cachedInput`. */
export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
  total: number;
}

/** A shell command the agent ran, begin and end paired by call id. */
export interface CommandRecord {
  callId: string;
  /** The argv as Codex reports it (`["bash","-lc","ls"]`). */
  command: string[];
  cwd: string | null;
  /** `null` while the command runs (begin without end). */
  exitCode: number | null;
  durationMs: number | null;
  /** A bounded excerpt of the combined output (the tail, at most a few KB). */
  output: string;
  beginLine: number;
  endLine: number | null;
  /** Arrival time (ms since epoch) of the begin line, when known. */
  beginTime: number | null;
}

/** A patch the agent applied. */
export interface PatchRecord {
  callId: string;
  files: string[];
  /** `null` while the patch is being applied. */
  success: boolean | null;
  beginLine: number;
  endLine: number | null;
}

/** One de-duplicated reasoning summary part. */
export interface ReasoningBlock {
  text: string;
  line: number;
}

/** One complete agent message. */
export interface MessageRecord {
  text: string;
  line: number;
}

/** What went wrong, in order. */
export type ErrorKind =
  | "error"
  | "stream_error"
  | "result_error"
  | "protocol_error"
  | "turn_aborted";

/** An error, retry or abort seen for a request. */
export interface ErrorRecord {
  kind: ErrorKind;
  message: string;
  line: number;
  /** For retries (`Reconnecting... 2/5`): the attempt and the budget. */
  attempt?: number;
  maxAttempts?: number;
}

/** An approval the server asked the client for. */
export interface ApprovalRecord {
  /** The server's own JSON-RPC request id (counts from 0, collides with client ids). */
  serverRequestId: RequestId | null;
  kind: "exec" | "patch" | "other";
  callId: string | null;
  command: string[] | null;
  message: string;
  line: number;
  time: number | null;
  /** True once a follow-up (the command began, the request ended) shows it was answered. */
  resolved: boolean;
}

/** Everything known about one request (mcp-server `tools/call`) or turn (app-server, exec, rollout). */
export interface RequestRecord {
  /** Unique key within one analysis: `1` for the number 1, `"1"` for the string "1", `thread:turn` for turns. */
  readonly key: string;
  readonly requestId: RequestId;
  /** `codex` or `codex-reply` (inferred when the file does not say), or the turn kind. */
  readonly tool: string | null;
  readonly threadId: string | null;
  readonly turnId: string | null;
  readonly model: string | null;
  readonly cwd: string | null;
  readonly rolloutPath: string | null;
  readonly state: RequestState;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Arrival times (ms since epoch) when known: watch, session side files, rollout timestamps. */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  /** The last event type seen (`exec_command_end`, `agent_message_delta`...). */
  readonly lastEventType: string | null;
  /** Tool result text, else `task_complete.last_agent_message`, else the last agent message. */
  readonly finalMessage: string | null;
  /**
   * The user's message that started the request, when the output shows it (mcp-server 0.153+,
   * app-server, rollout; not 0.47 nor exec --json); absent otherwise. Not read by the summary.
   */
  readonly prompt?: MessageRecord;
  readonly messages: readonly MessageRecord[];
  readonly reasoning: readonly ReasoningBlock[];
  readonly commands: readonly CommandRecord[];
  readonly patches: readonly PatchRecord[];
  readonly errors: readonly ErrorRecord[];
  readonly approvals: readonly ApprovalRecord[];
  /** This request's own usage (its share of the session total). */
  readonly tokens: TokenUsage | null;
  /** The thread's cumulative usage as of this request's last token count. */
  readonly sessionTokens: TokenUsage | null;
  /** Usage of the most recent model call: the context fill. */
  readonly lastTokenUsage: TokenUsage | null;
  readonly contextWindow: number | null;
  /** Line of the result / turn end, when there is one. */
  readonly endLine: number | null;
  /** Counts of every event type of this request, unknown types included. */
  readonly eventCounts: Record<string, number>;
}

/** Counters over the whole file. */
export interface LineCounts {
  total: number;
  json: number;
  /** Non-JSON lines: stderr warnings, tracing logs. */
  text: number;
  /** JSON that is not a JSON-RPC message codexmon understands. */
  other: number;
  /** A torn last line (no newline at the end of a finished file). */
  incomplete: number;
  /** Lines longer than the line limit (`--max-line-bytes`): skipped unread. */
  tooLong: number;
}

/** A line skipped because it is longer than the line limit. */
export interface LongLineNote {
  /** 1-based line number; 0 when unknown (`--last` reads from the end and notes byte offsets). */
  line: number;
  /** Its length in bytes. */
  bytes: number;
}

/** A non-JSON line, kept for display. */
export interface TextLine {
  line: number;
  text: string;
}

/** Request counts by state. */
export type StateCounts = Record<RequestState, number>;

/** Totals over every request of a file. */
export interface RequestTotals {
  requests: number;
  states: StateCounts;
  /** Per thread its last cumulative usage, summed over threads; threadless requests by their own share. */
  tokens: TokenUsage;
}

/** Finished requests an analysis counted but does not list (see `Analysis.omittedRequests`). */
export interface OmittedRequests {
  count: number;
  states: StateCounts;
}

/** The result of reading one file. */
export interface Analysis {
  format: Format;
  codexVersion: string | null;
  requests: RequestRecord[];
  lines: LineCounts;
  /** Counts of every event type in the file, unknown types included. */
  eventCounts: Record<string, number>;
  /** The last few non-JSON lines (bounded). */
  textLines: TextLine[];
  /** True when the file shows the server went away (exit lines, or the session knows). */
  serverExited: boolean;
  /** The first lines skipped for their length (all of them are counted in `lines.tooLong`). */
  longLines: LongLineNote[];
  /**
   * Finished requests left out of `requests` to keep memory flat (the Analyzer's
   * `keepFinished`); absent when `requests` lists every request.
   */
  omittedRequests?: OmittedRequests;
  /** Totals over all requests, listed or omitted; absent when `requests` lists every request. */
  totals?: RequestTotals;
}

/** Kinds of display entries; the vocabulary of `--types` and `--last-of-type`. */
export type EntryKind =
  | "reasoning"
  | "message"
  | "command"
  | "output"
  | "error"
  | "event"
  | "tokens"
  | "approval"
  | "patch"
  | "text";

/** One readable item of the event stream, deltas already merged. */
export interface Entry {
  kind: EntryKind;
  /** The request key ({@linkcode RequestRecord.key}), `null` for text and file-level lines. */
  key: string | null;
  line: number;
  time: number | null;
  /** The raw type it came from (`agent_reasoning`, `exec_command_end`, `text`...). */
  type: string;
  /** Full text (the renderer shortens it). */
  text: string;
  /** For command ends. */
  exitCode?: number | null;
  /** For command ends: how long the command ran, when Codex says. */
  durationMs?: number | null;
}
