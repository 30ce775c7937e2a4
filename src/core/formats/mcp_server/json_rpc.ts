/**
 * What a parsed mcp-server JSON-RPC line says: a Codex event, an approval request of the
 * server, the answer to `initialize` or to a `tools/call`, or an error response. Pure reading;
 * the reducer applies the messages to its requests.
 *
 * @module
 */

import {
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  type RequestId,
  stringAt,
  stringsAt,
} from "../../model/mod.ts";

const VERSION_IN_USER_AGENT = /\/(\d+\.\d+\.\d+[\w.+-]*)/;
const METHOD_NOT_FOUND = -32601;

/** What a `tools/call` answer says. */
export interface Answer {
  /** A `tools/call` result (as opposed to an `initialize` or `tools/list` one). */
  toolResult: boolean;
  failed: boolean;
  text: string | null;
  error: string | null;
  threadId: string | null;
}

/** An `elicitation/create` request of the server: an approval Codex asks for. */
export interface Elicitation {
  serverRequestId: RequestId;
  kind: "exec" | "patch" | "other";
  callId: string | null;
  /** `codex_mcp_tool_call_id`: the id of the request it is about, as text. */
  toolCallId: string | null;
  threadId: string | null;
  message: string;
  command: string[] | null;
  cwd: string | null;
}

/** One JSON-RPC line of mcp-server output, as the reducer needs it. */
export type RpcMessage =
  /** A `codex/event`; `requestId` is null when it cannot be grouped (it still counts). */
  | {
    kind: "event";
    requestId: RequestId | null;
    threadId: string | null;
    type: string;
    msg: JsonObject;
  }
  | { kind: "elicitation"; elicitation: Elicitation }
  /** The answer to `initialize`: a (new) server is up. */
  | { kind: "initialized"; version: string | null }
  | { kind: "answer"; id: RequestId; answer: Answer }
  | { kind: "error"; id: RequestId; message: string; methodNotFound: boolean }
  /** 0.20 sends every event again as `method: <type>`; only the codex/event copy counts. */
  | { kind: "repeat" };

/** True for a JSON-RPC id codexmon groups by. */
export function isRequestId(value: unknown): value is RequestId {
  return typeof value === "number" || typeof value === "string";
}

/** Approval kinds by `codex_elicitation`. */
function elicitationKind(value: string | null): "exec" | "patch" | "other" {
  if (value === "exec-approval") return "exec";
  if (value === "patch-approval") return "patch";
  return "other";
}

/** A `tools/call` result, as opposed to the result of `initialize` or `tools/list`. */
function isToolResult(result: unknown): result is JsonObject {
  return isObject(result) &&
    (Array.isArray(result.content) || typeof result.error === "string" || result.isError === true ||
      isObject(result.structuredContent));
}

function resultText(result: JsonObject): string | null {
  const content = Array.isArray(result.content) ? result.content : [];
  const texts = content.flatMap((part) =>
    isObject(part) && typeof part.text === "string" ? [part.text] : []
  );
  if (texts.length > 0) return texts.join("\n");
  const structured = objectAt(result, "structuredContent");
  return structured === null ? null : stringAt(structured, "content");
}

/** What a result that is not an `initialize` answer says. */
export function answerOf(result: unknown): Answer {
  const object = isObject(result) ? result : {};
  const structured = objectAt(object, "structuredContent");
  return {
    toolResult: isToolResult(result),
    failed: object.isError === true || typeof object.error === "string",
    text: resultText(object),
    error: stringAt(object, "error"),
    threadId: structured === null ? null : stringAt(structured, "threadId"),
  };
}

function eventMessage(value: JsonObject): RpcMessage | null {
  const params = objectAt(value, "params");
  const meta = params === null ? null : objectAt(params, "_meta");
  const msg = params === null ? null : objectAt(params, "msg");
  const type = msg === null ? null : stringAt(msg, "type");
  if (msg === null || type === null) return null;
  const requestId = meta?.requestId;
  return {
    kind: "event",
    requestId: isRequestId(requestId) ? requestId : null,
    threadId: meta === null ? null : stringAt(meta, "threadId"),
    type,
    msg,
  };
}

function elicitationOf(value: JsonObject, id: RequestId): Elicitation {
  const params = objectAt(value, "params") ?? {};
  return {
    serverRequestId: id,
    kind: elicitationKind(stringAt(params, "codex_elicitation")),
    callId: stringAt(params, "codex_call_id"),
    toolCallId: stringAt(params, "codex_mcp_tool_call_id"),
    threadId: stringAt(params, "threadId"),
    message: stringAt(params, "message") ?? "",
    command: stringsAt(params, "codex_command"),
    cwd: stringAt(params, "codex_cwd"),
  };
}

function resultMessage(id: RequestId, result: unknown): RpcMessage {
  if (isObject(result) && isObject(result.serverInfo)) {
    const info = result.serverInfo;
    const userAgent = stringAt(info, "user_agent");
    const fromAgent = userAgent === null ? undefined : VERSION_IN_USER_AGENT.exec(userAgent)?.[1];
    return { kind: "initialized", version: stringAt(info, "version") ?? fromAgent ?? null };
  }
  return { kind: "answer", id, answer: answerOf(result) };
}

function errorMessage(id: RequestId, error: unknown): RpcMessage {
  const object = isObject(error) ? error : {};
  const code = numberAt(object, "code");
  const text = stringAt(object, "message") ?? "JSON-RPC error";
  return {
    kind: "error",
    id,
    message: code === null ? text : `${text} (${code})`,
    methodNotFound: code === METHOD_NOT_FOUND,
  };
}

/** What the parsed line `value` says, or null when it is no message mcp-server output holds. */
export function readRpcMessage(value: unknown): RpcMessage | null {
  if (!isObject(value)) return null;
  const method = value.method;
  if (typeof method === "string") {
    if (isRequestId(value.id)) {
      return method === "elicitation/create"
        ? { kind: "elicitation", elicitation: elicitationOf(value, value.id) }
        : null;
    }
    if (method === "codex/event") return eventMessage(value);
    const msg = objectAt(objectAt(value, "params") ?? {}, "msg");
    return msg !== null && msg.type === method ? { kind: "repeat" } : null;
  }
  if (!isRequestId(value.id)) return null;
  if ("result" in value) return resultMessage(value.id, value.result);
  if ("error" in value) return errorMessage(value.id, value.error);
  return null;
}
