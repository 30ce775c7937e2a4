/**
 * The kind of one Codex output line, as the capture `.md` tables and `.timing.jsonl` files
 * name it and the drift report compares it: `method:turn/completed`, `request:...`,
 * `response`, `event:exec_command_end` (mcp-server `codex/event`), `type:turn.completed`
 * (exec --json), `event_msg:task_started` (rollout), `text` for a non-JSON line.
 */

/** The kind of a parsed output line of a server or `exec --json` capture. */
export function lineKind(value: unknown): string {
  if (!isObject(value)) return "other";
  if (typeof value.method === "string") {
    const msg = isObject(value.params) ? value.params.msg : undefined;
    if (value.method === "codex/event" && isObject(msg) && typeof msg.type === "string") {
      return `event:${msg.type}`;
    }
    return `${"id" in value ? "request" : "method"}:${value.method}`;
  }
  if ("id" in value) return "error" in value ? "error-response" : "response";
  if (typeof value.type === "string") return `type:${value.type}`;
  return "other";
}

/** The kind of a parsed rollout line: `type`, then `:payload.type` where it has one. */
export function rolloutKind(value: unknown): string {
  if (!isObject(value) || typeof value.type !== "string") return "other";
  const payload = value.payload;
  const inner = isObject(payload) && typeof payload.type === "string" ? `:${payload.type}` : "";
  return `${value.type}${inner}`;
}

/** The kind of a raw line: `text` when it is not JSON. */
export function rawLineKind(
  text: string,
  kindOf: (value: unknown) => string = lineKind,
): { json: boolean; kind: string } {
  try {
    return { json: true, kind: kindOf(JSON.parse(text)) };
  } catch {
    return { json: false, kind: "text" };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
