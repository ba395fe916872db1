/**
 * The shared store: ioredis against one Redis (`redis://`, `rediss://` for TLS) or a Redis Cluster.
 * Commands fail fast while disconnected (no offline queue) and ioredis reconnects on its own, so an
 * outage costs requests nothing but the cache, and recovery needs no restart.
 */
import { Cluster, type ClusterNode, Redis, type RedisOptions } from 'ioredis';
import type { CacheHealth } from './cache-health.js';
import type { ResultCache } from './result-cache.js';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss://… (TLS). */
  url?: string;
  /** Cluster seed nodes as host:port, redis://host:port or rediss://host:port; wins over `url`. */
  clusterNodes?: readonly string[];
  connectTimeoutMs: number;
  /** CA certificates (PEM) to verify the servers with, instead of Node's public roots. */
  tlsCa?: string;
}

// Compare-and-delete / compare-and-extend, so a caller whose lease expired cannot touch the next holder's.
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000);

function clientOptions(connectTimeoutMs: number): RedisOptions {
  return {
    connectTimeout: connectTimeoutMs,
    // Fail fast while disconnected instead of queueing: the caller then serves uncached.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // RESP2 works everywhere (older ElastiCache, proxies); we use nothing RESP3 adds.
    protocol: 2,
    retryStrategy: reconnectDelay,
  };
}

function clusterNode(entry: string): { node: ClusterNode; tls: boolean; username?: string; password?: string } {
  const url = new URL(/^rediss?:\/\//i.test(entry) ? entry : `redis://${entry}`);
  return {
    node: { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) },
    tls: url.protocol === 'rediss:',
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** A client as the cache uses it (Cluster when seed nodes are given, TLS, no offline queue); budgets share it. */
export function connectRedis(options: RedisStoreOptions): Redis | Cluster {
  const base = clientOptions(options.connectTimeoutMs);
  if (options.clusterNodes && options.clusterNodes.length > 0) {
    const nodes = options.clusterNodes.map(clusterNode);
    const tls = nodes.some((node) => node.tls);
    const auth = nodes.find((node) => node.password !== undefined);
    const { enableOfflineQueue: _queue, retryStrategy: _retry, ...redisOptions } = base;
    return new Cluster(
      nodes.map((node) => node.node),
      {
        enableOfflineQueue: false,
        clusterRetryStrategy: reconnectDelay,
        // TLS certificates name the configuration endpoint, not the node IPs the cluster reports (ElastiCache).
        ...(tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
        redisOptions: {
          ...redisOptions,
          ...(tls ? { tls: options.tlsCa ? { ca: options.tlsCa } : {} } : {}),
          ...(auth?.username ? { username: auth.username } : {}),
          ...(auth?.password ? { password: auth.password } : {}),
        },
      },
    );
  }
  const url = options.url ?? 'redis://127.0.0.1:6379';
  return new Redis(url, { ...base, ...tlsFor(url, options.tlsCa) });
}

/** ioredis turns TLS on for rediss:// by itself; a private CA has to be handed to it. */
export function tlsFor(url: string, ca: string | undefined): Pick<RedisOptions, 'tls'> {
  return ca && /^rediss:\/\//i.test(url) ? { tls: { ca } } : {};
}

export class RedisResultCache implements ResultCache {
  readonly kind = 'redis';
  readonly client: Redis | Cluster;
  private closing = false;

  constructor(options: RedisStoreOptions, health: CacheHealth) {
    this.client = connectRedis(options);
    this.client.on('ready', () => health.recovered());
    // Without an 'error' listener ioredis prints every failed reconnect; CacheHealth logs transitions only.
    this.client.on('error', (error: Error) => {
      if (!this.closing) health.down(error);
    });
    this.client.on('close', () => {
      if (!this.closing) health.down(new Error('connection closed'));
    });
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  /** Waits for the first connection, up to `timeoutMs`; false (and still reconnecting) when it did not come. */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(value);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.client.getBuffer(key)) ?? undefined;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.client.del(key);
  }

  async acquireLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(key, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async renewLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return Number(await this.client.eval(RENEW_LOCK, 1, key, token, Math.max(1, Math.round(ttlMs)))) === 1;
  }

  async releaseLock(key: string, token: string): Promise<void> {
    await this.client.eval(RELEASE_LOCK, 1, key, token);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.client.disconnect();
  }
}
