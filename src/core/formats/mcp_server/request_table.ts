/**
 * The requests of an mcp-server output and their retention: lookup by JSON-RPC id (with a
 * one-entry cache: most event lines belong to the request of the line before), `KEY#2` keys
 * for reused ids, and the release of the oldest finished requests so memory stays flat.
 *
 * @module
 */

import {
  type Limits,
  RecentMap,
  type RequestId,
  requestKey,
  type RequestRecord,
} from "../../model/mod.ts";
import { TrackedRequest } from "../../request/mod.ts";

/** Distinct request ids remembered (at least) for `KEY#2` keys when finished requests are released. */
const KEY_USES_KEPT = 32_768;

/** Options for {@linkcode RequestTable}. */
export interface RequestTableOptions {
  /** Finished requests kept; older ones are released (default: all kept). */
  keepFinished?: number;
  limits: Readonly<Limits>;
  full: boolean;
}

/** The kept requests of one file, by id and in order of creation. */
export class RequestTable {
  #byNumber = new Map<number, TrackedRequest>();
  #byString = new Map<string, TrackedRequest>();
  #lastId: RequestId | null = null;
  #lastRequest: TrackedRequest | undefined = undefined;
  /** Kept requests in order of creation; released ones are dropped from it in batches. */
  #requests: TrackedRequest[] = [];
  #releasedInList = 0;
  /** Ended requests still kept, oldest end first. */
  #finished: TrackedRequest[] = [];
  #keepFinished: number;
  #keyUses: RecentMap<RequestId, number>;
  #limits: Readonly<Limits>;
  #full: boolean;

  constructor(options: RequestTableOptions) {
    this.#keepFinished = options.keepFinished ?? Infinity;
    this.#limits = options.limits;
    this.#full = options.full;
    // Ids of released requests are remembered for `KEY#2` keys, but not without bound.
    this.#keyUses = new RecentMap(Number.isFinite(this.#keepFinished) ? KEY_USES_KEPT : Infinity);
  }

  /** The kept request with JSON-RPC id `id` (remembered for the next lookup). */
  lookup(id: RequestId): TrackedRequest | undefined {
    if (id === this.#lastId) return this.#lastRequest;
    const request = typeof id === "number" ? this.#byNumber.get(id) : this.#byString.get(id);
    this.#lastId = id;
    this.#lastRequest = request;
    return request;
  }

  /** The kept request with this number id, without touching the lookup cache. */
  byNumber(id: number): TrackedRequest | undefined {
    return this.#byNumber.get(id);
  }

  /** The kept request with this string id, without touching the lookup cache. */
  byString(id: string): TrackedRequest | undefined {
    return this.#byString.get(id);
  }

  /** A new request for `id`, first seen at `line`; a reused id gets the key `KEY#2`, `KEY#3`... */
  create(id: RequestId, line: number): TrackedRequest {
    // Keyed by the id itself: 1 and "1" stay apart, and numbers need no string.
    const uses = (this.#keyUses.get(id) ?? 0) + 1;
    this.#keyUses.set(id, uses);
    const base = requestKey(id);
    const key = uses === 1 ? base : `${base}#${uses}`;
    const request = new TrackedRequest({ key, requestId: id }, {
      line,
      limits: this.#limits,
      deltas: this.#full ? "full_texts" : null,
    });
    this.#requests.push(request);
    if (typeof id === "number") this.#byNumber.set(id, request);
    else this.#byString.set(id, request);
    this.#lastId = id;
    this.#lastRequest = request;
    return request;
  }

  /** The kept requests in order of creation; released ones may still be among them. */
  all(): readonly TrackedRequest[] {
    return this.#requests;
  }

  /** The kept requests in order of creation, none released. */
  kept(): readonly TrackedRequest[] {
    this.#dropReleased();
    return this.#requests;
  }

  /**
   * Notes that `request` ended. When more finished requests are kept than allowed, the oldest
   * is released: `onRelease` gets it and its final record, then the table forgets it.
   */
  finish(
    request: TrackedRequest,
    onRelease: (request: TrackedRequest, record: RequestRecord) => void,
  ): void {
    this.#finished.push(request);
    while (this.#finished.length > this.#keepFinished) {
      this.#release(this.#finished.shift() as TrackedRequest, onRelease);
    }
  }

  #release(
    request: TrackedRequest,
    onRelease: (request: TrackedRequest, record: RequestRecord) => void,
  ): void {
    const record = request.finalRecord();
    request.markReleased();
    this.#releasedInList++;
    if (this.lookup(request.requestId) === request) {
      if (typeof request.requestId === "number") this.#byNumber.delete(request.requestId);
      else this.#byString.delete(request.requestId);
      if (this.#lastRequest === request) this.#lastId = null;
    }
    onRelease(request, record);
    // Nobody asks a released request for its record again: let a cached copy go young.
    request.invalidate();
    // Dropped once they are half the list (amortized constant time): a released request of a
    // long turn holds all its texts, so waiting for many of them would grow memory with the file.
    if (this.#releasedInList * 2 > this.#requests.length) this.#dropReleased();
  }

  #dropReleased(): void {
    if (this.#releasedInList === 0) return;
    this.#requests = this.#requests.filter((request) => !request.released);
    this.#releasedInList = 0;
  }
}
