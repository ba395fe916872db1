/**
 * Recently used results, decoded, in this process: a hit skips the store round trip, gunzip, JSON
 * parsing and revival. Safe to keep beside Redis because a result key names everything that shapes
 * the answer (content hash, model or endpoint, prompt and analyser versions, tenant): an entry never
 * goes stale, it only expires. Entries are frozen, since every request that hits shares them.
 */

export interface HotResultsOptions {
  maxEntries: number;
  /** Upper bound on how long an entry stays, whatever the store's TTL. */
  maxAgeMs: number;
  now?: () => number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

export class HotResults {
  // Insertion order is recency order: a hit re-inserts, so the first key is the least recent.
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: HotResultsOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value as T;
  }

  /** Keeps `value` (frozen) for at most `ttlMs`, capped by `maxAgeMs`. */
  set<T>(key: string, value: T, ttlMs: number): T {
    if (this.options.maxEntries === 0) return value;
    this.entries.delete(key);
    this.entries.set(key, { value: deepFreeze(value), expiresAt: this.now() + Math.min(ttlMs, this.options.maxAgeMs) });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }
}
