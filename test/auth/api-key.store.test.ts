/** Hashed API keys: every stored key finds its tenant, anything else finds none. */
import { describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../src/auth/api-key.store.js';
import { sha256Hex } from '../../src/digest.js';

describe('ApiKeyStore', () => {
  it('maps each of 5,000 keys to its tenant (buckets shared by several digests included) and refuses near misses', () => {
    // Prepare: at 5,000 keys some of the 65,536 two-byte buckets hold several digests (birthday bound).
    const entries = Array.from({ length: 5000 }, (_, i) => ({ tenant: `t${i}`, sha256: sha256Hex(`key-${i}`) }));
    const store = new ApiKeyStore(entries);
    const byBucket = new Map<string, number>();
    for (const entry of entries) byBucket.set(entry.sha256.slice(0, 4), (byBucket.get(entry.sha256.slice(0, 4)) ?? 0) + 1);

    // Act
    const found = entries.map((_, i) => store.tenantFor(`key-${i}`));

    // Assess
    expect(store.size).toBe(5000);
    expect([...byBucket.values()].some((count) => count > 1)).toBe(true);
    expect(found).toEqual(entries.map((entry) => entry.tenant));
    for (const miss of ['key-5000', 'key-1 ', 'KEY-1', '', 'key-']) expect(store.tenantFor(miss)).toBeUndefined();
  });

  it('accepts stored digests in upper-case hex', () => {
    const store = new ApiKeyStore([{ tenant: 'acme', sha256: sha256Hex('acme-key').toUpperCase() }]);
    expect(store.tenantFor('acme-key')).toBe('acme');
  });
});
