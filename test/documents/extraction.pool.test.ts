/** The worker pool: text off the event loop, bounded threads, and a stuck read ended by terminating its worker. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentFormat } from '../../src/documents/document-format.js';
import { ExtractionPool } from '../../src/documents/extraction.pool.js';
import { ExtractionError } from '../../src/documents/extraction.types.js';

const report = readFileSync(new URL('../fixtures/files/quarterly-report.pdf', import.meta.url));
const limits = { maxPages: 10, maxInflatedBytes: 4 * 1024 * 1024, maxZipEntries: 100 };
const pools: ExtractionPool[] = [];
const poolOf = (settings: { size: number; timeoutMs: number }) => {
  const pool = new ExtractionPool({ ...settings, maxWorkerMemoryMb: 128 });
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('ExtractionPool', () => {
  it('starts no thread until the first file, and never more than its size', async () => {
    const pool = poolOf({ size: 2, timeoutMs: 60_000 });
    expect(pool.workers).toBe(0);
    const results = await Promise.all(Array.from({ length: 5 }, () => pool.extract(DocumentFormat.PDF, report, limits)));
    expect(results.map((result) => result.pages)).toEqual([3, 3, 3, 3, 3]);
    expect(pool.workers).toBe(2);
    // The caller's bytes stay intact: the pool posts a copy (the Bedrock document block sends the original).
    expect(report.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('terminates a worker that runs past the deadline and fails only that file', async () => {
    // 1 ms: no read finishes that fast (loading the worker alone takes longer), so every file times out.
    const pool = poolOf({ size: 1, timeoutMs: 1 });
    const outcomes = await Promise.allSettled([
      pool.extract(DocumentFormat.PDF, report, limits),
      pool.extract(DocumentFormat.PDF, report, limits),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    for (const outcome of outcomes) {
      const reason = (outcome as PromiseRejectedResult).reason as ExtractionError;
      expect(reason).toBeInstanceOf(ExtractionError);
      expect(reason.reason).toBe('timeout');
    }
    expect(pool.workers).toBeLessThanOrEqual(1);
  });

  it('refuses work after close and fails what was waiting', async () => {
    const pool = poolOf({ size: 1, timeoutMs: 60_000 });
    const settled = Promise.allSettled([
      pool.extract(DocumentFormat.PDF, report, limits),
      pool.extract(DocumentFormat.PDF, report, limits),
    ]);
    await pool.close();
    const outcomes = await settled;
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as ExtractionError).reason)).toEqual([
      'crashed',
      'crashed',
    ]);
    await expect(pool.extract(DocumentFormat.PDF, report, limits)).rejects.toBeInstanceOf(ExtractionError);
    expect(pool.workers).toBe(0);
  });
});

describe('ExtractionPool under a request deadline', () => {
  it('drops a waiting file and terminates the worker of a running one when the deadline fires', async () => {
    const pool = poolOf({ size: 1, timeoutMs: 60_000 });
    const deadline = new AbortController();
    const settled = Promise.allSettled([
      pool.extract(DocumentFormat.PDF, report, limits, deadline.signal),
      pool.extract(DocumentFormat.PDF, report, limits, deadline.signal),
    ]);
    expect(pool.workers).toBe(1);
    deadline.abort();
    const outcomes = await settled;
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as ExtractionError).reason)).toEqual([
      'timeout',
      'timeout',
    ]);
    expect(pool.workers).toBe(0);
    await expect(pool.extract(DocumentFormat.PDF, report, limits, deadline.signal)).rejects.toMatchObject({ reason: 'timeout' });
    // A later file without a fired deadline gets a fresh worker.
    expect((await pool.extract(DocumentFormat.PDF, report, limits)).pages).toBe(3);
  });
});
