/**
 * What the public port no longer gives away: /metrics is served only by the metrics listener, and
 * operation names sent by anonymous callers cannot push known or authenticated operations into
 * `other`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { parsePrometheus } from '../metrics/support.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway(
    {
      METRICS_SINKS: 'prometheus',
      ALLOW_ANONYMOUS: 'on',
      API_KEYS: `acme:${sha256Hex('acme-key')}`,
      METRICS_KNOWN_OPERATIONS: 'OpsDashboard, NightlyExport',
    },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

const operation = (name: string) => `query ${name} { __typename }`;

describe('the public port', () => {
  it.each([
    ['GET', '/metrics'],
    ['GET', '/metrics?format=text'],
    ['HEAD', '/metrics'],
    ['POST', '/metrics'],
  ])('answers 404 to %s %s', async (method, path) => {
    const response = await fetch(`${gateway.base}${path}`, { method });
    const text = await response.text();

    expect(response.status).toBe(404);
    expect(text).not.toContain('gateway_requests_total');
  });
});

describe('the metrics listener', () => {
  it('listens on loopback and serves the exposition at /metrics only', async () => {
    const url = new URL(gateway.metricsUrl!);

    const scrape = await fetch(url);
    const elsewhere = await fetch(new URL('/graphql', url), { method: 'POST' });

    expect(url.hostname).toBe('127.0.0.1');
    expect(url.port).not.toBe(new URL(gateway.base).port);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scrape.text()).toContain('# TYPE gateway_requests_total counter');
    expect(elsewhere.status).toBe(404);
  });
});

describe('operation labels under a flood of invented names', () => {
  it('keeps known operations and an authenticated caller’s operations on their own labels after 300 junk names sent anonymously', async () => {
    // Prepare: 300 distinct invented names, sent anonymously, ten at a time.
    const junk = Array.from({ length: 300 }, (_, i) => `Junk${i}`);
    for (let i = 0; i < junk.length; i += 10) {
      const answers = await Promise.all(junk.slice(i, i + 10).map((name) => gateway.query(operation(name))));
      for (const answer of answers) expect(answer.status).toBe(200);
    }

    // Act: a shipped operation and a configured one sent anonymously, a new name sent with an API key,
    // and one more invented name sent anonymously.
    const shipped = await gateway.query(operation('EstimateCost'));
    const configured = await gateway.query(operation('OpsDashboard'));
    const acme = await gateway.query(operation('AcmeQuarterlyReview'), undefined, { 'x-api-key': 'acme-key' });
    const late = await gateway.query(operation('JunkLate'));
    const refused = await gateway.query(operation('WrongKeyOperation'), undefined, { 'x-api-key': 'not-a-key' });
    await gateway.gateway.metrics.flush();
    const scraped = parsePrometheus(await (await fetch(gateway.metricsUrl!)).text());

    // Assess
    for (const answer of [shipped, configured, acme, late]) expect(answer.status).toBe(200);
    expect(scraped.sum('gateway_requests_total', { operation: 'EstimateCost' })).toBe(1);
    expect(scraped.sum('gateway_requests_total', { operation: 'OpsDashboard' })).toBe(1);
    expect(scraped.sum('gateway_requests_total', { operation: 'AcmeQuarterlyReview' })).toBe(1);
    expect(scraped.sum('gateway_requests_total', { operation: 'JunkLate' })).toBe(0);
    // A caller whose credential is refused never reaches the operation's metrics at all.
    expect(refused.status).toBe(401);
    expect(scraped.samples.some((sample) => sample.labels.operation === 'WrongKeyOperation')).toBe(false);
    expect(scraped.sum('gateway_auth_failures_total', { reason: 'bad_key' })).toBe(1);
    const operations = new Set(scraped.samples.filter((sample) => sample.name === 'gateway_requests_total').map((s) => s.labels.operation));
    // 100 invented names admitted, the rest (201 requests) counted under `other`, plus the three kept.
    expect(operations.size).toBe(100 + 1 + 3);
    expect(scraped.sum('gateway_requests_total', { operation: 'other' })).toBe(201);
  });
});
