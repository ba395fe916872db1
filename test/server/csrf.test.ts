/**
 * CSRF prevention holds in front of the replay cache: a request Apollo would refuse as a possible
 * cross-site request forgery gets Apollo's 400, never a replayed 200, even when its body is exactly
 * that of a replayable JSON request. Also the rule itself, case by case.
 */
import { HeaderMap } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { csrfRefuses, mimeEssence } from '../../src/server/csrf.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

describe('csrfRefuses (Apollo`s rule)', () => {
  it.each([
    [{}, true],
    [{ 'content-type': 'text/plain' }, true],
    [{ 'content-type': 'text/plain; profile=json' }, true],
    [{ 'content-type': ' TEXT/Plain ;charset=utf-8' }, true],
    [{ 'content-type': 'application/x-www-form-urlencoded' }, true],
    [{ 'content-type': 'multipart/form-data; boundary=json' }, true],
    [{ 'content-type': 'application/json' }, false],
    [{ 'content-type': 'application/json; charset=utf-8' }, false],
    [{ 'content-type': 'not a mime type' }, false],
    [{ 'content-type': 'text/plain', 'apollo-require-preflight': 'true' }, false],
    [{ 'content-type': 'text/plain', 'x-apollo-operation-name': 'Q' }, false],
    [{ 'content-type': 'text/plain', 'x-apollo-operation-name': '' }, true],
    [{ 'apollo-require-preflight': '1' }, false],
  ] as const)('%j refused: %s', (headers, refused) => {
    expect(csrfRefuses(new HeaderMap(Object.entries(headers)))).toBe(refused);
  });

  it('reads the MIME essence as WHATWG does, or nothing for a value that is not one', () => {
    expect(mimeEssence('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mimeEssence('text/plain;json')).toBe('text/plain');
    expect(mimeEssence('json')).toBeUndefined();
    expect(mimeEssence('a b/c')).toBeUndefined();
  });
});

const API_KEY = 'csrf-key';
const QUERY = JSON.stringify({ query: '{ estimateCost(input: {content: "a replayable question"}) { inputTokens } }' });

let upstreams: LocalUpstreams;
const gateways: Partial<Record<'development' | 'production', TestGateway>> = {};

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  gateways.development = await startTestGateway({ METRICS_SINKS: 'prometheus', API_KEYS: `csrf:${sha256Hex(API_KEY)}` }, upstreams);
  gateways.production = await startTestGateway(
    { METRICS_SINKS: 'prometheus', GATEWAY_MODE: 'production', ALLOW_ANONYMOUS: 'off', API_KEYS: `csrf:${sha256Hex(API_KEY)}` },
    upstreams,
  );
}, 60_000);
afterAll(async () => {
  await gateways.development?.close();
  await gateways.production?.close();
  await upstreams?.close();
});

/** Replayed answers so far, read from the gateway's own registry (wherever /metrics is served). */
async function replays(gateway: TestGateway): Promise<number> {
  const text = await gateway.gateway.metrics.prometheus!.registry.metrics();
  return [...text.matchAll(/^gateway_replayed_responses_total\{[^}]*\} (\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function post(gateway: TestGateway, headers: Record<string, string>) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'x-api-key': API_KEY, ...headers }, body: QUERY });
  return { status: response.status, text: await response.text() };
}

describe.each(['development', 'production'] as const)('the replay cache and CSRF prevention in %s mode', (mode) => {
  it('answers Apollo`s CSRF 400, not the cached 200, to the replayable body sent as a simple request', async () => {
    // Prepare: the body answered twice as JSON, the second time from the replay cache.
    const gateway = gateways[mode]!;
    expect((await post(gateway, { 'content-type': 'application/json' })).status).toBe(200);
    const before = await replays(gateway);
    expect((await post(gateway, { 'content-type': 'application/json' })).status).toBe(200);
    expect(await replays(gateway)).toBe(before + 1);

    // Act: the same bytes as requests a browser sends cross-site without a preflight.
    const simple = [
      'text/plain',
      'text/plain; profile=json',
      'application/x-www-form-urlencoded; charset=json',
      'multipart/form-data; boundary=json',
    ];
    const answers = [];
    for (const contentType of simple) answers.push(await post(gateway, { 'content-type': contentType }));
    const get = await fetch(
      `${gateway.url}?query=${encodeURIComponent('{ estimateCost(input: {content: "a replayable question"}) { inputTokens } }')}`,
      {
        headers: { 'x-api-key': API_KEY },
      },
    );
    answers.push({ status: get.status, text: await get.text() });

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Cross-Site Request Forgery');
    }
    expect(await replays(gateway)).toBe(before + 1);
  });

  it('still answers such a request when it carries a preflight header (Apollo runs it)', async () => {
    const answer = await post(gateways[mode]!, { 'content-type': 'text/plain; profile=json', 'apollo-require-preflight': 'true' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.estimateCost.inputTokens).toBeGreaterThan(0);
  });
});
