/**
 * analysisJobUpdated over graphql-ws on the gateway's own port: authenticated at connection_init,
 * counts that never run backwards, the final status last, a slow subscriber skipping to the latest
 * state instead of falling behind, and no way into another tenant's job.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ACME, ACME_KEY, GLOBEX_KEY, jobDocuments, submitJob, TWO_TENANTS } from '../support/jobs.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

interface Update {
  status: string;
  completed: number;
  failed: number;
  total: number;
}

const UPDATES = 'subscription Updates($id: ID!) { analysisJobUpdated(id: $id) { status completed failed total } }';

/** Every event of one subscription until it completes; `perEventMs` makes a slow consumer. */
async function follow(url: string, apiKey: string, id: string, perEventMs = 0): Promise<{ updates: Update[]; error?: unknown }> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { 'x-api-key': apiKey },
    retryAttempts: 0,
  });
  const updates: Update[] = [];
  try {
    for await (const event of client.iterate<{ analysisJobUpdated: Update }>({ query: UPDATES, variables: { id } })) {
      if (event.errors) return { updates, error: event.errors };
      if (event.data) updates.push(event.data.analysisJobUpdated);
      if (perEventMs > 0) await new Promise((resolve) => setTimeout(resolve, perEventMs));
    }
    return { updates };
  } catch (error) {
    return { updates, error };
  } finally {
    await client.dispose();
  }
}

function nonDecreasing(updates: Update[]): boolean {
  return updates.every((update, index) => {
    const before = updates[index - 1];
    return !before || (update.completed >= before.completed && update.failed >= before.failed);
  });
}

describe('analysisJobUpdated subscription', () => {
  let redis: TestRedis;
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;

  beforeAll(async () => {
    redis = await startTestRedis();
    upstreams = await startTestUpstreams();
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 40 }]);
    gateway = await startTestGateway(
      {
        ...TWO_TENANTS,
        REDIS_URL: redis.url,
        CACHE_NAMESPACE: redis.namespace(),
        JOB_WORKER_CONCURRENCY: '1',
        JOB_CHUNK_SIZE: '3',
        METRICS_SINKS: 'none',
      },
      upstreams,
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
    await redis?.stop();
  });

  it('sends each change in order, counts never backwards, and ends at the final status', { timeout: 60_000 }, async () => {
    // Prepare
    const job = await submitJob(gateway, { documents: jobDocuments('subscribed', 30) }, ACME);
    // Act: a fast and a slow subscriber on the same job
    const [fast, slow] = await Promise.all([follow(gateway.url, ACME_KEY, job.id), follow(gateway.url, ACME_KEY, job.id, 500)]);
    // Assess
    for (const { updates, error } of [fast, slow]) {
      expect(error).toBeUndefined();
      expect(nonDecreasing(updates)).toBe(true);
      expect(updates.at(-1)).toEqual({ status: 'SUCCEEDED', completed: 30, failed: 0, total: 30 });
      expect(updates.slice(0, -1).every((update) => update.status === 'QUEUED' || update.status === 'RUNNING')).toBe(true);
    }
    // One event per recorded item at most; the slow one skipped states instead of queueing them.
    expect(slow.updates.length).toBeLessThanOrEqual(fast.updates.length);
    expect(fast.updates.length).toBeLessThanOrEqual(31);
  });

  it("refuses another tenant's job and a connection without valid credentials", { timeout: 60_000 }, async () => {
    // Prepare
    const job = await submitJob(gateway, { documents: jobDocuments('not-yours', 3) }, ACME);
    // Act
    const otherTenant = await follow(gateway.url, GLOBEX_KEY, job.id);
    const badKey = await follow(gateway.url, 'not-a-key', job.id);
    // Assess
    expect(otherTenant.updates).toEqual([]);
    expect(JSON.stringify(otherTenant.error)).toContain(`no job ${job.id}`);
    expect(badKey.updates).toEqual([]);
    expect((badKey.error as { code?: number } | undefined)?.code).toBe(4403);
  });
});
