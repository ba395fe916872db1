/** The in-process hot results: bounded LRU, expiry capped by the max age, frozen shared entries. */
import { describe, expect, it } from 'vitest';
import { HotResults } from '../../src/cache/hot-results.js';

describe('HotResults', () => {
  it('keeps the most recently used entries within maxEntries', () => {
    const hot = new HotResults({ maxEntries: 2, maxAgeMs: 60_000 });
    hot.set('a', { n: 1 }, 60_000);
    hot.set('b', { n: 2 }, 60_000);
    expect(hot.get('a')).toEqual({ n: 1 });
    hot.set('c', { n: 3 }, 60_000);

    expect(hot.get('b')).toBeUndefined();
    expect(hot.get('a')).toEqual({ n: 1 });
    expect(hot.get('c')).toEqual({ n: 3 });
    expect(hot.size).toBe(2);
  });

  it('expires an entry at the shorter of the store TTL and its own max age', () => {
    let now = 0;
    const hot = new HotResults({ maxEntries: 10, maxAgeMs: 1_000, now: () => now });
    hot.set('short-ttl', { n: 1 }, 500);
    hot.set('long-ttl', { n: 2 }, 60_000);
    now = 600;
    expect(hot.get('short-ttl')).toBeUndefined();
    expect(hot.get('long-ttl')).toEqual({ n: 2 });
    now = 1_001;
    expect(hot.get('long-ttl')).toBeUndefined();
    expect(hot.size).toBe(0);
  });

  it('freezes what it keeps, nested values included, so requests sharing an entry cannot change it', () => {
    const hot = new HotResults({ maxEntries: 10, maxAgeMs: 60_000 });
    hot.set('k', { details: { clauses: [{ type: 'termination' }] } }, 60_000);
    const entry = hot.get<{ details: { clauses: Array<{ type: string }> } }>('k')!;

    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry.details.clauses[0])).toBe(true);
    expect(() => entry.details.clauses.push({ type: 'x' })).toThrow(TypeError);
  });

  it('keeps nothing with maxEntries 0', () => {
    const hot = new HotResults({ maxEntries: 0, maxAgeMs: 60_000 });
    hot.set('k', { n: 1 }, 60_000);
    expect(hot.get('k')).toBeUndefined();
  });
});
