/**
 * The request a session command names: what a user typed (short id, full key, turn id,
 * `requestId`, a unique prefix) resolved among the requests in the session's output, through
 * the resolver every command uses.
 */

import { UsageError } from "../core/errors.ts";
import { type RequestId, requestKey, type RequestRecord } from "../core/model/mod.ts";
import { ambiguityMessage, resolveRequest } from "../core/request/mod.ts";
import { sessionLiveness } from "./liveness.ts";
import type { SessionMeta } from "./metadata.ts";
import { OutputFollower } from "./output_follower.ts";
import type { SessionPaths } from "./state_dir.ts";

/**
 * The request `key` (the key of the id a command was given) names; `null` while it is not in
 * the output yet. An ambiguous key is a usage error listing the candidates.
 */
export function findRequest(requests: RequestRecord[], key: string): RequestRecord | null {
  const resolution = resolveRequest(requests, key);
  if (resolution.kind === "ambiguous") {
    // the id as typed: a string id's key is quoted
    const typed = key.replace(/^"(.*)"$/, "$1");
    throw new UsageError(ambiguityMessage(typed, resolution.candidates));
  }
  if (resolution.kind === "none") return null;
  return requests.find((request) => request.key === resolution.key) ?? null;
}

/** What {@linkcode lookUpRequest} found: the JSON-RPC id to act on and its record, if any. */
export interface LookedUp {
  /** The id the request was sent with (the typed id itself when the output has no match yet). */
  id: RequestId;
  request: RequestRecord | null;
}

/**
 * Resolves the id a user typed against the output of session `paths.name`. An id with no
 * output yet is returned as typed: the caller checks that it was sent.
 */
export async function lookUpRequest(
  paths: SessionPaths,
  meta: SessionMeta,
  typed: RequestId,
): Promise<LookedUp> {
  const follower = new OutputFollower(paths);
  await follower.poll({ final: !sessionLiveness(meta).alive });
  const request = findRequest(follower.analysis().requests, requestKey(typed));
  return request ? { id: request.requestId, request } : { id: typed, request: null };
}
