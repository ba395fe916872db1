/**
 * Malformed and hostile HTTP/1.1 requests, generated from a seed (the same seed gives the same cases),
 * and a raw-socket client that sends one and reads whatever comes back.
 */
import { connect } from 'node:net';

/** mulberry32: small, fast and good enough to pick fuzz cases; reproducible from its 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  /** What the case attacks, for the failure message. */
  readonly kind: string;
  readonly bytes: Buffer;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;

const METHODS = ['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'CONNECT', 'get', 'G ET', 'PRI', ''];
const TARGETS = [
  '/graphql',
  '/graphql',
  '/health',
  '/',
  '/metrics',
  '//[',
  '//[::1',
  '/%',
  '/%zz',
  '/graphql?query=%',
  '/graphql?query=%7B__typename%7D',
  '/graphql?query={__typename}&variables=%7B',
  'http://example.com/graphql',
  'http://[::1/graphql',
  'https://user:pass@host:99999/graphql',
  '*',
  '//',
  '/../../etc/passwd',
  '/graphql#frag',
  '/gr\u00e4phql',
  '/graphql?\u00ff=\u00fe',
  '',
  ' ',
  '/graphql?a=1&a=2&a=3',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1x', 'http/1.1', 'HTTP/1', ''];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/plain; profile=json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/graphql-response+json',
  'json',
  ';;;',
  '',
];
const BAD_CONTENT_LENGTHS = ['-1', '+5', '0x10', '1e3', ' 5 ', '5, 6', '99999999999999999999', 'abc', '', '\u00b9'];
const TRANSFER_ENCODINGS = [
  'chunked',
  'chunked, chunked',
  'gzip, chunked',
  'chunked, gzip',
  'identity',
  'xchunked',
  'CHUNKED',
  ' chunked',
  'chunked\u0000',
];
const VALID_BODIES = [
  '{"query":"{ __typename }"}',
  '{"query":"{ estimateCost(input: {content: \\"hello\\"}) { inputTokens } }"}',
  '{"query":"query Q($x: String) { __typename }","variables":{"x":"y"},"operationName":"Q"}',
  '{"query":"{ __schema { types { name } } }"}',
];
const BAD_BODIES = [
  '{"query": ',
  '{"query":"{ __typename }"',
  '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
  '{"query":{"kind":"Document"}}',
  '{"query":"{ __typename }","variables":"{}"}',
  '{"query":"{ __typename }","extensions":[1]}',
  'null',
  '"query"',
  '12345',
  '{}',
  '{"__proto__":{"polluted":true},"query":"{ __typename }"}',
  '{"query":"{ a: __typename b: __typename }","variables":{"a":1e309}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"query":"${'{ a '.repeat(300)}"}`,
  '{"query":"\\ud800"}',
  'query=%7B__typename%7D',
];

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** Invalid UTF-8 inside an otherwise valid JSON string: lone continuation, overlong, surrogate, truncated. */
function invalidUtf8Body(random: Random): Buffer {
  const bad = pick(random, [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff], [0xfe, 0xff]]);
  return Buffer.concat([Buffer.from('{"query":"{ __typename }","variables":{"x":"'), Buffer.from(bad), Buffer.from('"}}')]);
}

function body(random: Random): Buffer {
  const roll = random();
  if (roll < 0.35) return Buffer.from(pick(random, VALID_BODIES));
  if (roll < 0.7) return Buffer.from(pick(random, BAD_BODIES));
  if (roll < 0.85) return invalidUtf8Body(random);
  return randomBytes(random, Math.floor(random() * 200));
}

function chunkSize(random: Random, size: number, hostile: boolean): string {
  const valid = size.toString(16);
  if (!hostile || chance(random, 0.7)) return pick(random, [valid, valid.toUpperCase(), `${valid};ext=1`, `${valid} ;ext="q"`]);
  return pick(random, ['zz', '-1', 'ffffffffffffffff', `0x${valid}`, ` ${valid}`, '', `${valid}\u0000`]);
}

function chunked(random: Random, payload: Buffer, hostile: boolean): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const size = Math.min(payload.length - offset, 1 + Math.floor(random() * 40));
    const crlf = hostile && chance(random, 0.2) ? pick(random, ['\n', '', '\r', '\r\r\n']) : '\r\n';
    parts.push(latin1(`${chunkSize(random, size, hostile)}\r\n`), payload.subarray(offset, offset + size), latin1(crlf));
    offset += size;
  }
  const trailers = chance(random, 0.3)
    ? pick(random, ['x-trailer: 1\r\n', 'content-length: 5\r\n', 'bad trailer\r\n', '\u00ff: \u00fe\r\n'])
    : '';
  if (!hostile || chance(random, 0.7)) parts.push(latin1(`0\r\n${trailers}\r\n`));
  return Buffer.concat(parts);
}

