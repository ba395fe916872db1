/**
 * Wraps a store so that no cache call can fail or slow a request: every call is bounded by a
 * timeout, errors become "no answer", and reachability is tracked in CacheHealth.
 */
import type { CacheHealth } from './cache-health.js';
import type { ResultCache } from './result-cache.js';

export type LockOutcome = 'acquired' | 'held' | 'unavailable';

class CacheTimeoutError extends Error {}

export class FailOpenCache {
  constructor(
    readonly store: ResultCache,
    private readonly timeoutMs: number,
    readonly health: CacheHealth,
  ) {}

  /** Resolves with `fallback` instead of throwing or waiting past the timeout. */
  private async guard<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    if (!this.store.connected) return fallback;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CacheTimeoutError(`cache call over ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    const pending = call();
    // The store may still reject after we gave up on it; that must not surface as unhandled.
    pending.catch(() => undefined);
    try {
      const value = await Promise.race([pending, timeout]);
      this.health.recovered();
      return value;
    } catch (error) {
      this.health.down(error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.guard(() => this.store.get(key), undefined);
  }

  /** True when the value was written. */
  set(key: string, value: Buffer, ttlMs: number): Promise<boolean> {
    return this.guard(async () => {
      await this.store.set(key, value, ttlMs);
      return true;
    }, false);
  }

  delete(key: string): Promise<boolean> {
    return this.guard(async () => {
      await this.store.delete(key);
      return true;
    }, false);
  }

  acquireLock(key: string, token: string, ttlMs: number): Promise<LockOutcome> {
    return this.guard<LockOutcome>(async () => ((await this.store.acquireLock(key, token, ttlMs)) ? 'acquired' : 'held'), 'unavailable');
  }

  renewLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.guard(() => this.store.renewLock(key, token, ttlMs), false);
  }

  releaseLock(key: string, token: string): Promise<void> {
    return this.guard(() => this.store.releaseLock(key, token), undefined);
  }
}
