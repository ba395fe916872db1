/**
 * An in-process map with a TTL per entry, least recently used first out, bounded by entry count and
 * by a size in bytes: the one mechanism under the memory store, the hot results and the replay cache.
 * Expired entries go lazily (on read, or as they age to the front and get evicted).
 */

export interface BoundedTtlMapOptions<V> {
  maxEntries: number;
  /** Bound on the summed `sizeOf` of the entries; default unbounded. */
  maxBytes?: number;
  /** The bytes an entry counts for; default 0 (bounded by count alone). */
  sizeOf?: (key: string, value: V) => number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  bytes: number;
}

export class BoundedTtlMap<V> {
  // A Map iterates in insertion order: re-inserting on access makes the first key the least recent.
  private readonly entries = new Map<string, Entry<V>>();
  private totalBytes = 0;
  private readonly now: () => number;
  private readonly maxBytes: number;

  constructor(private readonly options: BoundedTtlMapOptions<V>) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.totalBytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Replaces any entry under `key`; keeps nothing when the TTL is not positive or the value alone is over the byte bound. */
  set(key: string, value: V, ttlMs: number): void {
    this.delete(key);
    const bytes = this.options.sizeOf?.(key, value) ?? 0;
    if (ttlMs <= 0 || bytes > this.maxBytes || this.options.maxEntries === 0) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs, bytes });
    this.totalBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.totalBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }
}
