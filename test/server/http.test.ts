/** The HTTP front: health, GET queries, the landing page, body limits, CSRF, production masking. */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { startHttpServer } from '../../src/server/http.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

let upstreams: LocalUpstreams;
let dev: TestGateway;
let prod: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  dev = await startTestGateway({ MAX_BODY_BYTES: '65536' }, upstreams);
  prod = await startTestGateway({ GATEWAY_MODE: 'production', LOCAL_UPSTREAMS: 'on', ALLOW_ANONYMOUS: 'on' }, upstreams);
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await upstreams?.close();
});

describe('HTTP server', () => {
  it('answers liveness at /health', async () => {
    const response = await fetch(`${dev.base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves queries by GET and echoes a request id', async () => {
    const query = encodeURIComponent('{ estimateCost(input: {content: "hello world"}) { inputTokens } }');
    const response = await fetch(`${dev.url}?query=${query}`, {
      headers: { 'x-request-id': 'req-123', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-123');
    const body = (await response.json()) as { data: { estimateCost: { inputTokens: number } } };
    expect(body.data.estimateCost.inputTokens).toBeGreaterThan(0);
  });

  it('serves the Sandbox landing page to browsers in development only', async () => {
    const page = await fetch(dev.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/sandbox|apollo/i);
    const prodPage = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(await prodPage.text()).not.toMatch(/embeddable-sandbox/i);
  });

  it('refuses a body over the limit with 413 REQUEST_TOO_LARGE', async () => {
    const response = await fetch(dev.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(70_000) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_TOO_LARGE' } }] });
  });

  it('reads a body that arrives in several chunks', async () => {
    const body = JSON.stringify({ query: '{ estimateCost(input: {content: "hello in parts"}) { inputTokens } }' });
    const parts = [body.slice(0, 10), body.slice(10, 40), body.slice(40)];

    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(dev.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
      const next = (index: number): void => {
        if (index === parts.length) return void request.end();
        request.write(parts[index]);
        setTimeout(() => next(index + 1), 20);
      };
      next(0);
    });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.estimateCost.inputTokens).toBeGreaterThan(0);
  });

  it('lets go of a request whose client leaves halfway through its body', async () => {
    const http = await startHttpServer(dev.gateway, '127.0.0.1', 0);
    const { port } = new URL(http.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query": "{ __typ');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();

    // Nothing is left waiting for the rest of the body: close() does not sit out the shutdown grace.
    const closing = performance.now();
    await http.close();

    expect(performance.now() - closing).toBeLessThan(dev.config.server.shutdownGraceMs);
  });

  it('refuses invalid JSON with 400 BAD_REQUEST', async () => {
    const response = await fetch(dev.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const response = await fetch(`${dev.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(400);
  });

  it('turns introspection off in production', async () => {
    const { errors } = await prod.query('{ __schema { queryType { name } } }');
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const devResult = await dev.query<{ __schema: { queryType: { name: string } } }, never>('{ __schema { queryType { name } } }');
    expect(devResult.data?.__schema.queryType.name).toBe('Query');
  });

  it('sends no stack traces in production', async () => {
    const { errors } = await prod.query('{ analyzeDocument(input: {content: ""}) { id } }');
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'content' });
  });
});
