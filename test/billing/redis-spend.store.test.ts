/**
 * The Redis spend store's Lua scripts against a real redis-server: atomic check-and-reserve under
 * concurrency from several connections, settle, expiry after the day, keys under the namespace,
 * and a one-node Redis Cluster (the scripts touch one key, so any slot serves them).
 */
import { Cluster, Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSpendStore } from '../../src/billing/redis-spend.store.js';
import type { SpendHold } from '../../src/billing/spend.store.js';
import { TenantBudgets } from '../../src/billing/tenant-budgets.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const log = pino({ level: 'silent' });
const DAY_MS = 24 * 3600 * 1000;

let redis: TestRedis;
const clients: Array<Redis | Cluster> = [];

function store(client: Redis | Cluster = new Redis(redis.url)): RedisSpendStore {
  clients.push(client);
  return new RedisSpendStore({ client, ownsClient: false, timeoutMs: 5_000, log });
}

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

describe('RedisSpendStore', () => {
  it('never lets concurrent reservations from four connections together pass the limit', async () => {
    // Prepare: four replicas' connections, 200 reservations each, 7 nano-USD of a limit of 1,000.
    const stores = [store(), store(), store(), store()];
    const key = `${redis.namespace()}:budget:2026-03-01:acme`;
    const request = { key, nanos: 7, limitNanos: 1000, expireAtMs: Date.now() + DAY_MS };

    // Act
    const outcomes = await Promise.all(stores.flatMap((one) => Array.from({ length: 200 }, () => one.reserve(request))));

    // Assess: floor(1000 / 7) = 142 got through, whichever connection asked.
    expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(142);
    expect(await redis.client.hgetall(key)).toEqual({ reserved: String(142 * 7) });
  });

  it('settles to the actual cost, releases the rest, and refuses with what is used', async () => {
    const one = store();
    const key = `${redis.namespace()}:budget:2026-03-01:acme`;
    const reserve = (nanos: number) => one.reserve({ key, nanos, limitNanos: 100, expireAtMs: Date.now() + DAY_MS });
    const first = await reserve(60);
    const second = await reserve(30);
    expect(await reserve(20)).toEqual({ reserved: false, totals: { spentNanos: 0, reservedNanos: 90 } });

    await (first as { hold: SpendHold }).hold.settle(45);
    await (second as { hold: SpendHold }).hold.settle(0);

    expect(await one.totals(key)).toEqual({ spentNanos: 45, reservedNanos: 0 });
    expect(await redis.client.hgetall(key)).toEqual({ spent: '45', reserved: '0' });
  });

  it('expires a day`s key after the day it counts (a settle renews the same expiry, never removes it)', async () => {
    const one = store();
    const key = `${redis.namespace()}:budget:2026-03-01:acme`;
    const expireAtMs = Date.now() + 2 * DAY_MS;
    const held = await one.reserve({ key, nanos: 5, limitNanos: 100, expireAtMs });
    expect(Number(await redis.client.call('PEXPIRETIME', key))).toBe(expireAtMs);
    await (held as { hold: SpendHold }).hold.settle(5);
    expect(Number(await redis.client.call('PEXPIRETIME', key))).toBe(expireAtMs);
  });

  it('keeps tenant budgets under CACHE_NAMESPACE, one key per tenant and day, the tenant hashed', async () => {
    // A day in the future: a past day's key would expire as soon as it is written.
    const namespace = redis.namespace();
    const budgets = new TenantBudgets({ dailyUsd: 1, namespace, store: store(), now: () => new Date('2099-03-01T10:00:00Z') });
    const held = await budgets.reserve('acme corp', 0.25);
    expect(held.kind).toBe('reserved');

    const keys = await redis.client.keys(`${namespace}:*`);
    expect(keys).toEqual([budgets.keyFor('acme corp')]);
    expect(keys[0]).toMatch(new RegExp(`^${namespace}:budget:2099-03-01:[0-9a-f]{64}$`));
    // The day's key lives until the end of the next UTC day.
    expect(Number(await redis.client.call('PEXPIRETIME', keys[0]!))).toBe(Date.UTC(2099, 2, 3));
  });

  it('runs on a Redis Cluster node, as with REDIS_CLUSTER_NODES', async () => {
    const cluster = await startTestRedis({ cluster: true });
    try {
      const client = new Cluster([{ host: '127.0.0.1', port: Number(cluster.node.split(':')[1]) }]);
      const one = store(client);
      const key = `${cluster.namespace()}:budget:2026-03-01:acme`;
      const request = { key, nanos: 30, limitNanos: 100, expireAtMs: Date.now() + DAY_MS };
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => one.reserve(request)));
      expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(3);
      client.disconnect();
    } finally {
      await cluster.stop();
    }
  });
});
