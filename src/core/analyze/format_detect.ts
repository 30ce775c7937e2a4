/** Tells the output formats apart from one parsed JSON line (protocol doc sections 2, 14). */

import { type Format, isObject } from "../model/mod.ts";

/**
 * The format a JSON line belongs to, or `"unknown"` when this line does not tell
 * (the caller then asks again with the next line).
 */
export function detectFormat(value: unknown): Format {
  if (!isObject(value)) return "unknown";
  // mcp-server writes `"jsonrpc":"2.0"` on every line; app-server never does.
  if (value.jsonrpc === "2.0") return "mcp-server";
  if (
    typeof value.method === "string" || ("id" in value && ("result" in value || "error" in value))
  ) {
    return "app-server";
  }
  if (typeof value.timestamp === "string" && typeof value.type === "string" && "payload" in value) {
    return "rollout";
  }
  // `codex exec --json` events: `thread.started`, `turn.completed`, `item.updated`...
  if (typeof value.type === "string" && /^[a-z_]+\.[a-z_.]+$/.test(value.type)) return "exec-json";
  return "unknown";
}
