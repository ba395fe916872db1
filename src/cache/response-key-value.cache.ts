/**
 * The `KeyValueCache` Apollo's response-cache plugin writes through, over the same store (and Redis
 * connection) as the result cache, with the same bounded, fail-open calls: a cache outage turns
 * response caching off, it never fails a query.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { type KeyScope, responseKey } from './cache-keys.js';
import type { FailOpenCache } from './fail-open.cache.js';

export class ResponseKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly store: FailOpenCache,
    private readonly scope: KeyScope,
    /** Used when the plugin passes no TTL. */
    private readonly defaultTtlSeconds: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.store.get(responseKey(this.scope, key)))?.toString('utf8');
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttlSeconds = options?.ttl ?? this.defaultTtlSeconds;
    if (ttlSeconds <= 0) return;
    await this.store.set(responseKey(this.scope, key), Buffer.from(value, 'utf8'), ttlSeconds * 1000);
  }

  async delete(key: string): Promise<boolean> {
    return this.store.delete(responseKey(this.scope, key));
  }
}
