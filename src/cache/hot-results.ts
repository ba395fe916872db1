/**
 * Recently used results, decoded, in this process: a hit skips the store round trip, gunzip, JSON
 * parsing and revival. Safe to keep beside Redis because a result key names everything that shapes
 * the answer (content hash, model or endpoint, prompt and analyser versions, tenant): an entry never
 * goes stale, it only expires. Entries are frozen, since every request that hits shares them.
 */
import { deepFreeze } from '../deep-freeze.js';
import { BoundedTtlMap } from './bounded-ttl-map.js';

export interface HotResultsOptions {
  maxEntries: number;
  /** Upper bound on how long an entry stays, whatever the store's TTL. */
  maxAgeMs: number;
  now?: () => number;
}

export class HotResults {
  private readonly entries: BoundedTtlMap<unknown>;

  constructor(private readonly options: HotResultsOptions) {
    this.entries = new BoundedTtlMap<unknown>({ maxEntries: options.maxEntries, ...(options.now ? { now: options.now } : {}) });
  }

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  /** Keeps `value` (frozen) for at most `ttlMs`, capped by `maxAgeMs`. */
  set<T>(key: string, value: T, ttlMs: number): T {
    if (this.options.maxEntries === 0) return value;
    this.entries.set(key, deepFreeze(value), Math.min(ttlMs, this.options.maxAgeMs));
    return value;
  }
}
