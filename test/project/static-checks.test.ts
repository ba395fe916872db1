/**
 * The checks a change must pass besides the tests, run here so CI runs them too: Biome (lint and
 * format, zero diagnostics) and the TypeScript compiler in strict mode over src, test and scripts.
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

  it.each([
    ['src, test and scripts', ['-p', 'tsconfig.json', '--noEmit']],
    ['the benchmark suite', ['-p', 'bench/tsconfig.json']],
  ])('type-checks %s in strict mode (npm run typecheck)', { timeout: 120_000 }, async (_what, args) => {
    const result = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...args], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? 'tsc failed', failed: true }),
    );
    expect('failed' in result ? result.stdout : '').toBe('');
  });
});
