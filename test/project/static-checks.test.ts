/**
 * The checks a change must pass besides the tests, run here so CI runs them too: Biome (lint and
 * format, zero diagnostics) and the TypeScript compiler in strict mode over src, test, scripts and bench.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

describe('static checks', () => {
  it('passes Biome with no diagnostics (npm run lint)', { timeout: 60_000 }, async () => {
    const result = await run(bin('biome'), ['ci', '.', '--colors=off', '--max-diagnostics=20'], { cwd: root }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '', failed: true }),
    );
    expect('failed' in result ? `${result.stdout}\n${result.stderr}` : '').toBe('');
  });

  it('type-checks src, test, scripts and the benchmark suite in strict mode (npm run typecheck)', { timeout: 120_000 }, async () => {
    const result = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], {
      cwd: root,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? 'tsc failed', failed: true }));
    expect('failed' in result ? result.stdout : '').toBe('');
  });
});
