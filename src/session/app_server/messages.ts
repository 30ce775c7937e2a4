/**
 * The JSON-RPC lines codexmon writes to the buffer of a `codex app-server` session (protocol
 * doc section 14; no `"jsonrpc"` member, as app-server writes its own lines). Pure.
 */

import type { RequestId } from "../../core/model/mod.ts";

/** The `initialize` request. */
export function appInitializeLine(id: RequestId, clientVersion: string): string {
  return JSON.stringify({
    id,
    method: "initialize",
    params: { clientInfo: { name: "codexmon", title: "codexmon", version: clientVersion } },
  });
}

/** The `initialized` notification that ends the handshake. */
export function appInitializedLine(): string {
  return JSON.stringify({ method: "initialized" });
}

/** Settings of a new thread; unset fields are left to Codex. */
export interface ThreadSettings {
  cwd?: string | undefined;
  model?: string | undefined;
  approvalPolicy?: string | undefined;
  sandbox?: string | undefined;
  config?: Record<string, unknown> | undefined;
}

/** `thread/start`. */
export function threadStartLine(id: RequestId, settings: ThreadSettings): string {
  const params: Record<string, unknown> = {};
  if (settings.cwd !== undefined) params.cwd = settings.cwd;
  if (settings.model !== undefined) params.model = settings.model;
  if (settings.approvalPolicy !== undefined) params.approvalPolicy = settings.approvalPolicy;
  if (settings.sandbox !== undefined) params.sandbox = settings.sandbox;
  if (settings.config !== undefined && Object.keys(settings.config).length > 0) {
    params.config = settings.config;
  }
  return JSON.stringify({ id, method: "thread/start", params });
}

function textInput(prompt: string) {
  return [{ type: "text", text: prompt, text_elements: [] }];
}

/** `turn/start` on `threadId`. */
export function turnStartLine(
  id: RequestId,
  options: { threadId: string; prompt: string },
): string {
  return JSON.stringify({
    id,
    method: "turn/start",
    params: { threadId: options.threadId, input: textInput(options.prompt) },
  });
}

/** `turn/steer`: more input for the running turn `turnId`. */
export function turnSteerLine(
  id: RequestId,
  options: { threadId: string; turnId: string; prompt: string },
): string {
  return JSON.stringify({
    id,
    method: "turn/steer",
    params: {
      threadId: options.threadId,
      expectedTurnId: options.turnId,
      input: textInput(options.prompt),
    },
  });
}

/** `turn/interrupt`. */
export function turnInterruptLine(
  id: RequestId,
  options: { threadId: string; turnId: string },
): string {
  return JSON.stringify({
    id,
    method: "turn/interrupt",
    params: { threadId: options.threadId, turnId: options.turnId },
  });
}

/** The app-server decisions for codexmon's `approved`/`denied`. */
export function appDecision(
  decision: string,
): "accept" | "decline" | "acceptForSession" | "cancel" {
  switch (decision) {
    case "approved":
      return "accept";
    case "approved_for_session":
      return "acceptForSession";
    case "abort":
      return "cancel";
    default:
      return "decline";
  }
}

/** The answer to the server's approval request `serverRequestId`. */
export function approvalAnswerLine(serverRequestId: RequestId, decision: string): string {
  return JSON.stringify({ id: serverRequestId, result: { decision: appDecision(decision) } });
}

/** A response found in the output: its result, or its error message. */
export type FoundResponse = { result: Record<string, unknown> } | { error: string };

/** Finds the response with `id` in output text (server requests, which have a method, excluded). */
export function findResponse(text: string, id: RequestId): FoundResponse | null {
  const needle = `"id":${JSON.stringify(id)}`;
  for (const line of text.split("\n")) {
    if (!line.includes(needle)) continue;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (message.id !== id || "method" in message) continue;
    if (typeof message.result === "object" && message.result !== null) {
      return { result: message.result as Record<string, unknown> };
    }
    if (typeof message.error === "object" && message.error !== null) {
      const error = message.error as { message?: unknown; code?: unknown };
      const text = typeof error.message === "string" ? error.message : "error";
      return { error: typeof error.code === "number" ? `${text} (${error.code})` : text };
    }
  }
  return null;
}
