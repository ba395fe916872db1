import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import { type SageMakerContainer, startSageMakerContainer } from '../../../src/local/container.js';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS } from '../../fixtures/documents.js';
import { stdoutMatch } from '../../support/ready-url.js';

interface Prediction {
  label: string;
  score: number;
  confidence: string;
  details: { analyser?: string };
}

async function invoke(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; predictions: Prediction[] }> {
  const response = await fetch(`${url}/invocations`, { method: 'POST', headers, body });
  const parsed = (await response.json()) as { predictions: Prediction[] };
  return { status: response.status, headers: response.headers, predictions: parsed.predictions };
}

describe('SageMaker inference container entry point', () => {
  let container: SageMakerContainer;

  beforeAll(async () => {
    container = await startSageMakerContainer({ port: 0, host: '127.0.0.1', analysers: createAnalysers(), defaultAnalyser: 'general' });
  });

  afterAll(async () => container.close());

  it('answers GET /ping with 200 and an empty body', async () => {
    const response = await fetch(`${container.url}/ping`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('uses the analyser named in X-Amzn-SageMaker-Custom-Attributes and echoes the attributes', async () => {
    const body = JSON.stringify({ instances: [{ text: CONTRACT }, { text: EARNINGS }] });

    const result = await invoke(container.url, body, {
      'content-type': 'application/json',
      'x-amzn-sagemaker-custom-attributes': 'trace=1; analyser=legal',
    });

    expect(result.status).toBe(200);
    expect(result.predictions.map((prediction) => prediction.details.analyser)).toEqual([
      'legal-document-analyzer',
      'legal-document-analyzer',
    ]);
    expect(result.headers.get('x-amzn-sagemaker-custom-attributes')).toBe('trace=1; analyser=legal');
  });

  it("falls back to each instance's analysis_type, then to the default analyser", async () => {
    const body = JSON.stringify({
      instances: [{ text: CLINICAL_NOTE, analysis_type: 'medical' }, { text: EARNINGS, analysis_type: 'financial' }, EARNINGS],
    });

    const result = await invoke(container.url, body, { 'content-type': 'application/json' });

    expect(result.predictions.map((prediction) => prediction.details.analyser)).toEqual([
      'medical-text-classifier',
      'financial-sentiment-analyzer',
      'general-text-analyzer',
    ]);
  });

  it('accepts text/csv bodies as one document per line', async () => {
    const result = await invoke(container.url, 'The river flows east.\nShares fell 10% after the loss.\n', {
      'content-type': 'text/csv',
      'x-amzn-sagemaker-custom-attributes': 'analyser=financial',
    });

    expect(result.predictions).toHaveLength(2);
  });

  it('answers 400 with a JSON error for an instance without text', async () => {
    const response = await fetch(`${container.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"instances":[{}]}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'instances[0] is missing the required string field "text"' });
  });

  it('serves the same container routes on the local services port, without SigV4', async () => {
    const upstreams = await startLocalUpstreams();
    try {
      const ping = await fetch(`${upstreams.url}/ping`);
      const result = await invoke(upstreams.url, JSON.stringify({ instances: [{ text: CONTRACT }] }), {
        'content-type': 'application/json',
        'x-amzn-sagemaker-custom-attributes': 'analyser=legal',
      });

      expect(ping.status).toBe(200);
      expect(result.predictions[0]?.details.analyser).toBe('legal-document-analyzer');
      expect(upstreams.calls.map((call) => [call.operation, call.target])).toEqual([
        ['ping', ''],
        ['invocations', ''],
      ]);
    } finally {
      await upstreams.close();
    }
  });
});

// What the Dockerfile's ENTRYPOINT runs (`node dist/local/container.js serve`), from the sources.
function startEntryPoint(env: Record<string, string>): ChildProcess {
  const root = new URL('../../../', import.meta.url).pathname;
  return spawn(process.execPath, ['--import', 'tsx', 'src/local/container.ts', 'serve'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('SageMaker inference container entry point as a process', () => {
  it('serves on SAGEMAKER_BIND_TO_PORT with ANALYSER as the default analyser, and exits 0 on SIGTERM', async () => {
    // Prepare
    const child = startEntryPoint({ SAGEMAKER_BIND_TO_PORT: '0', ANALYSER: 'legal' });
    const url = (await stdoutMatch(child, /"url":"(http:[^"]+)"/)).replace('0.0.0.0', '127.0.0.1');

    try {
      // Act
      const ping = await fetch(`${url}/ping`);
      const result = await invoke(url, JSON.stringify({ instances: [{ text: CONTRACT }] }), { 'content-type': 'application/json' });

      // Assess
      expect(ping.status).toBe(200);
      expect(result.status).toBe(200);
      expect(result.predictions).toHaveLength(1);
      expect(result.predictions[0]).toMatchObject({ label: 'termination', details: { analyser: 'legal-document-analyzer' } });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits 2 at start with a message naming an unknown ANALYSER', async () => {
    // Prepare
    const child = startEntryPoint({ SAGEMAKER_BIND_TO_PORT: '0', ANALYSER: 'poetry' });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    // Act
    const [code] = await once(child, 'exit');

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid configuration: ANALYSER');
  });
});
