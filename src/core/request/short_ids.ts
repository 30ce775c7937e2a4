/**
 * Short display ids for requests, and the one resolver every command uses to turn what a user
 * typed (short id, full key, turn id, `requestId`, a unique prefix) into a request key.
 *
 * mcp-server and app-server requests keep their JSON-RPC id (`7`, `"7"`). Turns keyed
 * `thread:turn` (rollout, exec --json) show the end of the turn id: UUIDv7 ids start with a
 * timestamp that every turn of a session shares, so their last characters are the distinct ones.
 * exec --json turns have no id and show the end of the thread id and the turn number (`a63f2a#1`).
 */

import type { RequestId } from "../model/mod.ts";

/** Characters of an id's end a short id shows, at least. */
export const SHORT_ID_CHARS = 6;
// Prefixes shorter than this never select a request (git's rule too).
const MIN_PREFIX_CHARS = 4;

/** What the resolver looks at in a request. */
export interface RequestIdentity {
  key: string;
  requestId: RequestId;
  threadId: string | null;
  turnId: string | null;
}

/** The result of {@linkcode resolveRequest}. */
export type Resolution =
  | { kind: "found"; key: string }
  | { kind: "none" }
  | { kind: "ambiguous"; candidates: string[] };

/**
 * The short id of `key` showing `chars` characters of the id's end (the full key when the key
 * is not a `thread:turn` pair).
 *
 * @example
 * shortIdOf("019a...:01a2...72fe262"); // "2fe262"
 * shortIdOf("019a...51a418a63f2a:1"); // "a63f2a#1"
 */
export function shortIdOf(key: string, chars: number = SHORT_ID_CHARS): string {
  const split = splitTurnKey(key);
  if (split === null) return key;
  const [thread, turn] = split;
  if (/^\d+$/.test(turn)) return `${tail(thread, chars)}#${turn}`;
  return tail(turn, chars);
}

/**
 * Short ids for `keys`, unique among them: a short id that two keys would share is lengthened
 * until it differs, and falls back to the full key when the ends are identical.
 */
export function shortIds(keys: Iterable<string>): Map<string, string> {
  const result = new Map<string, string>();
  let pending = [...new Set(keys)];
  for (let chars = SHORT_ID_CHARS; pending.length > 0; chars += 2) {
    const byShort = new Map<string, string[]>();
    for (const key of pending) {
      const short = shortIdOf(key, chars);
      byShort.set(short, [...(byShort.get(short) ?? []), key]);
    }
    const next: string[] = [];
    for (const [short, group] of byShort) {
      if (group.length === 1) result.set(group[0] as string, short);
      else if (group.every((key) => shortIdOf(key, chars + 2) === short)) {
        for (const key of group) result.set(key, key);
      } else next.push(...group);
    }
    pending = next;
  }
  return result;
}

/**
 * Finds the request `query` names among `requests`. Accepted, in this order: the full key; the
 * short id, the turn id or the `requestId` (quoted or not); a unique prefix (4 characters or
 * more) of the key, the turn id or the short id, or a unique end (6 or more) of the turn id.
 */
export function resolveRequest(
  requests: readonly RequestIdentity[],
  query: string,
): Resolution {
  const text = query.trim();
  if (requests.some((request) => request.key === text)) return { kind: "found", key: text };
  const unquoted = unquote(text);
  const shorts = shortIds(requests.map((request) => request.key));
  const exact = matching(
    requests,
    (request) =>
      shorts.get(request.key) === text || request.turnId === unquoted ||
      String(request.requestId) === unquoted,
  );
  if (exact.length > 0) return decide(exact, shorts);
  if (unquoted.length < MIN_PREFIX_CHARS) return { kind: "none" };
  const dashless = unquoted.replaceAll("-", "");
  const partial = matching(requests, (request) => {
    const turn = request.turnId ?? "";
    if (turn.startsWith(unquoted)) return true;
    if (dashless.length >= SHORT_ID_CHARS && turn.replaceAll("-", "").endsWith(dashless)) {
      return true;
    }
    // A number is no prefix of another number: `12` never selects request 123.
    if (/^\d+$/.test(request.key)) return false;
    return request.key.startsWith(unquoted) || (shorts.get(request.key) ?? "").startsWith(unquoted);
  });
  return partial.length === 0 ? { kind: "none" } : decide(partial, shorts);
}

/** A one-line description of an ambiguous query: `"01a2" matches 3 requests: a, b, c`. */
export function ambiguityMessage(query: string, candidates: readonly string[]): string {
  return `Cannot choose a request for "${query}": it matches ${candidates.length} requests: ${
    candidates.join(", ")
  }`;
}

/**
 * A test of request keys against what a user typed, for views that stream entries before every
 * request is known: true for each key the query would select on its own. Cached per key.
 */
export function keyMatcher(query: string): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = resolveRequest([identityOfKey(key)], query).kind === "found";
      cache.set(key, hit);
    }
    return hit;
  };
}

function identityOfKey(key: string): RequestIdentity {
  const colon = key.startsWith('"') ? -1 : key.lastIndexOf(":");
  if (colon <= 0) {
    return { key, requestId: /^\d+$/.test(key) ? Number(key) : key, threadId: null, turnId: null };
  }
  const turn = key.slice(colon + 1);
  const numbered = /^\d+$/.test(turn);
  return {
    key,
    requestId: numbered ? Number(turn) : turn,
    threadId: key.slice(0, colon),
    turnId: numbered ? null : turn,
  };
}

function matching(
  requests: readonly RequestIdentity[],
  test: (request: RequestIdentity) => boolean,
): string[] {
  return [...new Set(requests.filter(test).map((request) => request.key))];
}

function decide(keys: string[], shorts: Map<string, string>): Resolution {
  if (keys.length === 1) return { kind: "found", key: keys[0] as string };
  const candidates = keys.map((key) => {
    const short = shorts.get(key) ?? key;
    return short === key ? key : `${short} (${key})`;
  });
  return { kind: "ambiguous", candidates };
}

function splitTurnKey(key: string): [string, string] | null {
  if (key.startsWith('"')) return null;
  const colon = key.lastIndexOf(":");
  if (colon <= 0 || colon === key.length - 1) return null;
  return [key.slice(0, colon), key.slice(colon + 1)];
}

function tail(id: string, chars: number): string {
  const compact = id.replaceAll("-", "");
  return compact.length <= chars ? compact : compact.slice(-chars);
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}
