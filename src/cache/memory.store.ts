/**
 * The in-process store used when no Redis is configured: LRU by access, a TTL per entry, and bounded
 * both by entry count and by bytes, so a busy gateway cannot grow without limit.
 */
import type { ResultCache } from './result-cache.js';

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  /** Injected in tests to move time. */
  now?: () => number;
}

interface Entry {
  value: Buffer;
  expiresAt: number;
}

export class MemoryResultCache implements ResultCache {
  readonly kind = 'memory';
  readonly connected = true;
  // A Map iterates in insertion order: re-inserting on access makes the first key the least recent.
  private readonly entries = new Map<string, Entry>();
  private readonly locks = new Map<string, { token: string; expiresAt: number }>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: MemoryStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  async get(key: string): Promise<Buffer | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    const size = key.length + value.length;
    if (ttlMs <= 0 || size > this.options.maxBytes) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.bytes += size;
    this.evict();
  }

  async delete(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) this.remove(key, entry);
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
    this.bytes = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= key.length + entry.value.length;
  }

  private evict(): void {
    // Least recently used first. Expired entries go lazily (on read, or as they age to the front).
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.remove(key, entry);
    }
  }
}
