/**
 * A daily spend limit per tenant, in USD. Spend is the actual cost of each analysis, added after it
 * ran; the remaining budget caps routing before the next one. Kept in Redis (INCRBYFLOAT on a key
 * per tenant and UTC day, expiring after two days) so every replica sees the same total; in memory
 * without REDIS_URL, or while Redis is unreachable (a budget must not take the gateway down).
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { tlsFor } from '../cache/redis.store.js';
import type { BudgetView } from './analysis-guards.js';

export interface SpendStore {
  spent(key: string): Promise<number>;
  add(key: string, usd: number): Promise<void>;
  close(): Promise<void>;
}

export class MemorySpendStore implements SpendStore {
  private readonly totals = new Map<string, number>();

  async spent(key: string): Promise<number> {
    return this.totals.get(key) ?? 0;
  }

  async add(key: string, usd: number): Promise<void> {
    // Only today's keys matter; dropping the rest keeps the map bounded by the number of tenants.
    const day = key.slice(key.lastIndexOf(':') + 1);
    for (const stored of this.totals.keys()) if (!stored.endsWith(`:${day}`)) this.totals.delete(stored);
    this.totals.set(key, (this.totals.get(key) ?? 0) + usd);
  }

  async close(): Promise<void> {}
}

const TWO_DAYS_S = 2 * 24 * 3600;

export class RedisSpendStore implements SpendStore {
  private readonly redis: Redis;
  private readonly fallback = new MemorySpendStore();

  constructor(
    url: string,
    private readonly log: Logger,
    tlsCa?: string,
  ) {
    // Bounded: a command waits at most 500 ms (one reconnect), then the memory fallback answers.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 500, ...tlsFor(url, tlsCa) });
    this.redis.on('error', (error: Error) => this.log.warn({ err: error.message }, 'budget store: Redis error'));
  }

  async spent(key: string): Promise<number> {
    try {
      const value = await this.redis.get(key);
      return value === null ? 0 : Number(value);
    } catch {
      return this.fallback.spent(key);
    }
  }

  async add(key: string, usd: number): Promise<void> {
    try {
      await this.redis.multi().incrbyfloat(key, usd).expire(key, TWO_DAYS_S).exec();
    } catch {
      await this.fallback.add(key, usd);
    }
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

export class TenantBudgets {
  constructor(
    readonly dailyUsd: number,
    private readonly store: SpendStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private key(tenant: string): string {
    return `hybrid-ai-gateway:budget:${tenant}:${this.now().toISOString().slice(0, 10)}`;
  }

  async remainingUsd(tenant: string): Promise<number> {
    return Math.max(0, this.dailyUsd - (await this.store.spent(this.key(tenant))));
  }

  async record(tenant: string, usd: number): Promise<void> {
    if (usd > 0) await this.store.add(this.key(tenant), usd);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** One request's view of its tenant's budget: read once at the start, decremented as it spends. */
export async function requestBudget(budgets: TenantBudgets, tenant: string, log: Logger): Promise<BudgetView> {
  let remaining = await budgets.remainingUsd(tenant);
  return {
    tenant,
    dailyUsd: budgets.dailyUsd,
    get remainingUsd() {
      return remaining;
    },
    record(usd: number) {
      if (!(usd > 0)) return;
      remaining = Math.max(0, remaining - usd);
      budgets.record(tenant, usd).catch((error: unknown) => log.warn({ err: String(error) }, 'budget store: spend not recorded'));
    },
  };
}
