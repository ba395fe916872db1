/**
 * Jobs in Redis, so that any gateway can answer for a job and any worker can record its items. A job
 * is a hash (counts, status, times), its results a hash of index -> encoded result, the tenant's jobs a
 * sorted set by creation time. Recording is one Lua script: store once, count, finish; so a chunk
 * replayed after a killed worker never counts an item twice and counts never go backwards.
 */
import { Redis } from 'ioredis';
import { tlsFor } from '../cache/redis.store.js';
import { sha256Hex } from '../digest.js';
import type { JobStore } from './job.store.js';
import { type ItemResult, type JobSnapshot, JobStatus, type NewJob, type RecordOutcome } from './job.types.js';
import { decodeItemResult, encodeItemResult } from './job-result.codec.js';

// KEYS: job, results. ARGV: index, encoded result, ok (1/0), cost, now, ttl seconds.
const RECORD = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'gone' end
if status ~= 'QUEUED' and status ~= 'RUNNING' then return 'duplicate' end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 'duplicate' end
local field = 'failed'
if ARGV[3] == '1' then field = 'completed' end
redis.call('HINCRBY', KEYS[1], field, 1)
redis.call('HINCRBYFLOAT', KEYS[1], 'actualUsd', ARGV[4])
if status == 'QUEUED' then redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'startedAt', ARGV[5]) end
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
local completed = tonumber(redis.call('HGET', KEYS[1], 'completed') or '0')
local failed = tonumber(redis.call('HGET', KEYS[1], 'failed') or '0')
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
if completed + failed < total then return 'recorded' end
-- As finalStatus() in job.types.ts: a budget stop is PARTIAL whatever the counts.
local final = 'PARTIAL'
if redis.call('HGET', KEYS[1], 'budgetStopped') ~= '1' then
  if failed == 0 then final = 'SUCCEEDED' elseif completed == 0 then final = 'FAILED' end
