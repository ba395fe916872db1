/**
 * The in-process store used when no Redis is configured: LRU by access, a TTL per entry, and bounded
 * both by entry count and by bytes, so a busy gateway cannot grow without limit.
 */
import { BoundedTtlMap } from './bounded-ttl-map.js';
import type { ResultCache } from './result-cache.js';

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  /** Injected in tests to move time. */
  now?: () => number;
}

export class MemoryResultCache implements ResultCache {
  readonly kind = 'memory';
  readonly connected = true;
  private readonly entries: BoundedTtlMap<Buffer>;
  private readonly locks = new Map<string, { token: string; expiresAt: number }>();
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions) {
    this.now = options.now ?? Date.now;
    this.entries = new BoundedTtlMap<Buffer>({ ...options, now: this.now, sizeOf: (key, value) => key.length + value.length });
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.entries.bytes;
  }

  async get(key: string): Promise<Buffer | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    this.entries.set(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async acquireLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(key);
    if (held && held.expiresAt > this.now()) return false;
    this.locks.set(key, { token, expiresAt: this.now() + ttlMs });
    return true;
  }

  async renewLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(key);
    if (!held || held.token !== token || held.expiresAt <= this.now()) return false;
    held.expiresAt = this.now() + ttlMs;
    return true;
  }

  async releaseLock(key: string, token: string): Promise<void> {
    if (this.locks.get(key)?.token === token) this.locks.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.locks.clear();
  }
}
