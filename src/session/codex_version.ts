/**
 * What each Codex release accepts, from docs/codex-protocol.md sections 12.2 and 14. Pure.
 */

/** A parsed `major.minor.patch` version. */
export interface CodexVersion {
  major: number;
  minor: number;
  patch: number;
  /** The text it came from (`0.153.4`, `0.47.0-alpha.1`). */
  text: string;
}

/** The first release without `codex mcp-server` (only `codex app-server` from here on). */
export const FIRST_WITHOUT_MCP_SERVER = "0.154.0";

/** The first release whose `codex-reply` takes `threadId` (before: `conversationId`). */
export const FIRST_WITH_THREAD_ID = "0.87.0";

/** The first release whose `codex` tool accepts only `on-request` and `never`. */
export const FIRST_WITH_SHORT_APPROVAL_ENUM = "0.153.0";

/** Every approval policy the `codex` tool has had. */
export const ALL_APPROVAL_POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;

/** Sandbox modes of the `codex` tool (the same in every mcp-server release). */
export const SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;

/**
 * Finds a version in `text`: `0.47.0`, `codex-cli 0.153.4` (the `--version` output) or
 * `codex_cli_rs/0.47.0 (...)`. Null when there is none.
 */
export function parseCodexVersion(text: string): CodexVersion | null {
  const match = /(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?/.exec(text);
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    text: match[0],
  };
}

/** Compares two versions (pre-release tags ignored): negative, zero or positive. */
export function compareVersions(a: CodexVersion | string, b: CodexVersion | string): number {
  const left = typeof a === "string" ? parseCodexVersion(a) : a;
  const right = typeof b === "string" ? parseCodexVersion(b) : b;
  if (!left || !right) {
    throw new RangeError(`Cannot compare versions "${String(a)}" and "${String(b)}"`);
  }
  return left.major - right.major || left.minor - right.minor || left.patch - right.patch;
}

/** True when this release still has `codex mcp-server` (0.153.4 was the last). */
export function hasMcpServer(version: CodexVersion): boolean {
  return compareVersions(version, FIRST_WITHOUT_MCP_SERVER) < 0;
}

/** The `codex-reply` argument that names the thread: `conversationId` up to 0.80, `threadId` from 0.87. */
export function replyThreadArgument(version: CodexVersion | null): "conversationId" | "threadId" {
  if (version === null) return "threadId";
  return compareVersions(version, FIRST_WITH_THREAD_ID) < 0 ? "conversationId" : "threadId";
}

/** Approval policies the `codex` tool of this release accepts (all four when the version is unknown). */
export function acceptedApprovalPolicies(version: CodexVersion | null): readonly string[] {
  if (version !== null && compareVersions(version, FIRST_WITH_SHORT_APPROVAL_ENUM) >= 0) {
    return ["on-request", "never"];
  }
  return ALL_APPROVAL_POLICIES;
}
