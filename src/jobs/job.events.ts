/**
 * "Job X changed": a bare signal, never the state itself. A listener re-reads the latest snapshot
 * when it is ready for it, so a slow subscriber skips intermediate states instead of queueing them,
 * and what it sees never runs backwards. Redis pub/sub across processes; an emitter within one.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { tlsFor } from '../cache/redis.store.js';

export interface JobEvents {
  publish(jobId: string): Promise<void>;
  /** Calls `listener` after each change of the job; returns the unsubscribe. */
  subscribe(jobId: string, listener: () => void): Promise<() => void>;
  close(): Promise<void>;
}

export class LocalJobEvents implements JobEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(jobId: string): Promise<void> {
    this.emitter.emit(jobId);
  }

  async subscribe(jobId: string, listener: () => void): Promise<() => void> {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisJobEvents implements JobEvents {
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly url: string,
    private readonly namespace: string,
    private readonly tlsCa?: string,
  ) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 1, ...tlsFor(url, tlsCa) });
    this.publisher.on('error', () => undefined);
  }

  private channel(jobId: string): string {
    return `${this.namespace}:jobs:changed:${jobId}`;
  }

  async publish(jobId: string): Promise<void> {
    await this.publisher.publish(this.channel(jobId), '1');
  }

  /** One subscriber connection per process (only gateways with subscriptions open it). */
  private connection(): Redis {
    if (!this.subscriber) {
      const subscriber = new Redis(this.url, tlsFor(this.url, this.tlsCa));
      subscriber.on('error', () => undefined);
      const prefix = `${this.namespace}:jobs:changed:`;
      subscriber.on('message', (channel: string) => {
        if (channel.startsWith(prefix)) this.emitter.emit(channel.slice(prefix.length));
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  async subscribe(jobId: string, listener: () => void): Promise<() => void> {
    const subscriber = this.connection();
    this.emitter.on(jobId, listener);
    await subscriber.subscribe(this.channel(jobId));
    return () => {
      this.emitter.off(jobId, listener);
      // Other listeners of the same job in this process keep the channel.
      if (this.emitter.listenerCount(jobId) === 0) subscriber.unsubscribe(this.channel(jobId)).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    this.subscriber?.disconnect();
    try {
      await this.publisher.quit();
    } catch {
      this.publisher.disconnect();
    }
  }
}