/** A header attack: duplicates, bad framing values, size, non-ASCII, obs-fold, broken syntax. */
function hostileHeader(random: Random, bodyLength: number): string {
  return pick(random, [
    `content-length: ${bodyLength}`,
    `content-length: ${bodyLength + 1}`,
    `content-length: ${pick(random, BAD_CONTENT_LENGTHS)}`,
    `transfer-encoding: ${pick(random, TRANSFER_ENCODINGS)}`,
    `x-long: ${'a'.repeat(1000 + Math.floor(random() * 30_000))}`,
    Array.from({ length: 50 + Math.floor(random() * 300) }, (_, i) => `x-h${i}: ${i}`).join('\r\n'),
    'x-utf8: h\u00e9llo \u2603',
    'x-n\u00e4me: value',
    'x-fold: first\r\n second line',
    '\r\n folded-first-line',
    'no colon here',
    ': empty name',
    'x-nul: a\u0000b',
    'x-cr: a\rb',
    'bad name: value',
    `content-type: ${pick(random, CONTENT_TYPES)}`,
    'x-api-key: \u00ff\u00fe',
    'authorization: Bearer ',
    'authorization: Basic Og==',
    `authorization: Bearer ${'a'.repeat(2000)}.b.c`,
    'expect: 100-continue',
    'expect: something-else',
    'connection: upgrade\r\nupgrade: h2c',
    'connection: keep-alive, close',
    'x-request-id: \u0001\u0002',
    'accept: multipart/mixed; deferSpec=20220824, application/json',
    'accept: text/html',
    'apollo-require-preflight: true',
    'x-apollo-operation-name: Q',
  ]);
}

function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

type Attack = 'request line' | 'headers' | 'framing' | 'body' | 'cut short';
const ATTACKS: readonly Attack[] = ['request line', 'headers', 'framing', 'body', 'body', 'cut short'];

/**
 * One request with one part chosen to be wrong (the request line, the headers, the framing, the body,
 * or its length) and the others well-formed, so that each attack gets past the parts before it.
 */
function structuredCase(random: Random): FuzzCase {
  const attack = pick(random, ATTACKS);
  const hostile = (part: Attack) => attack === part;
  const longTarget = () => `/graphql?q=${'x'.repeat(5000 + Math.floor(random() * 40_000))}`;
  const method = hostile('request line') ? pick(random, METHODS) : pick(random, ['POST', 'POST', 'GET']);
  const target = hostile('request line') ? (chance(random, 0.1) ? longTarget() : pick(random, TARGETS)) : '/graphql';
  const version = hostile('request line') ? pick(random, VERSIONS) : 'HTTP/1.1';
  const payload = hostile('body') ? body(random) : Buffer.from(pick(random, VALID_BODIES));
  const framing = chance(random, 0.3) ? 'chunked' : 'length';
  const contentType = hostile('headers') && chance(random, 0.3) ? pick(random, CONTENT_TYPES) : 'application/json';
  const lines = ['host: localhost', `content-type: ${contentType}`];
  if (framing === 'length') lines.push(`content-length: ${payload.length}`);
  else lines.push(`transfer-encoding: ${hostile('framing') && chance(random, 0.3) ? pick(random, TRANSFER_ENCODINGS) : 'chunked'}`);
  if (chance(random, 0.2)) lines.push(pick(random, ['x-apollo-operation-name: Q', 'accept: application/graphql-response+json']));
  if (hostile('headers')) for (let i = Math.floor(random() * 3); i >= 0; i--) lines.push(hostileHeader(random, payload.length));
  if (hostile('framing') && framing === 'length' && chance(random, 0.5)) lines.push(hostileHeader(random, payload.length));
  const head = `${method} ${target} ${version}\r\n${lines.join('\r\n')}\r\n\r\n`;
  let framed = framing === 'chunked' ? chunked(random, payload, hostile('framing')) : payload;
  // A body cut short: the client stops sending (and half-closes) before the declared end.
  if (hostile('cut short')) framed = framed.subarray(0, Math.floor(random() * framed.length));
  const kind = [
    attack,
    `${method || '(none)'} ${target.slice(0, 40)} ${version}`,
    framing,
    ...lines.slice(2).map((line) => line.slice(0, 30)),
  ];
  return { kind: kind.join(' | '), bytes: Buffer.concat([latin1(head), framed]) };
}

