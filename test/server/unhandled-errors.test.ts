/** The process-wide last resort: an unhandled rejection or uncaught exception is logged and counted, not fatal. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { guardProcess } from '../../src/server/unhandled-errors.js';

const root = new URL('../../', import.meta.url).pathname;

// Runs in a real process of its own: the test runner installs handlers of its own in this one.
const SCRIPT = `
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { guardProcess } from './src/server/unhandled-errors.ts';
const registry = new Registry();
guardProcess({ log: pino({ base: null }), registry });
Promise.reject(new Error('nobody awaited me'));
setTimeout(() => { throw new Error('thrown from a timer'); }, 10);
setTimeout(async () => {
  process.stderr.write(await registry.metrics());
  process.exit(0);
}, 200);
`;

describe('guardProcess', () => {
  it('keeps a real process alive through an unhandled rejection and an uncaught exception, logging and counting each', async () => {
    // Prepare
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });

    // Act
    const [code] = await once(child, 'exit');

    // Assess: it reached its own exit(0), after both errors
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('gateway_unhandled_errors_total{kind="unhandledRejection"} 1');
    expect(stderr).toContain('gateway_unhandled_errors_total{kind="uncaughtException"} 1');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; kind: string; err: { message: string } });
    expect(lines.map((line) => [line.kind, line.err.message])).toEqual([
      ['unhandledRejection', 'nobody awaited me'],
      ['uncaughtException', 'thrown from a timer'],
    ]);
  }, 60_000);

  it('exposes zero-valued series from the start, and removes its handlers when asked', async () => {
    const registry = new Registry();
    const before = process.listenerCount('unhandledRejection');
    const remove = guardProcess({ log: pino({ level: 'silent' }), registry });
    expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
    expect(await registry.metrics()).toContain('gateway_unhandled_errors_total{kind="unhandledRejection"} 0');
    remove();
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });
});
