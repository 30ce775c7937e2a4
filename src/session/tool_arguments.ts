/**
 * Builds the arguments of the `codex` and `codex-reply` tools in the kebab-case names Codex
 * expects, checking values against what the session's Codex release accepts. Pure.
 */

import { UsageError } from "../core/errors.ts";
import {
  acceptedApprovalPolicies,
  type CodexVersion,
  replyThreadArgument,
  SANDBOX_MODES,
} from "./codex_version.ts";

/** What a new thread is started with; unset fields are left to Codex. */
export interface PromptSettings {
  prompt: string;
  cwd?: string | undefined;
  model?: string | undefined;
  approvalPolicy?: string | undefined;
  sandbox?: string | undefined;
  profile?: string | undefined;
  /** Codex config overrides (`--config k=v`, the config file's `session.config`). */
  config?: Record<string, unknown> | undefined;
}

/** The autonomous defaults the workflow documents. */
export const DEFAULT_APPROVAL_POLICY = "never";

/** The autonomous defaults the workflow documents. */
export const DEFAULT_SANDBOX = "danger-full-access";

/** The `arguments` object of a `codex` tool call. Throws {@linkcode UsageError} for values the release rejects. */
export function codexToolArguments(
  settings: PromptSettings,
  version: CodexVersion | null,
): Record<string, unknown> {
  if (settings.prompt.trim() === "") throw new UsageError("Cannot send an empty prompt");
  const approvalPolicy = settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY;
  const accepted = acceptedApprovalPolicies(version);
  if (!accepted.includes(approvalPolicy)) {
    const release = version ? `Codex ${version.text}` : "Codex";
    throw new UsageError(
      `Invalid approval policy "${approvalPolicy}": ${release} accepts ${accepted.join(", ")}`,
    );
  }
  const sandbox = settings.sandbox ?? DEFAULT_SANDBOX;
  if (!(SANDBOX_MODES as readonly string[]).includes(sandbox)) {
    throw new UsageError(`Invalid sandbox "${sandbox}": expected ${SANDBOX_MODES.join(", ")}`);
  }
  const args: Record<string, unknown> = { prompt: settings.prompt };
  if (settings.cwd !== undefined) args.cwd = settings.cwd;
  if (settings.model !== undefined) args.model = settings.model;
  if (settings.profile !== undefined) args.profile = settings.profile;
  args["approval-policy"] = approvalPolicy;
  args.sandbox = sandbox;
  if (settings.config !== undefined && Object.keys(settings.config).length > 0) {
    args.config = settings.config;
  }
  return args;
}

/** The `arguments` object of a `codex-reply` call, naming the thread as the release expects. */
export function codexReplyArguments(
  options: { threadId: string; prompt: string },
  version: CodexVersion | null,
): Record<string, unknown> {
  if (options.prompt.trim() === "") throw new UsageError("Cannot send an empty prompt");
  return { [replyThreadArgument(version)]: options.threadId, prompt: options.prompt };
}

/**
 * Parses `--config key=value` pairs into an object. Values are JSON when they parse
 * (`true`, `3`, `"x"`, `{...}`), else plain strings; dotted keys stay as written (Codex
 * splits them itself).
 */
export function parseConfigPairs(pairs: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals <= 0) {
      throw new UsageError(`Invalid --config "${pair}": expected key=value`);
    }
    const key = pair.slice(0, equals).trim();
    const raw = pair.slice(equals + 1);
    if (key === "") throw new UsageError(`Invalid --config "${pair}": expected key=value`);
    result[key] = parseValue(raw);
  }
  return result;
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
