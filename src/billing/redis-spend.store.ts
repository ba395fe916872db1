/**
 * Spend in Redis, shared by every replica. Each key is one hash (`spent`, `reserved`, integer
 * nano-USD) so that a Lua script can check and add in one atomic step, and so that Redis Cluster
 * routes it by its one key. While Redis is unreachable a process counts in memory: a budget must not
 * take the gateway down (each replica then only knows its own spend, which the log says).
 */
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  MemorySpendStore,
  type ReserveOutcome,
  type SpendHold,
  type SpendRequest,
  type SpendStore,
  type SpendTotals,
} from './spend.store.js';

// Refuses unless spent + reserved + amount <= limit; otherwise reserves. Replies {1|0, spent, reserved}.
const RESERVE = `
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local amount = tonumber(ARGV[1])
if spent + reserved + amount > tonumber(ARGV[2]) then return {0, spent, reserved} end
redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1, spent, reserved + amount}
`;

// Releases a reservation and books what the call cost. Never below zero: the key may have expired
// (and been recreated) between reserve and settle.
const SETTLE = `
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local release = math.min(tonumber(ARGV[1]), reserved)
if release > 0 then redis.call('HINCRBY', KEYS[1], 'reserved', string.format('%.0f', -release)) end
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'spent', ARGV[2]) end
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`;

interface SpendCommands {
  budgetReserve(key: string, nanos: number, limitNanos: number, expireAtMs: number): Promise<[number, number, number]>;
  budgetSettle(key: string, reservedNanos: number, actualNanos: number, expireAtMs: number): Promise<number>;
}

export interface RedisSpendStoreOptions {
  /** The connection (shared with the result cache when it has one). */
  client: Redis | Cluster;
  /** Whether `close()` closes the client: false when the cache owns it. */
  ownsClient: boolean;
  /** Bound on one script call; past it the call counts as failed. */
  timeoutMs: number;
  log: Logger;
}

class SpendTimeoutError extends Error {}

export class RedisSpendStore implements SpendStore {
  private readonly commands: SpendCommands;
  private readonly fallback = new MemorySpendStore();
  private down = false;

  constructor(private readonly options: RedisSpendStoreOptions) {
    // EVALSHA, falling back to EVAL once per connection when Redis does not know the script yet.
    options.client.defineCommand('budgetReserve', { numberOfKeys: 1, lua: RESERVE });
    options.client.defineCommand('budgetSettle', { numberOfKeys: 1, lua: SETTLE });
    this.commands = options.client as unknown as SpendCommands;
  }

  private async bounded<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new SpendTimeoutError(`budget store call over ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      const value = await Promise.race([call, timeout]);
      if (this.down) this.options.log.info('budget store: Redis reachable again');
      this.down = false;
      return value;
    } catch (error) {
      if (!this.down) this.options.log.warn({ err: String(error) }, 'budget store: Redis unreachable, counting in this process only');
      this.down = true;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async reserve(request: SpendRequest): Promise<ReserveOutcome> {
    const pending = this.commands.budgetReserve(request.key, request.nanos, request.limitNanos, request.expireAtMs);
    let reply: [number, number, number];
    try {
      reply = await this.bounded(pending);
    } catch {
      // A reservation that lands after we gave up on it would hold budget all day: give it back.
      pending.then(([reserved]) => (reserved === 1 ? this.settleInRedis(request, 0) : undefined)).catch(() => undefined);
      return this.fallback.reserve(request);
    }
    const [reserved, spentNanos, reservedNanos] = reply;
    if (reserved !== 1) return { reserved: false, totals: { spentNanos: Number(spentNanos), reservedNanos: Number(reservedNanos) } };
    const hold: SpendHold = { settle: (actualNanos) => this.settleInRedis(request, actualNanos) };
    return { reserved: true, hold };
  }

  private async settleInRedis(request: SpendRequest, actualNanos: number): Promise<void> {
    try {
      await this.bounded(this.commands.budgetSettle(request.key, request.nanos, Math.max(0, actualNanos), request.expireAtMs));
    } catch (error) {
      // Lost: the reservation stays held until the day's key expires. Too much counted, never too little.
      this.options.log.warn({ err: String(error) }, 'budget store: a reservation was not settled');
    }
  }

  async totals(key: string): Promise<SpendTotals> {
    try {
      const [spent, reserved] = await this.bounded(this.options.client.hmget(key, 'spent', 'reserved'));
      return { spentNanos: Number(spent ?? 0), reservedNanos: Number(reserved ?? 0) };
    } catch {
      return this.fallback.totals(key);
    }
  }

  async close(): Promise<void> {
    if (!this.options.ownsClient) return;
    try {
      await this.options.client.quit();
    } catch {
      this.options.client.disconnect();
    }
  }
}
