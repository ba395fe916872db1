/**
 * Automatic persisted queries over HTTP with two API-key tenants: a tenant runs only the queries it
 * registered, cannot tell another tenant's from an unknown hash, and the APQ errors Apollo's clients
 * expect arrive with their own codes and HTTP statuses, in both modes.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const KEY_A = 'acme-secret-key-0001';
const KEY_B = 'globex-secret-key-0002';
const TENANTS = {
  API_KEYS: `acme:${sha256Hex(KEY_A)},globex:${sha256Hex(KEY_B)}`,
  ALLOW_ANONYMOUS: 'off',
  LOCAL_UPSTREAMS: 'on',
  CACHE_ENABLED: 'off',
};

const apqHash = (query: string) => createHash('sha256').update(query).digest('hex');

async function send(gateway: TestGateway, key: string, body: Record<string, unknown>) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> },
  };
}

const persisted = (query: string | undefined, hash: string, version: unknown = 1) => ({
  ...(query === undefined ? {} : { query }),
  extensions: { persistedQuery: { version, sha256Hash: hash } },
});

let upstreams: LocalUpstreams;
beforeAll(async () => {
  upstreams = await startTestUpstreams();
});
afterAll(async () => {
  await upstreams?.close();
});

describe.each(['development', 'production'])('persisted queries in %s mode', (mode) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ ...TENANTS, GATEWAY_MODE: mode }, upstreams);
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it("runs a tenant's registered query by hash, and not another tenant's", async () => {
    // Prepare: a query text no other test uses, registered by tenant A.
    const query = `{ estimateCost(input: {content: "APQ isolation ${mode}"}) { inputTokens } }`;
    const hash = apqHash(query);
    const registered = await send(gateway, KEY_A, persisted(query, hash));
    expect(registered.body.errors).toBeUndefined();

    // Act
    const ownHit = await send(gateway, KEY_A, persisted(undefined, hash));
    const otherTenant = await send(gateway, KEY_B, persisted(undefined, hash));
    const neverRegistered = await send(gateway, KEY_B, persisted(undefined, apqHash(`${query} `)));

    // Assess: A runs it; B gets exactly what a never-registered hash gets, so cannot probe for it.
    expect(ownHit.status).toBe(200);
    expect(ownHit.body).toEqual(registered.body);
    expect(otherTenant.status).toBe(200);
    expect(otherTenant.cacheControl).toBe('private, no-cache, must-revalidate');
    expect(otherTenant.body).toMatchObject({
      errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    expect(otherTenant.body.data).toBeUndefined();
    expect(otherTenant).toEqual(neverRegistered);

    // B registers the same text for itself, after which both run it.
    expect((await send(gateway, KEY_B, persisted(query, hash))).body.errors).toBeUndefined();
    expect((await send(gateway, KEY_B, persisted(undefined, hash))).body).toEqual(registered.body);
    expect((await send(gateway, KEY_A, persisted(undefined, hash))).body).toEqual(registered.body);
  });

  it('answers a hash that does not match its query with 400 BAD_REQUEST and registers nothing', async () => {
    const query = `{ estimateCost(input: {content: "APQ mismatch ${mode}"}) { inputTokens } }`;
    const wrongHash = apqHash('something else');

    const refused = await send(gateway, KEY_A, persisted(query, wrongHash));

    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect((await send(gateway, KEY_A, persisted(undefined, wrongHash))).body.errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  it('answers an unsupported version with 400 BAD_REQUEST, counted as BAD_REQUEST in metrics', async () => {
    const query = '{ __typename }';

    const refused = await send(gateway, KEY_A, persisted(query, apqHash(query), 2));

    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    // Metrics are recorded after the response is written: wait for the count, not for a time.
    const exposition = async () => (await fetch(gateway.metricsUrl as string)).text();
    let text = await exposition();
    while (!/errors_total\{code="BAD_REQUEST"/.test(text)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      text = await exposition();
    }
    expect(text).not.toMatch(/errors_total\{code="INTERNAL_SERVER_ERROR"/);
  });
});

describe('persisted queries turned off (PERSISTED_QUERIES=false)', () => {
  it('answers PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const gateway = await startTestGateway({ ...TENANTS, GATEWAY_MODE: 'production', PERSISTED_QUERIES: 'false' }, upstreams);
    try {
      const query = '{ __typename }';
      const refused = await send(gateway, KEY_A, persisted(query, apqHash(query)));
      expect(refused.status).toBe(200);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      expect((await send(gateway, KEY_A, { query })).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await gateway.close();
    }
  });
});
