/**
 * Credentials are taken exactly as sent. Node's HTTP parser already drops the whitespace HTTP allows
 * around a header value, but Lambda events and other entry points hand headers in as they are: the
 * Authenticator itself must refuse padding, look-alike characters, joined duplicates and two
 * credentials at once, and say why (the failure reason is what gets counted).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AuthFailures } from '../../src/auth/auth-failures.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { loadConfig } from '../../src/config/config.load.js';
import { sha256Hex } from '../../src/digest.js';

const KEY = 'acme-secret-key';

function authenticator(allowAnonymous: 'on' | 'off') {
  const config = loadConfig({ ALLOW_ANONYMOUS: allowAnonymous, API_KEYS: `acme:${sha256Hex(KEY)}`, LOG_LEVEL: 'silent' });
  const failures = new AuthFailures({ log: pino({ level: 'silent' }), lines: 0, intervalMs: 60_000 });
  return { auth: new Authenticator(config.auth, failures), failures };
}

async function refusal(auth: Authenticator, headers: Record<string, string>): Promise<string | undefined> {
  try {
    await auth.authenticate(new Map(Object.entries(headers)));
    return undefined;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
}

describe('credential exactness', () => {
  it.each([
    [{ 'x-api-key': KEY }],
    [{ authorization: `Bearer ${KEY}` }],
    [{ authorization: `bearer ${KEY}` }],
    [{ authorization: `BEARER  ${KEY}` }],
    [{ 'x-api-key': KEY, authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request' }],
  ])('accepts the exact key in %j', async (headers) => {
    const { auth } = authenticator('off');
    expect(await auth.authenticate(new Map(Object.entries(headers)))).toBe('acme');
  });

  it.each([
    ['a leading space', { 'x-api-key': ` ${KEY}` }, 'malformed'],
    ['a trailing space', { 'x-api-key': `${KEY} ` }, 'malformed'],
    ['a trailing tab', { 'x-api-key': `${KEY}\t` }, 'malformed'],
    ['a trailing newline', { 'x-api-key': `${KEY}\n` }, 'malformed'],
    ['a trailing no-break space', { 'x-api-key': `${KEY}\u00a0` }, 'malformed'],
    ['a byte-order mark', { 'x-api-key': `\ufeff${KEY}` }, 'malformed'],
    ['a duplicated x-api-key header joined by the parser', { 'x-api-key': `${KEY}, ${KEY}` }, 'malformed'],
    ['an empty x-api-key header', { 'x-api-key': '' }, 'malformed'],
    ['a bearer key with a trailing space', { authorization: `Bearer ${KEY} ` }, 'malformed'],
    ['a bearer key with a trailing tab', { authorization: `Bearer ${KEY}\t` }, 'malformed'],
    ['a tab after the scheme', { authorization: `Bearer\t${KEY}` }, 'malformed'],
    ['a leading space before the scheme', { authorization: ` Bearer ${KEY}` }, 'malformed'],
    ['duplicated Authorization headers joined', { authorization: `Bearer ${KEY}, Bearer ${KEY}` }, 'malformed'],
    ['a scheme without a token', { authorization: 'Bearer' }, 'malformed'],
    ['another scheme', { authorization: `Basic ${Buffer.from(`acme:${KEY}`).toString('base64')}` }, 'malformed'],
    ['two credentials', { 'x-api-key': KEY, authorization: `Bearer ${KEY}` }, 'malformed'],
    ['a key in another case', { 'x-api-key': KEY.toUpperCase() }, 'bad_key'],
    ['a key one character short', { 'x-api-key': KEY.slice(0, -1) }, 'bad_key'],
  ])('refuses %s even with anonymous access on, as %s', async (_what, headers, reason) => {
    // Prepare
    const { auth, failures } = authenticator('on');

    // Act
    const code = await refusal(auth, headers);

    // Assess
    expect(code).toBe('UNAUTHENTICATED');
    expect(failures.snapshot()[reason as 'malformed' | 'bad_key']).toBe(1);
  });

  it('refuses a request without credentials as missing only when anonymous access is off', async () => {
    const closed = authenticator('off');
    const open = authenticator('on');

    expect(await refusal(closed.auth, {})).toBe('UNAUTHENTICATED');
    expect(await open.auth.authenticate(new Map())).toBe('anonymous');
    expect(closed.failures.snapshot().missing).toBe(1);
    expect(Object.values(open.failures.snapshot()).every((count) => count === 0)).toBe(true);
  });

  it('does not count a refusal when asked not to (the HTTP front probes before the context factory)', async () => {
    const { auth, failures } = authenticator('off');
    await expect(auth.authenticate(new Map([['x-api-key', 'wrong']]), { recordFailure: false })).rejects.toThrow();
    expect(failures.snapshot().bad_key).toBe(0);
  });
});

describe('AuthFailures', () => {
  it('logs at most the configured lines per reason and interval, then reports how many it left out', async () => {
    // Prepare: a clock the test steps, and pino writing to memory.
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    let clock = 0;
    const failures = new AuthFailures({ log: pino({ level: 'info' }, destination), lines: 2, intervalMs: 1000, now: () => clock });
    const auth = new Authenticator(loadConfig({ ALLOW_ANONYMOUS: 'off', API_KEYS: `acme:${sha256Hex(KEY)}` }).auth, failures);
    const attempt = (headers: Map<string, string>, requestId: string, remoteAddress?: string) =>
      auth.authenticate(headers, { requestId, ...(remoteAddress ? { remoteAddress } : {}) }).then(
        () => 'accepted',
        () => 'refused',
      );

    // Act: five wrong keys and one missing credential in the first window, one wrong key in the next.
    for (let i = 0; i < 5; i++) expect(await attempt(new Map([['x-api-key', `guess-${i}`]]), `r${i}`)).toBe('refused');
    expect(await attempt(new Map(), 'r-missing', '203.0.113.7')).toBe('refused');
    clock = 1000;
    expect(await attempt(new Map([['x-api-key', 'guess-late']]), 'r-late')).toBe('refused');

    // Assess
    expect(failures.snapshot()).toMatchObject({ bad_key: 6, missing: 1 });
    expect(lines.map((line) => [line.reason, line.requestId])).toEqual([
      ['bad_key', 'r0'],
      ['bad_key', 'r1'],
      ['missing', 'r-missing'],
      ['bad_key', 'r-late'],
    ]);
    expect(lines[2]).toMatchObject({ remoteAddress: '203.0.113.7', msg: 'authentication failed', level: 40 });
    expect(lines[3]).toMatchObject({ notLoggedInLastWindow: 3, credentialSha256: sha256Hex('guess-late').slice(0, 8) });
    const text = JSON.stringify(lines);
    for (const guess of ['guess-0', 'guess-1', 'guess-4', 'guess-late']) expect(text).not.toContain(guess);
  });
});
