/** `npm start` as a user runs it: a real child process on a free port, and config errors at start. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readyUrl, stdoutMatch } from '../support/ready-url.js';
import { startTestUpstreams } from '../support/test-gateway.js';

const root = new URL('../../', import.meta.url).pathname;

function startMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('main', () => {
  it('starts with the embedded local services and a loopback metrics listener, answers an analysis, and stops on SIGTERM', async () => {
    const child = startMain({ PORT: '0' });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [url, metricsUrl] = await Promise.all([readyUrl(child), stdoutMatch(child, /Prometheus metrics at (http:\S+)/)]);
    try {
      expect(output).toContain('embedded local AWS services');
      // Prometheus on its own loopback listener; the public port does not serve it.
      expect(new URL(metricsUrl).hostname).toBe('127.0.0.1');
      expect((await fetch(metricsUrl)).status).toBe(200);
      expect((await fetch(new URL('/metrics', url))).status).toBe(404);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ analyzeDocument(input: {content: "The tenant shall pay rent monthly under this lease agreement.", documentType: LEGAL, architecture: PARALLEL}) { method bedrock { detectedType } sagemaker { endpoint } } }',
        }),
      });
      const body = (await response.json()) as { data: { analyzeDocument: { method: string; sagemaker: { endpoint: string } } } };
      expect(body.data.analyzeDocument).toMatchObject({ method: 'HYBRID', sagemaker: { endpoint: 'legal-document-analyzer' } });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('on SIGTERM finishes the request in flight, flushes buffered metrics, then exits 0', async () => {
    // Prepare: the gateway in its own process, against local AWS services in this one (slow Bedrock),
    // with CloudWatch metrics buffered for ten minutes.
    const upstreams = await startTestUpstreams();
    upstreams.setFaults([{ service: 'bedrock', latencyMs: 800 }]);
    const child = startMain({
      PORT: '0',
      LOCAL_UPSTREAMS: 'off',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDMAINTEST',
      AWS_SECRET_ACCESS_KEY: 'main-test-secret',
      AWS_ENDPOINT_URL: upstreams.url,
      CACHE_ENABLED: 'off',
      METRICS_SINKS: 'cloudwatch',
      METRICS_FLUSH_INTERVAL_MS: '600000',
    });
    try {
      const url = await readyUrl(child);
      const inFlight = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ analyzeDocument(input: {content: "An encyclopedia entry about rivers.", architecture: DECISION_TREE}) { method bedrock { error } } }',
        }),
      });
      while (!upstreams.calls.some((call) => call.service === 'bedrock')) await new Promise((resolve) => setTimeout(resolve, 10));

      // Act
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const response = await inFlight;
      const [code] = await exited;

      // Assess
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ data: { analyzeDocument: { method: 'BEDROCK_ONLY', bedrock: { error: null } } } });
      expect(code).toBe(0);
      expect(upstreams.calls.filter((call) => call.service === 'cloudwatch').length).toBeGreaterThan(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await upstreams.close();
    }
  });

  it('exits at start with a message naming an invalid setting', async () => {
    const child = startMain({ PORT: 'not-a-port' });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid configuration: PORT');
  });
});
