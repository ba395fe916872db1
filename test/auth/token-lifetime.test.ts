/** Bearer JWTs must expire, and soon: no exp, a far-off exp, an old iat, a future nbf or iat are all refused. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { parsePrometheus } from '../metrics/support.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const ISSUER = 'https://issuer.example';
const QUERY = '{ estimateCost(input: {content: "hello world"}) { inputTokens } }';
const DAY = 86_400;

let upstreams: LocalUpstreams;
let gateway: TestGateway;
let privateKey: CryptoKey;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const dir = mkdtempSync(join(tmpdir(), 'gateway-token-lifetime-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
  gateway = await startTestGateway(
    // Anonymous access on: a refused token must not fall back to it.
    { ALLOW_ANONYMOUS: 'on', JWT_ISSUER: ISSUER, JWT_JWKS_FILE: jwksFile, METRICS_SINKS: 'prometheus' },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** A token with exactly these time claims (absent when undefined), signed by the JWKS key. */
function token(times: Pick<JWTPayload, 'iat' | 'exp' | 'nbf'>): Promise<string> {
  const claims: JWTPayload = { tenant: 'initech', iss: ISSUER };
  for (const [claim, value] of Object.entries(times)) if (value !== undefined) claims[claim] = value;
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
}

describe('bearer token lifetime', () => {
  it('accepts a token that expires within the day, with or without iat', async () => {
    for (const times of [
      { iat: now(), exp: now() + 300 },
      { exp: now() + 300 },
      { iat: now() - 60, nbf: now() - 60, exp: now() + DAY - 120 },
    ]) {
      const response = await gateway.query(QUERY, undefined, { authorization: `Bearer ${await token(times)}` });
      expect(response.status, JSON.stringify(times)).toBe(200);
    }
  });

  it.each([
    ['without exp', 'no_expiry', () => ({ iat: now() })],
    ['expiring in 10 years', 'too_long_lived', () => ({ iat: now(), exp: now() + 10 * 365 * DAY })],
    ['expiring in 10 years, without iat', 'too_long_lived', () => ({ exp: now() + 10 * 365 * DAY })],
    ['issued two days ago, expiring in five minutes', 'too_long_lived', () => ({ iat: now() - 2 * DAY, exp: now() + 300 })],
    ['not valid for another hour (nbf)', 'not_yet_valid', () => ({ iat: now(), nbf: now() + 3600, exp: now() + 7200 })],
    ['issued in an hour (iat)', 'not_yet_valid', () => ({ iat: now() + 3600, exp: now() + 7200 })],
    ['expired a minute ago', 'expired', () => ({ iat: now() - 600, exp: now() - 60 })],
  ])('refuses a token %s with 401 UNAUTHENTICATED, counted as %s', async (_what, reason, times) => {
    // Prepare
    const scrape = async () => parsePrometheus(await (await fetch(gateway.metricsUrl!)).text());
    const before = (await scrape()).sum('gateway_auth_failures_total', { reason });

    // Act
    const response = await gateway.query(QUERY, undefined, { authorization: `Bearer ${await token(times())}` });

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeUndefined();
    expect((await scrape()).sum('gateway_auth_failures_total', { reason })).toBe(before + 1);
  });
});

describe('an unreachable JWKS', () => {
  it('refuses the token with 401 and counts jwks_unavailable, not a bad token', async () => {
    // Prepare: a key set URL on a loopback port nothing listens on.
    const remote = await startTestGateway(
      { ALLOW_ANONYMOUS: 'off', JWT_ISSUER: ISSUER, JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json', METRICS_SINKS: 'prometheus' },
      upstreams,
    );
    try {
      // Act
      const response = await remote.query(QUERY, undefined, { authorization: `Bearer ${await token({ iat: now(), exp: now() + 300 })}` });
      const exposition = parsePrometheus(await (await fetch(remote.metricsUrl!)).text());

      // Assess
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(exposition.sum('gateway_auth_failures_total', { reason: 'jwks_unavailable' })).toBe(1);
      expect(exposition.sum('gateway_auth_failures_total', { reason: 'bad_token' })).toBe(0);
    } finally {
      await remote.close();
    }
  });
});
