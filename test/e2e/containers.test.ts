/**
 * The container files, kept correct without a Docker engine: after `npm run build` every file the
 * Dockerfile copies and runs exists; compose's environments are settings our code reads; and compose's
 * topology (Redis, the local AWS services, the gateway) runs as plain processes with the same
 * commands, environments and health checks, answering a real analysis and caching it in Redis.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.load.js';
import { readyUrl, stdoutMatch } from '../support/ready-url.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const run = promisify(execFile);

interface ComposeService {
  build?: unknown;
  image?: string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}
const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService> };
const dockerfile = read('Dockerfile');

/** Instruction lines of the final Dockerfile text (continuations joined). */
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const jsonArgs = (instruction: string): string[] => {
  const line = instructions.find((candidate) => candidate.startsWith(`${instruction} `));
  return JSON.parse(line!.slice(line!.indexOf('['))) as string[];
};

/** Every environment variable name our code reads: the config schemas and names, and the local services' entry. */
function namesOurCodeReads(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(`${root}src/config`).filter((name) => name.endsWith('.ts'))) {
    const text = read(`src/config/${file}`);
    for (const match of text.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):/gm)) names.add(match[1]!);
    for (const match of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) names.add(match[1]!);
  }
  for (const match of read('src/local/main.ts').matchAll(/process\.env\.([A-Z_]+)/g)) names.add(match[1]!);
  // Read by the AWS SDK's credential chain, not by us.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) names.add(name);
  return names;
}

async function stop(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

beforeAll(async () => {
  // At the lowest CPU priority: tsc takes a core for seconds while timing-sensitive test files run beside this one.
  if (process.platform === 'win32') await run('npm', ['run', 'build'], { cwd: root, shell: true });
  else await run('nice', ['-n', '19', 'npm', 'run', 'build'], { cwd: root });
}, 180_000);

describe('Dockerfile', () => {
  it('copies only files that exist and that .dockerignore lets into the context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) =>
        line
          .split(/\s+/)
          .slice(1, -1)
          .filter((part) => !part.startsWith('--')),
      );

    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'scripts/copy-assets.mjs']));
    for (const source of sources) {
      expect(existsSync(`${root}${source}`), source).toBe(true);
      expect(
        ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`)),
        `${source} is in .dockerignore`,
      ).toBe(false);
    }
  });

  it('runs what `npm run build` produces: dist/main.js, the local services entry and the analysers model', () => {
    expect(jsonArgs('ENTRYPOINT')).toEqual(['node', 'dist/main.js']);
    for (const file of [
      'dist/main.js',
      'dist/local/main.js',
      'dist/server/lambda.js',
      'dist/detection/model/doc-type-model.json',
      'dist/local/analysers/model/financial-sentiment-model.json',
    ]) {
      expect(existsSync(`${root}${file}`), file).toBe(true);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // Multi-stage and small: the final stage holds no sources, compiler or devDependencies, only the
    // build stage's dist/ and the production node_modules, and runs as the unprivileged user.
    const lastFrom = instructions.findLastIndex((line) => line.startsWith('FROM '));
    const finalStage = instructions.slice(lastFrom + 1);
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
    expect(finalStage.filter((line) => line.startsWith('COPY --from='))).toHaveLength(2);
    expect(finalStage.some((line) => /^COPY --from=build .*\/app\/dist /.test(line))).toBe(true);
    expect(finalStage.some((line) => /^(COPY|ADD) .*\bsrc\b/.test(line) || line.startsWith('RUN npm'))).toBe(false);
    expect(finalStage).toContain('USER node');
    expect(finalStage.some((line) => line.startsWith('HEALTHCHECK '))).toBe(true);
  });
});

describe('compose.yaml', () => {
  it('sets only variables our code or the AWS SDK reads, and the gateway config loads from them', () => {
    const known = namesOurCodeReads();
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'redis' || name === 'jobs-redis') continue;
      for (const variable of Object.keys(service.environment ?? {})) expect(known, `${name}: ${variable}`).toContain(variable);
    }
    const config = loadConfig(compose.services.gateway!.environment!);

    expect(config.aws.local.enabled).toBe(false);
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 4000 });
    expect(config.mode).toBe('development');
    expect(config.cache.redisUrl).toBe('redis://redis:6379');
    expect(config.metrics.sinks).toEqual(['prometheus', 'cloudwatch']);
  });

  it('runs the services from the image the Dockerfile builds', () => {
    expect(compose.services.gateway!.build).toBe('.');
    expect(compose.services.aws!.image).toBe(compose.services.gateway!.image);
    expect(compose.services.aws!.entrypoint).toEqual(['node', 'dist/local/main.js']);
  });
});

describe('compose topology without Docker', () => {
  let redis: TestRedis;
  let aws: ChildProcess | undefined;
  let gateway: ChildProcess | undefined;

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await stop(gateway);
    await stop(aws);
    await redis?.stop();
  });

  it('answers health checks and a real analysis, and caches it in the shared Redis', async () => {
    const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' };
    // Prepare: the aws service on a free port instead of 4566.
    aws = spawn(process.execPath, compose.services.aws!.entrypoint!.slice(1), {
      cwd: root,
      env: { ...baseEnv, ...compose.services.aws!.environment, HOST: '127.0.0.1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const awsUrl = await stdoutMatch(aws, /Local AWS services: (http:\S+)/);
    const awsPort = new URL(awsUrl).port;
    const [awsCheck, ...awsCheckArgs] = compose.services.aws!.healthcheck!.test.slice(1).map((arg) => arg.replace('4566', awsPort));
    await run(awsCheck === 'node' ? process.execPath : awsCheck!, awsCheckArgs);

    // The gateway with compose's environment; host names become this machine's addresses.
    const gatewayEnv = Object.fromEntries(
      Object.entries(compose.services.gateway!.environment!).map(([name, value]) => [
        name,
        value.replace('http://aws:4566', awsUrl).replace('redis://redis:6379', redis.url).replace('redis://jobs-redis:6379', redis.url),
      ]),
    );
    gateway = spawn(process.execPath, jsonArgs('ENTRYPOINT').slice(1), {
      cwd: root,
      env: { ...baseEnv, ...gatewayEnv, PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent', CACHE_NAMESPACE: redis.namespace() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await readyUrl(gateway);
    const port = new URL(url).port;

    // Act: the Dockerfile's HEALTHCHECK, then an analysis.
    const [check, ...checkArgs] = jsonArgs('HEALTHCHECK');
    await run(check === 'node' ? process.execPath : check!, checkArgs, { env: { ...baseEnv, PORT: port } });
    const response = await fetch(url.replace('0.0.0.0', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ analyzeDocument(input: {content: "The tenant shall pay rent monthly under this lease agreement (compose ${Date.now()}).", documentType: LEGAL, architecture: PARALLEL}) { method sagemaker { endpoint } bedrock { detectedType } } }`,
      }),
    });
    const body = (await response.json()) as {
      data?: { analyzeDocument: { method: string; sagemaker: { endpoint: string }; bedrock: { detectedType: string } } };
      errors?: unknown;
    };

    // Assess
    expect(body.errors).toBeUndefined();
    expect(body.data!.analyzeDocument).toMatchObject({
      method: 'HYBRID',
      sagemaker: { endpoint: 'legal-document-analyzer' },
      bedrock: { detectedType: 'LEGAL' },
    });
    expect(await redis.client.dbsize()).toBeGreaterThan(0);
    expect(await stop(gateway)).toBe(0);
    expect(await stop(aws)).toBe(0);
  });
});
