/**
 * The HTTP front's replay cache against the real server: an exact repeat of a request that was
 * answered wholly from the result cache is answered again before GraphQL runs, per tenant, still
 * authenticated, measured and given its own request id; nothing else is replayed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT, ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const QUERY = `query Analyze($input: AnalyzeDocumentInput!) {
  analyzeDocument(input: $input) { id method bedrock { topic cached } sagemaker { label cached } cost { actualUsd } latencyMs }
}`;

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateway = await startTestGateway(
    { METRICS_SINKS: 'prometheus', ALLOW_ANONYMOUS: 'off', API_KEYS: `acme:${sha256Hex('acme-key')},globex:${sha256Hex('globex-key')}` },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, requestId: response.headers.get('x-request-id'), text: await response.text() };
}

async function replays(): Promise<number> {
  const text = await (await fetch(gateway.metricsUrl!)).text();
  return [...text.matchAll(/^gateway_replayed_responses_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function cacheHits(): Promise<number> {
  const text = await (await fetch(gateway.metricsUrl!)).text();
  return [...text.matchAll(/^gateway_cache_hits_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

const body = (content: string) =>
  JSON.stringify({ query: QUERY, variables: { input: { content, documentType: 'LEGAL', architecture: 'PARALLEL' } } });

describe('replay cache', () => {
  it('replays the third identical request (the second was all cache hits), with a fresh request id and its metrics', async () => {
    const request = body(`${CONTRACT}\n(replay)`);
    const acme = { 'x-api-key': 'acme-key' };
    const first = await post(request, acme);
    const second = await post(request, acme);
    const [replaysBefore, hitsBefore] = [await replays(), await cacheHits()];
    upstreams.resetCalls();

    const third = await post(request, { ...acme, 'x-request-id': 'client-chosen-id' });

    expect(JSON.parse(first.text).data.analyzeDocument.bedrock.cached).toBe(false);
    expect(JSON.parse(second.text).data.analyzeDocument).toMatchObject({ bedrock: { cached: true }, sagemaker: { cached: true } });
    expect(third.status).toBe(200);
    expect(third.text).toBe(second.text);
    expect(third.requestId).toBe('client-chosen-id');
    expect(upstreams.calls).toHaveLength(0);
    expect(await replays()).toBe(replaysBefore + 1);
    // Counted like the answer it repeats: two cache hits.
    expect(await cacheHits()).toBe(hitsBefore + 2);
  });

  it('never replays one tenant`s answer to another, nor to a caller without credentials', async () => {
    const request = body(`${CONTRACT}\n(tenants)`);
    for (let i = 0; i < 3; i++) await post(request, { 'x-api-key': 'acme-key' });
    const before = await replays();
    upstreams.resetCalls();

    const globex = await post(request, { 'x-api-key': 'globex-key' });
    const anonymous = await post(request, {});
    const wrongKey = await post(request, { 'x-api-key': 'nope' });

    expect(JSON.parse(globex.text).data.analyzeDocument.bedrock.cached).toBe(false);
    expect(upstreams.calls.filter((call) => call.service === 'bedrock')).toHaveLength(1);
    expect(anonymous.status).toBe(401);
    expect(wrongKey.status).toBe(401);
    expect(JSON.parse(wrongKey.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await replays()).toBe(before);
  });

  it('does not replay for a caller that asks for its usage, nor an answer with an error', async () => {
    const acme = { 'x-api-key': 'acme-key' };
    const request = body(`${ENCYCLOPEDIA}\n(usage)`);
    for (let i = 0; i < 3; i++) await post(request, acme);
    const before = await replays();
    const withUsage = await post(request, { ...acme, 'x-gateway-usage': '1' });
    expect(JSON.parse(withUsage.text).extensions.usage).toBeDefined();

    upstreams.setFaults([{ service: 'bedrock', errorType: 'AccessDeniedException' }]);
    try {
      const failing = body(`${ENCYCLOPEDIA}\n(failing)`);
      for (let i = 0; i < 3; i++) {
        const answer = JSON.parse((await post(failing, acme)).text);
        expect(answer.errors[0].extensions.code).toBe('UPSTREAM_ACCESS_DENIED');
      }
    } finally {
      upstreams.setFaults([]);
    }
    expect(await replays()).toBe(before);
  });

  it('is off with REPLAY_CACHE=off', async () => {
    const plain = await startTestGateway({ METRICS_SINKS: 'prometheus', REPLAY_CACHE: 'off' }, upstreams);
    try {
      const request = body(`${CONTRACT}\n(off)`);
      for (let i = 0; i < 4; i++)
        await fetch(plain.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request });
      const text = await (await fetch(plain.metricsUrl!)).text();
      expect(text).not.toMatch(/^gateway_replayed_responses_total\{/m);
      expect(plain.gateway.replay).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
