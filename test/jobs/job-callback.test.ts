/**
 * The callback at a job's end: a real HTTP receiver on 127.0.0.1 that refuses the first attempt gets
 * a second, both signed (HMAC-SHA256 over "<t>.<body>"); a host not on the allow-list is refused at submit.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ACME, jobDocuments, SUBMIT, submitJob, TWO_TENANTS, waitForJob } from '../support/jobs.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const SECRET = 'callback-secret-for-tests-0001';

interface Delivery {
  signature: string;
  body: string;
}

function verified(delivery: Delivery): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature);
  if (!match) return false;
  const expected = createHmac('sha256', SECRET).update(`${match[1]}.${delivery.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}

describe('job callbacks', () => {
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;
  let receiver: Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];

  beforeAll(async () => {
    // Refuses the first delivery (500), accepts the rest.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliveries.push({ signature: String(req.headers['x-gateway-signature']), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(deliveries.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/jobs`;
    upstreams = await startTestUpstreams();
    gateway = await startTestGateway(
      {
        ...TWO_TENANTS,
        JOB_CALLBACK_HOSTS: '127.0.0.1',
        JOB_CALLBACK_SECRET: SECRET,
        JOB_CALLBACK_BASE_DELAY_MS: '50',
        METRICS_SINKS: 'none',
      },
      upstreams,
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  it('POSTs the final state, signed, and retries after a failed attempt', { timeout: 60_000 }, async () => {
    // Prepare
    const job = await submitJob(gateway, { documents: jobDocuments('callback', 4), callbackUrl: receiverUrl }, ACME);
    // Act
    await waitForJob(gateway, job.id, ACME);
    const deadline = Date.now() + 20_000;
    while (deliveries.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Assess
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every(verified)).toBe(true);
    const sent = JSON.parse(deliveries[1]?.body ?? '{}') as { type: string; job: { id: string; status: string; completed: number } };
    expect(sent).toMatchObject({ type: 'analysisJob.finished', job: { id: job.id, status: 'SUCCEEDED', completed: 4 } });
    expect(deliveries[0]?.body).toBe(deliveries[1]?.body);
  });

  it('refuses at submit a callback to a host not on the allow-list', async () => {
    // Act
    const responses = await Promise.all(
      ['http://169.254.169.254/latest/meta-data', 'http://localhost:9/x', 'https://127.0.0.1.example.com/x', 'file:///etc/passwd'].map(
        (callbackUrl) => gateway.query(SUBMIT, { input: { documents: jobDocuments('refused', 1), callbackUrl } }, ACME),
      ),
    );
    // Assess
    for (const response of responses) {
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.data).toBeNull();
    }
  });
});
