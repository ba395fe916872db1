/**
 * The store behind the result cache, the response cache and cross-replica de-duplication: bytes
 * under bounded keys with a TTL, plus a lease lock (`SET NX PX`). Redis in production, memory
 * otherwise. Implementations may throw or hang; `FailOpenCache` bounds and absorbs that.
 */
export interface ResultCache {
  readonly kind: 'redis' | 'memory';
  /** False while the store is known to be unreachable, so callers skip it without waiting. */
  readonly connected: boolean;
  get(key: string): Promise<Buffer | undefined>;
  set(key: string, value: Buffer, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Takes `key` for `ttlMs` if nobody holds it; true when this caller now holds it. */
  acquireLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends a lock this caller still holds; false when it expired or changed hands. */
  renewLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Releases a lock only if this caller still holds it (never another caller's). */
  releaseLock(key: string, token: string): Promise<void>;
  close(): Promise<void>;
}