/** A well-formed request with a few random byte flips, insertions and deletions. */
function mutatedCase(random: Random): FuzzCase {
  const payload = Buffer.from(pick(random, VALID_BODIES));
  const request = Buffer.concat([
    Buffer.from(`POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`),
    payload,
  ]);
  const bytes = [...request];
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * bytes.length);
    const byte = pick(random, [0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x7f, 0x80, 0xff, Math.floor(random() * 256)]);
    const edit = random();
    if (edit < 0.4) bytes[at] = byte;
    else if (edit < 0.7) bytes.splice(at, 0, byte);
    else bytes.splice(at, 1);
  }
  return { kind: 'mutated POST /graphql', bytes: Buffer.from(bytes) };
}

/** Raw garbage, pipelined requests, an HTTP/2 preface, or a request line alone. */
function oddCase(random: Random): FuzzCase {
  const roll = random();
  if (roll < 0.3) return { kind: 'random bytes', bytes: randomBytes(random, 1 + Math.floor(random() * 300)) };
  if (roll < 0.5) {
    const one = 'GET /health HTTP/1.1\r\nhost: x\r\n\r\n';
    const two = `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 3\r\n\r\n{"q`;
    return { kind: 'pipelined', bytes: Buffer.from(one + pick(random, [one, two, 'GARBAGE\r\n\r\n', '\r\n\r\n'])) };
  }
  if (roll < 0.6)
    return {
      kind: 'h2 preface',
      bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000'),
    };
  if (roll < 0.8)
    return { kind: 'request line only', bytes: latin1(`${pick(random, METHODS)} ${pick(random, TARGETS)} ${pick(random, VERSIONS)}`) };
  return {
    kind: 'bare LF',
    bytes: Buffer.from('POST /graphql HTTP/1.1\nhost: x\ncontent-type: application/json\ncontent-length: 2\n\n{}'),
  };
}

export function fuzzCase(random: Random): FuzzCase {
  const roll = random();
  if (roll < 0.65) return structuredCase(random);
  if (roll < 0.9) return mutatedCase(random);
  return oddCase(random);
}

export interface RawExchange {
  /** Everything the server sent before closing (or before the case's time ran out). */
  received: Buffer;
  /** True when the server neither answered in full nor closed within the time given. */
  hung: boolean;
  error?: string;
}

/** Sends the bytes, half-closes, and reads until the server closes; `timeoutMs` bounds the whole exchange. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), hung: true });
    }, timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // ECONNRESET and EPIPE are fair answers to garbage; what matters is that the socket ends.
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error = cause.code ?? cause.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received: Buffer.concat(chunks), hung: false, ...(error ? { error } : {}) });
    });
  });
}

const STATUS_LINE = /^HTTP\/1\.[01] ([1-5]\d\d) [^\r\n]*\r\n/;

/** The status of the first response, or a reason it is not a well-formed HTTP response. */
export function firstStatus(received: Buffer): number | string {
  const text = received.toString('latin1');
  const match = STATUS_LINE.exec(text);
  if (!match?.[1]) return `no status line: ${JSON.stringify(text.slice(0, 80))}`;
  if (!text.includes('\r\n\r\n')) return `no end of headers: ${JSON.stringify(text.slice(0, 200))}`;
  return Number(match[1]);
}
