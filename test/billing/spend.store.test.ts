/** The in-process spend store: check and reserve in one synchronous step, settle, expiry after the day. */
import { describe, expect, it } from 'vitest';
import { MemorySpendStore, type SpendHold } from '../../src/billing/spend.store.js';

const DAY_MS = 24 * 3600 * 1000;

describe('MemorySpendStore', () => {
  it('never lets concurrent reservations together pass the limit', async () => {
    // Prepare: 1,000 callers at once, each asking 7 of a limit of 100.
    const store = new MemorySpendStore();
    const request = { key: 'ns:budget:2026-03-01:acme', nanos: 7, limitNanos: 100, expireAtMs: Date.now() + DAY_MS };

    // Act
    const outcomes = await Promise.all(Array.from({ length: 1000 }, () => store.reserve(request)));

    // Assess: exactly floor(100 / 7) got through, and that is all that is held.
    expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(14);
    expect(await store.totals(request.key)).toEqual({ spentNanos: 0, reservedNanos: 98 });
  });

  it('settles a reservation to its actual cost and releases the rest; a refusal says what is used', async () => {
    const store = new MemorySpendStore();
    const key = 'ns:budget:2026-03-01:acme';
    const reserve = (nanos: number) => store.reserve({ key, nanos, limitNanos: 100, expireAtMs: Date.now() + DAY_MS });
    const first = await reserve(60);
    const second = await reserve(30);
    expect(await reserve(20)).toEqual({ reserved: false, totals: { spentNanos: 0, reservedNanos: 90 } });

    await (first as { hold: SpendHold }).hold.settle(45);
    await (second as { hold: SpendHold }).hold.settle(0);

    expect(await store.totals(key)).toEqual({ spentNanos: 45, reservedNanos: 0 });
    expect((await reserve(55)).reserved).toBe(true);
    expect((await reserve(1)).reserved).toBe(false);
  });

  it('keeps keys apart (tenant, day, namespace) and forgets a day once its expiry passes', async () => {
    let now = Date.UTC(2026, 2, 1, 12);
    const store = new MemorySpendStore(() => now);
    const expireAtMs = Date.UTC(2026, 2, 3);
    for (const key of ['a:budget:2026-03-01:acme', 'b:budget:2026-03-01:acme', 'a:budget:2026-03-01:globex']) {
      expect((await store.reserve({ key, nanos: 10, limitNanos: 10, expireAtMs })).reserved).toBe(true);
    }
    expect(await store.totals('a:budget:2026-03-01:acme')).toEqual({ spentNanos: 0, reservedNanos: 10 });

    now = expireAtMs;

    expect(await store.totals('a:budget:2026-03-01:acme')).toEqual({ spentNanos: 0, reservedNanos: 0 });
    expect((await store.reserve({ key: 'a:budget:2026-03-01:acme', nanos: 10, limitNanos: 10, expireAtMs: now + DAY_MS })).reserved).toBe(
      true,
    );
  });
});
