/**
 * The locks one caller holds while it calls upstream for others, renewed until released. A short
 * lock that is renewed survives a slow call; a holder that dies stops renewing, and the lock lapses
 * within one TTL so a waiter can take over.
 */
import { randomUUID } from 'node:crypto';
import { lockKey } from './cache-keys.js';
import type { FailOpenCache, LockOutcome } from './fail-open.cache.js';

export class LockLease {
  readonly token = randomUUID();
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FailOpenCache,
    private readonly ttlMs: number,
  ) {}

  /** Tries to take the lock on computing `key`; a held lock is renewed until released. */
  async acquire(key: string): Promise<LockOutcome> {
    const outcome = await this.store.acquireLock(lockKey(key), this.token, this.ttlMs);
    if (outcome === 'acquired') {
      this.held.add(key);
      this.timer ??= setInterval(() => this.renew(), Math.max(10, Math.floor(this.ttlMs / 3))).unref();
    }
    // A SET that timed out on our side may still have landed: give the lock back rather than make
    // others wait out its TTL (compare-and-delete, so only if it is ours).
    if (outcome === 'unavailable') void this.store.releaseLock(lockKey(key), this.token);
    return outcome;
  }

  async release(key: string): Promise<void> {
    if (!this.held.delete(key)) return;
    if (this.held.size === 0) this.stop();
    await this.store.releaseLock(lockKey(key), this.token);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.held].map((key) => this.release(key)));
    this.stop();
  }

  private renew(): void {
    for (const key of this.held) void this.store.renewLock(lockKey(key), this.token, this.ttlMs);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
