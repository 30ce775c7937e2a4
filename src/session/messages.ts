/**
 * The JSON-RPC lines codexmon writes to the buffer, each one compact line. Pure.
 */

import { UsageError } from "../core/errors.ts";
import type { RequestId } from "../core/model/mod.ts";

/** The MCP protocol version codexmon announces (the one both mcp-server releases answer with). */
export const MCP_PROTOCOL_VERSION = "2025-06-18";

/** The `initialize` request of the MCP handshake. */
export function initializeLine(id: RequestId, clientVersion: string): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "initialize",
    params: {
      protocolVersion: MCP_PROTOCOL_VERSION,
      capabilities: { elicitation: {} },
      clientInfo: { name: "codexmon", version: clientVersion },
    },
  });
}

/** The `notifications/initialized` notification that ends the handshake. */
export function initializedLine(): string {
  return JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
}

/** A `tools/call` request of `tool` (`codex` or `codex-reply`). */
export function toolCallLine(
  id: RequestId,
  options: { tool: string; arguments: Record<string, unknown> },
): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: options.tool, arguments: options.arguments },
  });
}

/** Decisions an `elicitation/create` approval accepts. */
export type ApprovalDecision = "approved" | "approved_for_session" | "denied" | "abort";

/** The response to the server's `elicitation/create` request `elicitationId`. */
export function approvalResponseLine(elicitationId: RequestId, decision: ApprovalDecision): string {
  return JSON.stringify({ jsonrpc: "2.0", id: elicitationId, result: { decision } });
}

/** The `notifications/cancelled` notification for client request `requestId`. */
export function cancelledLine(requestId: RequestId, reason: string): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    method: "notifications/cancelled",
    params: { requestId, reason },
  });
}

/** What a validated `--raw` message is. */
export interface RawMessage {
  /** The message as one compact line (no newline). */
  line: string;
  kind: "request" | "notification" | "response";
  id: RequestId | null;
  method: string | null;
}

/**
 * Checks that `text` is one JSON-RPC 2.0 message (request, notification or response) and
 * returns it as one compact line. Throws {@linkcode UsageError} naming the problem.
 */
export function parseRawMessage(text: string): RawMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(`Invalid --raw message: not JSON: ${detail}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      "Invalid --raw message: expected a JSON object (batches are not supported)",
    );
  }
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== "2.0") {
    throw new UsageError('Invalid --raw message: "jsonrpc" must be "2.0"');
  }
  const hasId = "id" in message;
  const id = message.id;
  if (hasId && !isRequestId(id)) {
    throw new UsageError('Invalid --raw message: "id" must be a number or a string');
  }
  const line = JSON.stringify(message);
  if ("method" in message) {
    if (typeof message.method !== "string" || message.method === "") {
      throw new UsageError('Invalid --raw message: "method" must be a non-empty string');
    }
    if ("params" in message && (typeof message.params !== "object" || message.params === null)) {
      throw new UsageError('Invalid --raw message: "params" must be an object or an array');
    }
    if ("result" in message || "error" in message) {
      throw new UsageError('Invalid --raw message: a request cannot carry "result" or "error"');
    }
    return {
      line,
      kind: hasId ? "request" : "notification",
      id: hasId ? id as RequestId : null,
      method: message.method,
    };
  }
  if (!hasId) {
    throw new UsageError(
      'Invalid --raw message: expected "method" (request, notification) or "id" (response)',
    );
  }
  if (("result" in message) === ("error" in message)) {
    throw new UsageError(
      'Invalid --raw message: a response needs exactly one of "result" and "error"',
    );
  }
  return { line, kind: "response", id: id as RequestId, method: null };
}

/** True for JSON-RPC ids codexmon accepts (numbers and strings; `null` ids are not used by MCP). */
export function isRequestId(value: unknown): value is RequestId {
  return (typeof value === "number" && Number.isFinite(value)) || typeof value === "string";
}