end
redis.call('HSET', KEYS[1], 'status', final, 'finishedAt', ARGV[5])
return 'finished'
`;

// KEYS: job. ARGV: now.
const CANCEL = `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'QUEUED' and status ~= 'RUNNING' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'CANCELLED', 'finishedAt', ARGV[1])
return 1
`;

// KEYS: idempotency key, job, tenant's jobs. ARGV: id, ttl, createdAt, then field/value pairs.
const CREATE = `
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return existing end
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
-- Ids of jobs long expired leave the tenant's index (a job lives its TTL after its last change).
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[3]) - 2000 * tonumber(ARGV[2]))
redis.call('EXPIRE', KEYS[3], ARGV[2])
return ARGV[1]
`;

export interface RedisJobStoreOptions {
  url: string;
  tlsCa?: string;
  namespace: string;
  ttlSeconds: number;
}

function numberOr(value: string | undefined, fallback: number): number {
  return value === undefined || value === '' ? fallback : Number(value);
}

export class RedisJobStore implements JobStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(private readonly options: RedisJobStoreOptions) {
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 3, ...tlsFor(options.url, options.tlsCa) });
    this.redis.on('error', () => undefined);
    this.prefix = `${options.namespace}:jobs:`;
  }

  private jobKey(id: string): string {
    return `${this.prefix}job:${id}`;
  }

  private resultsKey(id: string): string {
    return `${this.prefix}job:${id}:results`;
  }

  private tenantKey(tenant: string): string {
    return `${this.prefix}tenant:${tenant}`;
  }

  async create(job: NewJob, idempotencyKey?: string): Promise<{ id: string; created: boolean }> {
    const idem = idempotencyKey ? `${this.prefix}idem:${sha256Hex(`${job.tenant}\n${idempotencyKey}`)}` : '';
    const fields: string[] = [
      'tenant',
      job.tenant,
      'status',
      JobStatus.QUEUED,
      'total',
      String(job.total),
      'completed',
      '0',
      'failed',
      '0',
      'createdAt',
      String(job.createdAt),
      'estimatedUsd',
      String(job.estimatedUsd),
      'actualUsd',
      '0',
    ];
    if (job.maxCostUsd !== undefined) fields.push('maxCostUsd', String(job.maxCostUsd));
    if (job.callbackUrl !== undefined) fields.push('callbackUrl', job.callbackUrl);
    const id = (await this.redis.eval(
      CREATE,
      3,
      idem,
      this.jobKey(job.id),
      this.tenantKey(job.tenant),
      job.id,
      String(this.options.ttlSeconds),
      String(job.createdAt),
      ...fields,
    )) as string;
    return { id, created: id === job.id };
  }

  async get(id: string): Promise<JobSnapshot | undefined> {
    const hash = await this.redis.hgetall(this.jobKey(id));
    if (!hash.tenant || !hash.status) return undefined;
    return {
      id,
      tenant: hash.tenant,
      status: hash.status as JobStatus,
      total: numberOr(hash.total, 0),
      completed: numberOr(hash.completed, 0),
      failed: numberOr(hash.failed, 0),
      createdAt: numberOr(hash.createdAt, 0),
      ...(hash.startedAt ? { startedAt: Number(hash.startedAt) } : {}),
      ...(hash.finishedAt ? { finishedAt: Number(hash.finishedAt) } : {}),
      estimatedUsd: numberOr(hash.estimatedUsd, 0),
      actualUsd: numberOr(hash.actualUsd, 0),
      ...(hash.maxCostUsd ? { maxCostUsd: Number(hash.maxCostUsd) } : {}),
      ...(hash.callbackUrl ? { callbackUrl: hash.callbackUrl } : {}),
      budgetStopped: hash.budgetStopped === '1',
    };
  }

  async list(tenant: string, after: string | undefined, limit: number): Promise<{ ids: string[]; more: boolean }> {
    const key = this.tenantKey(tenant);
    let start = 0;
    if (after) {
      const rank = await this.redis.zrevrank(key, after);
      if (rank === null) return { ids: [], more: false };
      start = rank + 1;
    }
    const ids = await this.redis.zrevrange(key, start, start + limit);
    return { ids: ids.slice(0, limit), more: ids.length > limit };
  }

  async record(result: ItemResult, jobId: string): Promise<RecordOutcome> {
    return (await this.redis.eval(
      RECORD,
      2,
      this.jobKey(jobId),
      this.resultsKey(jobId),
      String(result.index),
      encodeItemResult(result),
      result.error ? '0' : '1',
      String(result.costUsd),
      String(Date.now()),
      String(this.options.ttlSeconds),
    )) as RecordOutcome;
  }

  async recorded(jobId: string, indexes: number[]): Promise<boolean[]> {
    if (indexes.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const index of indexes) pipeline.hexists(this.resultsKey(jobId), String(index));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) => !error && value === 1);
  }

  async results(jobId: string, indexes: number[]): Promise<Array<ItemResult | undefined>> {
    if (indexes.length === 0) return [];
    const values = await this.redis.hmgetBuffer(this.resultsKey(jobId), ...indexes.map(String));
    return values.map((value) => (value ? decodeItemResult(value) : undefined));
  }

  async markBudgetStopped(jobId: string): Promise<void> {
    await this.redis.hset(this.jobKey(jobId), 'budgetStopped', '1');
  }

  async cancel(jobId: string, now: number): Promise<boolean> {
    return (await this.redis.eval(CANCEL, 1, this.jobKey(jobId), String(now))) === 1;
  }

  async addBacklog(tenant: string, delta: number): Promise<number> {
    const key = `${this.prefix}backlog:${tenant}`;
    const total = await this.redis.incrby(key, delta);
    // A chunk replayed after a killed worker is subtracted twice; the backlog is a priority hint, never below 0.
    if (total < 0) {
      await this.redis.set(key, '0');
      return 0;
    }
    return total;
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
