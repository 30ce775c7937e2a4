/** What every tool of the MCP server shares: where sessions live, the config, the owned sessions. */

import { resolve } from "node:path";
import { z } from "zod";
import type { Config } from "../core/config/mod.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../core/pricing/mod.ts";
import { parseRequestIdArg, type RequestId } from "../core/model/mod.ts";
import { loadConfig } from "../io/mod.ts";
import { DEFAULT_SESSION_NAME, type SessionPaths, sessionPaths } from "../session/mod.ts";
import type { AnalysisCache } from "./analysis_cache.ts";
import type { OwnedSessions } from "./owned_sessions.ts";

/** Prompt settings a session was started with (`codex_start`), used when `codex_send` omits them. */
export interface PromptDefaults {
  model?: string | undefined;
  sandbox?: string | undefined;
  approvalPolicy?: string | undefined;
}

/** The server's shared state. */
export interface McpContext {
  /** The absolute state folder (`--state-dir`, `$CODEXMON_STATE_DIR`, else `.codexmon`). */
  stateDir: string;
  /** Relative paths in tool arguments are resolved against this folder. */
  cwd: string;
  env: (name: string) => string | undefined;
  owned: OwnedSessions;
  /** Session outputs read so far (status, digest, thread look-ups read only what is new). */
  analyses: AnalysisCache;
  /** Aborted when the client disconnects: waits end at once. */
  closing: AbortSignal;
}

/** The `session` argument of every tool. */
export const sessionInput = z.string().min(1).optional().describe(
  `session name (default "${DEFAULT_SESSION_NAME}")`,
);

/** The `request` argument: the id `codex_send` returned. */
export const requestInput = z.union([z.number().int(), z.string().min(1)]).describe(
  "request id, as codex_send returned it",
);

/** The paths of session `name` (default `default`); throws for an invalid name. */
export function pathsOf(context: McpContext, name: string | undefined): SessionPaths {
  return sessionPaths(context.stateDir, name ?? DEFAULT_SESSION_NAME);
}

/** A request id from tool input: digits in a string count as the number. */
export function requestIdOf(value: number | string): RequestId {
  return typeof value === "number" ? value : parseRequestIdArg(value);
}

/** The config file (`codexmon.jsonc`) as seen from the server's folder. */
export function configOf(context: McpContext): Promise<Config> {
  return loadConfig({ cwd: context.cwd, env: context.env });
}

/** `path` made absolute against the server's folder. */
export function absolutePath(context: McpContext, path: string): string {
  return resolve(context.cwd, path);
}

/** The price table: the shipped one with the config's `pricing` entries on top, as the CLI uses it. */
export function pricesOf(config: Config): PriceTable {
  return { ...DEFAULT_PRICE_TABLE, ...config.pricing };
}
