/**
 * The subgraph entry: subgraph.graphql is current, `_service { sdl }` serves exactly it, SUBGRAPH
 * picks the schema (also for `npm start`), and the plain gateway schema stays free of federation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSdl } from '../../src/server/subgraph.js';
import { readyUrl } from '../support/ready-url.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const root = new URL('../../', import.meta.url);
const committedSdl = () => readFileSync(new URL('subgraph.graphql', root), 'utf8');

let upstreams: LocalUpstreams;
let plain: TestGateway;
let subgraph: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  plain = await startTestGateway({}, upstreams);
  subgraph = await startTestGateway({ SUBGRAPH: 'true' }, upstreams);
});
afterAll(async () => {
  await plain?.close();
  await subgraph?.close();
  await upstreams?.close();
});

describe('subgraph schema', () => {
  it('subgraph.graphql matches the SDL built from the code (run `npm run codegen`)', async () => {
    expect(committedSdl()).toBe(printGatewaySubgraphSdl(await buildGatewaySubgraphSchema()));
  });

  it('serves exactly subgraph.graphql at _service { sdl } when SUBGRAPH is set', async () => {
    const { data, errors } = await subgraph.query<{ _service: { sdl: string } }, never>('{ _service { sdl } }');

    expect(errors).toBeUndefined();
    expect(`${data!._service.sdl}\n`).toBe(committedSdl());
  });

  it('keeps the root fields working in the subgraph', async () => {
    const { data, errors } = await subgraph.query<{ chooseMethod: { method: string } }, never>(
      '{ chooseMethod(input: {content: "The tenant shall pay rent.", documentType: LEGAL, accuracy: HIGH}) { method } }',
    );

    expect(errors).toBeUndefined();
    expect(data!.chooseMethod.method).toBe('HYBRID');
  });

  it('leaves the plain gateway schema without _service, _entities or Document', async () => {
    const { errors } = await plain.query('{ _service { sdl } }');
    const typeNames = Object.keys(plain.gateway.schema.getTypeMap());

    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(typeNames).not.toContain('Document');
    expect(typeNames).not.toContain('_Entity');
    expect(plain.config.server.schemaKind).toBe('gateway');
  });

  it('caps the documents one request may analyse through _entities, as MAX_ANALYSES_PER_OPERATION caps analyzeDocument fields', async () => {
    const capped = await startTestGateway({ SUBGRAPH: '1', MAX_ANALYSES_PER_OPERATION: '3' }, upstreams);
    try {
      upstreams.resetCalls();
      const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { analysis { id } } } }';
      const representations = (count: number) =>
        Array.from({ length: count }, (_, i) => ({
          __typename: 'Document',
          id: `d${i}`,
          content: `Document number ${i} about the weather in spring.`,
        }));

      const refused = await capped.query<{ _entities: unknown[] }, { r: unknown[] }>(query, { r: representations(4) });
      expect(refused.data!._entities).toEqual([null, null, null, null]);
      expect(refused.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', max: 3, found: 4 });
      expect(upstreams.calls).toHaveLength(0);

      const allowed = await capped.query<{ _entities: Array<{ analysis: { id: string } }> }, { r: unknown[] }>(query, {
        r: representations(3),
      });
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data!._entities.map((entity) => entity.analysis.id)).toEqual(['d0', 'd1', 'd2']);
    } finally {
      await capped.close();
    }
  });

  it.each([
    ['1', 'subgraph'],
    ['true', 'subgraph'],
    ['0', 'gateway'],
    ['false', 'gateway'],
    ['', 'gateway'],
  ])('reads SUBGRAPH=%j as the %s schema', (value, kind) => {
    expect(loadConfig({ SUBGRAPH: value }).server.schemaKind).toBe(kind);
  });

  it('refuses an unknown SUBGRAPH value, naming the setting', () => {
    expect(() => loadConfig({ SUBGRAPH: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ SUBGRAPH: 'yes' })).toThrow(/SUBGRAPH/);
  });

  it('ships only MIT @apollo/subgraph: the Elastic-2.0 @apollo/gateway and @apollo/composition stay test-only', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, Record<string, string>>;
    const elastic = ['@apollo/gateway', '@apollo/composition'];

    expect(Object.keys(manifest.dependencies!)).toContain('@apollo/subgraph');
    for (const name of elastic) {
      expect(Object.keys(manifest.dependencies!), name).not.toContain(name);
      expect(Object.keys(manifest.devDependencies!), name).toContain(name);
    }
    const sources = readdirSync(new URL('src/', root), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const importers = sources.filter((file) =>
      elastic.some((name) => readFileSync(new URL(`src/${file}`, root), 'utf8').includes(`'${name}`)),
    );
    expect(importers).toEqual([]);
  });
});

describe('npm start with SUBGRAPH=1', () => {
  function startMain(env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root.pathname,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('serves the subgraph SDL from the same HTTP front, for a router to point at', async () => {
    const child = startMain({ PORT: '0', SUBGRAPH: '1' });
    const url = await readyUrl(child);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const body = (await response.json()) as { data: { _service: { sdl: string } } };

      expect(`${body.data._service.sdl}\n`).toBe(committedSdl());
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
