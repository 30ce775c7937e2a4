/**
 * A map that forgets its least recently used keys: it remembers at least the `cap` most
 * recently used ones and at most `2 × cap`. Two generations of plain maps, so every operation
 * is O(1) (a single map with delete-and-reinsert slows down as deleted slots pile up).
 */

/** Options for {@linkcode RecentMap}. */
export interface RecentMapOptions<V> {
  /** Receives each value as it is forgotten. */
  onForget?: (value: V) => void;
}

/** A bounded map keeping the recently used keys. */
export class RecentMap<K, V> {
  #current = new Map<K, V>();
  #previous = new Map<K, V>();
  #cap: number;
  #onForget: ((value: V) => void) | null;

  constructor(cap: number, options: RecentMapOptions<V> = {}) {
    if (!(cap >= 1)) throw new RangeError(`Cannot keep ${cap} keys: the cap must be 1 or more`);
    this.#cap = cap;
    this.#onForget = options.onForget ?? null;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** The value of `key`, which then counts as recently used. */
  get(key: K): V | undefined {
    const value = this.#current.get(key);
    if (value !== undefined) return value;
    const old = this.#previous.get(key);
    if (old !== undefined) {
      this.#previous.delete(key);
      this.#put(key, old);
    }
    return old;
  }

  /** The value of `key`, if remembered; it does not count as a use. */
  peek(key: K): V | undefined {
    return this.#current.get(key) ?? this.#previous.get(key);
  }

  /** True when `key` is remembered (it does not count as a use). */
  has(key: K): boolean {
    return this.#current.has(key) || this.#previous.has(key);
  }

  /** Sets `key`, which then counts as recently used. */
  set(key: K, value: V): void {
    if (!this.#current.has(key)) this.#previous.delete(key);
    this.#put(key, value);
  }

  #put(key: K, value: V): void {
    this.#current.set(key, value);
    if (this.#current.size < this.#cap) return;
    const forgotten = this.#previous;
    this.#previous = this.#current;
    this.#current = new Map();
    if (this.#onForget !== null) { for (const old of forgotten.values()) this.#onForget(old); }
  }
}
