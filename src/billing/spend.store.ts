/**
 * Where a tenant's daily spend is counted: per key (tenant and UTC day), what calls have cost
 * (`spent`) and what calls in flight may still cost (`reserved`). Amounts are integer nano-USD, so
 * sums are exact and a check against the limit never drifts with floating-point rounding.
 */

export interface SpendTotals {
  spentNanos: number;
  reservedNanos: number;
}

/** A reservation held in a store: settle it once, with what the call cost (0 releases it). */
export interface SpendHold {
  settle(actualNanos: number): Promise<void>;
}

export type ReserveOutcome = { reserved: true; hold: SpendHold } | { reserved: false; totals: SpendTotals };

export interface SpendRequest {
  key: string;
  nanos: number;
  limitNanos: number;
  /** When the key may go (ms since the epoch): after its day, so a day's total lives out its day. */
  expireAtMs: number;
}

export interface SpendStore {
  /** Adds `nanos` to the key's reservations if spent + reserved + nanos <= limit, in one atomic step. */
  reserve(request: SpendRequest): Promise<ReserveOutcome>;
  totals(key: string): Promise<SpendTotals>;
  close(): Promise<void>;
}

interface Entry extends SpendTotals {
  expireAtMs: number;
}

/** One process's spend (no REDIS_URL, or Redis unreachable). The check and the add are one synchronous step. */
export class MemorySpendStore implements SpendStore {
  private readonly entries = new Map<string, Entry>();
  private nextSweepMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const now = this.now();
    // Expired days go in a sweep at most once a minute, so the map holds about today's and
    // yesterday's tenants without a walk over all of them on every call.
    if (now >= this.nextSweepMs) {
      for (const [stored, entry] of this.entries) if (entry.expireAtMs <= now) this.entries.delete(stored);
      this.nextSweepMs = now + 60_000;
    }
    const entry = this.entries.get(key);
    if (entry && entry.expireAtMs <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async reserve(request: SpendRequest): Promise<ReserveOutcome> {
    const entry = this.live(request.key) ?? { spentNanos: 0, reservedNanos: 0, expireAtMs: request.expireAtMs };
    if (entry.spentNanos + entry.reservedNanos + request.nanos > request.limitNanos) {
      return { reserved: false, totals: { spentNanos: entry.spentNanos, reservedNanos: entry.reservedNanos } };
    }
    entry.reservedNanos += request.nanos;
    entry.expireAtMs = Math.max(entry.expireAtMs, request.expireAtMs);
    this.entries.set(request.key, entry);
    return { reserved: true, hold: this.holdFor(request) };
  }

  private holdFor(request: SpendRequest): SpendHold {
    return {
      settle: async (actualNanos) => {
        const entry = this.live(request.key);
        // The day is over and its entry gone: nothing left to correct.
        if (!entry) return;
        entry.reservedNanos = Math.max(0, entry.reservedNanos - request.nanos);
        entry.spentNanos += Math.max(0, actualNanos);
      },
    };
  }

  async totals(key: string): Promise<SpendTotals> {
    const entry = this.live(key);
    return { spentNanos: entry?.spentNanos ?? 0, reservedNanos: entry?.reservedNanos ?? 0 };
  }

  async close(): Promise<void> {}
}
