/**
 * A daily spend limit per tenant, in USD, enforced by reservation: before an upstream call the most
 * it can cost is reserved, atomically against what is spent and reserved already, and after the call
 * the reservation is settled to what it actually cost (or released when it failed). So concurrent
 * requests, the aliases of one request and replicas sharing a Redis never together pass the limit.
 */
import { sha256Hex } from '../digest.js';
import type { SpendHold, SpendStore } from './spend.store.js';

const NANOS_PER_USD = 1e9;
const DAY_MS = 24 * 3600 * 1000;

/** USD to the stores' integer nano-USD, rounded up: a cost is never counted as less than it is. */
export function toNanos(usd: number): number {
  return Math.ceil(Math.max(0, usd) * NANOS_PER_USD - 1e-6);
}

export function fromNanos(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/** The UTC day a moment belongs to, as budgets count it (YYYY-MM-DD). */
export function budgetDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The key of a tenant's spend on one UTC day, under the deployment's namespace like every other key;
 * the tenant is hashed so that keys say nothing about who it is.
 */
export function budgetKey(namespace: string, tenant: string, day: string): string {
  return `${namespace}:budget:${day}:${sha256Hex(tenant)}`;
}

/** A reservation on a tenant's budget; settle or release it exactly once (later calls do nothing). */
export interface Reservation {
  readonly kind: 'reserved';
  readonly usd: number;
  /** Books what the call actually cost and frees the rest of the reservation. */
  settle(actualUsd: number): Promise<void>;
  /** The call was not made or not billed: frees the whole reservation. */
  release(): Promise<void>;
}

export interface BudgetRefusal {
  readonly kind: 'refused';
  readonly tenant: string;
  readonly limitUsd: number;
  /** What was left, net of other calls' reservations, when this one was refused. */
  readonly remainingUsd: number;
  readonly requestedUsd: number;
}

export interface TenantBudgetsOptions {
  dailyUsd: number;
  /** CACHE_NAMESPACE: budgets live beside the caches of the same deployment. */
  namespace: string;
  store: SpendStore;
  /** Decides the day; tests move it across midnight. */
  now?: () => Date;
}

export class TenantBudgets {
  readonly dailyUsd: number;
  private readonly limitNanos: number;
  private readonly now: () => Date;

  constructor(private readonly options: TenantBudgetsOptions) {
    this.dailyUsd = options.dailyUsd;
    // Rounded down, the counterpart of costs rounded up: the limit is never stretched.
    this.limitNanos = Math.floor(options.dailyUsd * NANOS_PER_USD + 1e-6);
    this.now = options.now ?? (() => new Date());
  }

  /** The key holding `tenant`'s spend for the day of `at` (now by default). */
  keyFor(tenant: string, at: Date = this.now()): string {
    return budgetKey(this.options.namespace, tenant, budgetDay(at));
  }

  /** Reserves `usd` on today's budget, or says why not. A reservation of 0 always succeeds. */
  async reserve(tenant: string, usd: number): Promise<Reservation | BudgetRefusal> {
    const at = this.now();
    const nanos = toNanos(usd);
    const dayStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
    const outcome = await this.options.store.reserve({
      key: this.keyFor(tenant, at),
      nanos,
      limitNanos: this.limitNanos,
      // A day's total outlives its day by one more, for whoever looks at yesterday.
      expireAtMs: dayStart + 2 * DAY_MS,
    });
    if (!outcome.reserved) {
      const used = outcome.totals.spentNanos + outcome.totals.reservedNanos;
      return {
        kind: 'refused',
        tenant,
        limitUsd: this.dailyUsd,
        remainingUsd: fromNanos(Math.max(0, this.limitNanos - used)),
        requestedUsd: fromNanos(nanos),
      };
    }
    return reservation(fromNanos(nanos), outcome.hold);
  }

  /** What is left today, net of spend and of the reservations of calls in flight. */
  async remainingUsd(tenant: string): Promise<number> {
    const totals = await this.options.store.totals(this.keyFor(tenant));
    return fromNanos(Math.max(0, this.limitNanos - totals.spentNanos - totals.reservedNanos));
  }

  /** What `tenant` spent on the day of `at` (settled calls) and what calls in flight hold. */
  async totalsUsd(tenant: string, at: Date = this.now()): Promise<{ spentUsd: number; reservedUsd: number }> {
    const totals = await this.options.store.totals(this.keyFor(tenant, at));
    return { spentUsd: fromNanos(totals.spentNanos), reservedUsd: fromNanos(totals.reservedNanos) };
  }

  close(): Promise<void> {
    return this.options.store.close();
  }
}

function reservation(usd: number, hold: SpendHold): Reservation {
  let open = true;
  const finish = async (actualNanos: number) => {
    if (!open) return;
    open = false;
    await hold.settle(actualNanos);
  };
  return {
    kind: 'reserved',
    usd,
    settle: (actualUsd) => finish(toNanos(actualUsd)),
    release: () => finish(0),
  };
}
