/** Who may ask: hashed API keys, JWTs verified against a JWKS, anonymous only when allowed; the tenant reaches the context. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'hybrid-ai-gateway';
const QUERY = '{ estimateCost(input: {content: "hello world"}) { inputTokens } }';

let upstreams: LocalUpstreams;
let gateway: TestGateway;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
let jwks: { keys: unknown[] };

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = { keys: [jwk] };
  const dir = mkdtempSync(join(tmpdir(), 'gateway-auth-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify([{ tenant: 'globex', sha256: sha256Hex('globex-key') }]));
  gateway = await startTestGateway(
    {
      ALLOW_ANONYMOUS: 'off',
      API_KEYS: `acme:${sha256Hex('acme-secret-key')}`,
      API_KEYS_FILE: keysFile,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_FILE: jwksFile,
    },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});

function jwt(claims: Record<string, unknown>, key: CryptoKey = privateKey, expiresIn = '5m') {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

async function tenantOf(headers: Record<string, string>): Promise<string> {
  return (await gateway.gateway.createContext({ headers: new Headers(headers) })).tenant;
}

describe('authentication', () => {
  it('refuses a request without credentials with HTTP 401 UNAUTHENTICATED and WWW-Authenticate', async () => {
    const { status, headers, errors, data } = await gateway.query(QUERY);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(data).toBeUndefined();
    expect(upstreams.calls).toHaveLength(0);
  });

  it('accepts an API key in x-api-key or as a bearer token and maps it to its tenant', async () => {
    expect((await gateway.query(QUERY, undefined, { 'x-api-key': 'acme-secret-key' })).status).toBe(200);
    expect(await tenantOf({ 'x-api-key': 'acme-secret-key' })).toBe('acme');
    expect(await tenantOf({ authorization: 'Bearer globex-key' })).toBe('globex');
  });

  it('refuses a wrong key, even though it is close', async () => {
    const { status, errors } = await gateway.query(QUERY, undefined, { 'x-api-key': 'acme-secret-kez' });
    expect(status).toBe(401);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a JWT signed by the JWKS key and reads the tenant claim', async () => {
    const token = await jwt({ tenant: 'initech' });
    expect(await tenantOf({ authorization: `Bearer ${token}` })).toBe('initech');
    expect((await gateway.query(QUERY, undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it.each([
    ['signed by another key', () => jwt({ tenant: 'initech' }, otherKey)],
    ['expired', () => jwt({ tenant: 'initech' }, privateKey, '-1m')],
    ['without a tenant claim', () => jwt({ sub: 'someone' })],
  ])('refuses a JWT %s', async (_what, token) => {
    const { status, errors } = await gateway.query(QUERY, undefined, { authorization: `Bearer ${await token()}` });
    expect(status).toBe(401);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('JWKS from a URL', () => {
  it('fetches the key set over HTTP (JWT_JWKS_URL), verifies against it, and refuses tokens it cannot verify', async () => {
    // Prepare: an identity provider's JWKS endpoint on loopback, counting its fetches.
    let fetches = 0;
    const provider = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`;
    const remote = await startTestGateway(
      { ALLOW_ANONYMOUS: 'off', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_JWKS_URL: jwksUrl, JWT_TENANT_CLAIM: 'org' },
      upstreams,
    );
    try {
      // Act
      const accepted = await remote.query(QUERY, undefined, { authorization: `Bearer ${await jwt({ org: 'umbrella' })}` });
      const tenant = (
        await remote.gateway.createContext({ headers: new Headers({ authorization: `Bearer ${await jwt({ org: 'umbrella' })}` }) })
      ).tenant;
      const forged = await remote.query(QUERY, undefined, { authorization: `Bearer ${await jwt({ org: 'umbrella' }, otherKey)}` });
      const wrongAudience = await remote.query(QUERY, undefined, {
        authorization: `Bearer ${await new SignJWT({ org: 'umbrella' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience('someone-else').setExpirationTime('5m').sign(privateKey)}`,
      });

      // Assess
      expect(accepted.status).toBe(200);
      expect(accepted.errors).toBeUndefined();
      expect(tenant).toBe('umbrella');
      expect(fetches).toBeGreaterThanOrEqual(1);
      for (const refused of [forged, wrongAudience]) {
        expect(refused.status).toBe(401);
        expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
    } finally {
      await remote.close();
      await new Promise((resolve) => provider.close(resolve));
    }
  });
});

describe('anonymous access', () => {
  it('is on by default only when the model services are local, and can be forced either way', () => {
    expect(loadConfig({}).auth.allowAnonymous).toBe(true);
    expect(loadConfig({ LOCAL_UPSTREAMS: 'off' }).auth.allowAnonymous).toBe(false);
    expect(loadConfig({ AWS_REGION: 'eu-west-1', AWS_PROFILE: 'prod' }).auth.allowAnonymous).toBe(false);
    expect(loadConfig({ ALLOW_ANONYMOUS: 'off' }).auth.allowAnonymous).toBe(false);
    expect(loadConfig({ LOCAL_UPSTREAMS: 'off', ALLOW_ANONYMOUS: 'on' }).auth.allowAnonymous).toBe(true);
  });

  it('rejects API_KEYS entries that are not tenant:sha256', () => {
    expect(() => loadConfig({ API_KEYS: 'acme:plaintext-key' })).toThrow(/API_KEYS/);
  });
});
