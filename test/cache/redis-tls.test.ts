/**
 * Redis over TLS with a private CA, against a real redis-server started with TLS only (the shared
 * test Redis helper) and certificates made for this run by openssl: REDIS_TLS_CA_FILE lets the gateway verify the server;
 * without it the certificate is refused and the gateway fails open (uncached), never in error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { RedisResultCache } from '../../src/cache/redis.store.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ENCYCLOPEDIA } from '../fixtures/documents.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startTestGateway, startTestUpstreams } from '../support/test-gateway.js';

const run = promisify(execFile);
let dir: string;
let ca: string;
let redis: TestRedis;
let upstreams: LocalUpstreams;

/** A CA, and a server certificate it signs for 127.0.0.1. */
async function makeCertificates(): Promise<void> {
  const at = (name: string) => join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
  ]);
  writeFileSync(at('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    at('san.ext'),
    '-out',
    at('server.pem'),
  ]);
}

const silentHealth = () => new CacheHealth(pino({ level: 'silent' }), 'redis');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
  await makeCertificates();
  ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  redis = await startTestRedis({
    tls: { certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'), caFile: join(dir, 'ca.pem') },
  });
  upstreams = await startTestUpstreams();
}, 60_000);

afterAll(async () => {
  await redis?.stop();
  await upstreams?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Redis over TLS with a private CA', () => {
  it('stores and reads through rediss:// when the CA is given', async () => {
    const store = new RedisResultCache({ url: redis.url, connectTimeoutMs: 2_000, tlsCa: ca }, silentHealth());
    try {
      expect(await store.ready(2_000)).toBe(true);
      await store.set('tls:probe', Buffer.from('over tls'), 60_000);
      expect((await store.get('tls:probe'))?.toString()).toBe('over tls');
    } finally {
      await store.close();
    }
  });

  it('refuses a server whose certificate it cannot verify (no CA given)', async () => {
    const store = new RedisResultCache({ url: redis.url, connectTimeoutMs: 1_000 }, silentHealth());
    try {
      expect(await store.ready(1_500)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('caches both sides through the gateway with REDIS_URL=rediss://… and REDIS_TLS_CA_FILE', async () => {
    const gateway = await startTestGateway(
      {
        REDIS_URL: redis.url,
        REDIS_TLS_CA_FILE: join(dir, 'ca.pem'),
        CACHE_HOT_ENTRIES: '0',
        REPLAY_CACHE: 'off',
        // The default 50 ms bound on a cache call can pass on a busy machine, and a lookup that times
        // out is (rightly) a miss; this test is about TLS, so the cache gets room.
        CACHE_TIMEOUT_MS: '2000',
      },
      upstreams,
    );
    const query = 'query ($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { bedrock { cached } sagemaker { cached } } }';
    const input = { content: `${ENCYCLOPEDIA}\n(tls ${Date.now()})`, architecture: 'PARALLEL' };
    try {
      const first = await gateway.query<{ analyzeDocument: { bedrock: { cached: boolean }; sagemaker: { cached: boolean } } }, unknown>(
        query,
        { input },
      );
      upstreams.resetCalls();
      const second = await gateway.query<{ analyzeDocument: { bedrock: { cached: boolean }; sagemaker: { cached: boolean } } }, unknown>(
        query,
        { input },
      );

      expect(first.data?.analyzeDocument).toEqual({ bedrock: { cached: false }, sagemaker: { cached: false } });
      expect(second.data?.analyzeDocument).toEqual({ bedrock: { cached: true }, sagemaker: { cached: true } });
      expect(upstreams.calls).toHaveLength(0);
    } finally {
      await gateway.close();
    }
  });

  it('stops at start with a message naming REDIS_TLS_CA_FILE when the file is not a certificate', async () => {
    const notPem = join(dir, 'server.csr');
    await expect(startTestGateway({ REDIS_URL: redis.url, REDIS_TLS_CA_FILE: notPem }, upstreams)).rejects.toThrow(/REDIS_TLS_CA_FILE/);
  });
});
