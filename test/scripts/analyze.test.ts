/** `npm run analyze` against a real gateway: a generated folder in, JSON Lines out; Ctrl-C leaves the job running. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../scripts/analyze/progress.js';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { ACME, ACME_KEY, jobDocuments, TWO_TENANTS, waitForJob } from '../support/jobs.js';
import { startTestGateway, startTestUpstreams, type TestGateway } from '../support/test-gateway.js';

const root = new URL('../../', import.meta.url).pathname;

function runCli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return { child, done };
}

describe('npm run analyze', () => {
  let upstreams: LocalUpstreams;
  let gateway: TestGateway;
  let folder: string;

  beforeAll(async () => {
    upstreams = await startTestUpstreams();
    gateway = await startTestGateway({ ...TWO_TENANTS, JOB_CHUNK_SIZE: '4', METRICS_SINKS: 'none' }, upstreams);
    folder = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  });

  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends a folder as one job and writes a JSON line per document, in order', { timeout: 120_000 }, async () => {
    // Prepare: twelve .txt, one .md, and a .pdf that waits for the file input
    const documents = jobDocuments('cli', 13);
    documents.forEach((document, index) => {
      writeFileSync(join(folder, `doc-${String(index).padStart(2, '0')}.${index === 12 ? 'md' : 'txt'}`), document.content);
    });
    writeFileSync(join(folder, 'scan.pdf'), '%PDF-1.7 not sent yet');
    const out = join(folder, 'results.jsonl');
    // Act
    const { done } = runCli([folder, '--type', 'GENERAL', '--out', out, '--url', gateway.url, '--api-key', ACME_KEY, '--poll-ms', '100']);
    const { code, stderr } = await done;
    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(/skipped .*scan\.pdf/);
    expect(stderr).toMatch(/13\/13/);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; documentId: string; analysis: unknown });
    expect(lines.map((line) => line.index)).toEqual([...Array(13).keys()]);
    expect(lines.every((line) => line.analysis !== null)).toBe(true);
    expect(lines[0]?.documentId).toBe(join(folder, 'doc-00.txt'));
  });

  it('on Ctrl-C without a terminal leaves the job running and says how to collect it', { timeout: 120_000 }, async () => {
    // Prepare: slow upstreams so the job is still running at the interrupt
    upstreams.setFaults([{ service: 'sagemaker', latencyMs: 300 }]);
    const many = join(folder, 'many');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(many);
    jobDocuments('cli-interrupt', 40).forEach((document, index) => {
      writeFileSync(join(many, `d${index}.txt`), document.content);
    });
    const { child, done } = runCli([many, '--out', join(folder, 'later.jsonl'), '--url', gateway.url, '--api-key', ACME_KEY]);
    const id = await new Promise<string>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        const match = /job ([0-9a-f-]{36}):/.exec(chunk.toString());
        if (match?.[1]) resolve(match[1]);
      });
    });
    // Act
    child.kill('SIGINT');
    const { code, stderr } = await done;
    const finished = await waitForJob(gateway, id, ACME);
    upstreams.setFaults([]);
    // Assess
    expect(code).toBe(130);
    expect(stderr).toContain(`job ${id} left running`);
    expect(finished.status).toBe('SUCCEEDED');
  });

  it('shows counts, rate, cost and time left', () => {
    // Act
    const line = progressLine({ total: 200, completed: 50, failed: 2, actualUsd: 0.01234, status: 'RUNNING', elapsedMs: 13_000 });
    // Assess: 52 done in 13 s is 4 per second; 148 left take 37 s
    expect(line).toBe('[########......................] 52/200 (2 failed) 4.0 docs/s $0.0123 37s left');
  });
});
