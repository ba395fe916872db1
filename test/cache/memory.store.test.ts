import { describe, expect, it } from 'vitest';
import { MemoryResultCache } from '../../src/cache/memory.store.js';

function clock() {
  let now = 1_000;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const value = (text: string) => Buffer.from(text);

describe('MemoryResultCache', () => {
  it('returns a value until its TTL has passed, then forgets it', async () => {
    const time = clock();
    const store = new MemoryResultCache({ maxEntries: 10, maxBytes: 10_000, now: time.now });

    await store.set('a', value('1'), 100);
    time.advance(99);
    const before = await store.get('a');
    time.advance(1);
    const after = await store.get('a');

    expect(before?.toString()).toBe('1');
    expect(after).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.sizeBytes).toBe(0);
  });

  it('evicts the least recently used entry when over the entry limit (a read counts as use)', async () => {
    const store = new MemoryResultCache({ maxEntries: 2, maxBytes: 10_000 });

    await store.set('a', value('1'), 60_000);
    await store.set('b', value('2'), 60_000);
    await store.get('a');
    await store.set('c', value('3'), 60_000);

    expect(await store.get('a')).toBeDefined();
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();
    expect(store.size).toBe(2);
  });

  it('stays under its byte limit, evicting old entries for new ones and refusing one entry bigger than the limit', async () => {
    const store = new MemoryResultCache({ maxEntries: 1_000, maxBytes: 100 });

    for (let i = 0; i < 10; i++) await store.set(`k${i}`, Buffer.alloc(30), 60_000);
    await store.set('huge', Buffer.alloc(500), 60_000);

    expect(store.sizeBytes).toBeLessThanOrEqual(100);
    expect(await store.get('k9')).toBeDefined();
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('huge')).toBeUndefined();
  });

  it('replaces a value without counting its bytes twice', async () => {
    const store = new MemoryResultCache({ maxEntries: 10, maxBytes: 1_000 });

    await store.set('a', Buffer.alloc(10), 60_000);
    await store.set('a', Buffer.alloc(20), 60_000);

    expect(store.size).toBe(1);
    expect(store.sizeBytes).toBe(1 + 20);
  });

  it('gives a lock to one holder until it is released or expires, and never releases another holder’s lock', async () => {
    const time = clock();
    const store = new MemoryResultCache({ maxEntries: 10, maxBytes: 1_000, now: time.now });

    const first = await store.acquireLock('l', 'one', 100);
    const second = await store.acquireLock('l', 'two', 100);
    await store.releaseLock('l', 'two');
    const stillHeld = await store.acquireLock('l', 'two', 100);
    const renewed = await store.renewLock('l', 'one', 100);
    time.advance(150);
    const afterExpiry = await store.acquireLock('l', 'two', 100);
    const staleRenew = await store.renewLock('l', 'one', 100);

    expect([first, second, stillHeld, renewed, afterExpiry, staleRenew]).toEqual([true, false, false, true, true, false]);
  });
});
