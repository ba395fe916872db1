/**
 * The benchmark's smoke run: `npm run bench -- --quick` starts and stops every server and writes a
 * result for every scenario. It asserts only that the suite runs (no timing is judged in tests); the
 * figures go to a temporary folder, never over the committed BENCHMARKS.md. Its project runs after
 * every other test file (vitest.config.ts), so its load never overlaps another test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SCENARIOS = [
  'cache-hit-throughput',
  'miss-overhead',
  'upstream-economy',
  'batching',
  'analyser-speed',
  'operation-work',
  'job-throughput',
  'type-detection',
  'memory',
  'cold-start',
];

describe('npm run bench -- --quick', () => {
  it('runs every scenario to a result and writes the report', { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-quick-'));
    try {
      const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', `--out=${out}`], {
        cwd: join(import.meta.dirname, '../..'),
        maxBuffer: 64 * 1024 * 1024,
        timeout: 230_000,
      });
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        quick: boolean;
        scenarios: Record<string, { verdict: string; error?: string }>;
      };

      expect(results.quick).toBe(true);
      expect(Object.keys(results.scenarios).sort()).toEqual([...SCENARIOS].sort());
      const failed = Object.entries(results.scenarios).filter(([, scenario]) => scenario.error !== undefined);
      expect(failed.map(([name, scenario]) => `${name}: ${scenario.error}`)).toEqual([]);
      expect(readFileSync(join(out, 'BENCHMARKS.md'), 'utf8')).toContain('## Summary');
      expect(stderr).toContain('wrote');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
