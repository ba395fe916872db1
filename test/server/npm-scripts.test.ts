/**
 * `npm start`, `npm run dev` and `npm run local-services` as an operator runs them: SIGTERM to the npm
 * process reaches the server (npm forwards it to the script's process, which is node itself), the
 * port stops answering, and no process of the tree survives. Linux only (reads /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stdoutMatch } from '../support/ready-url.js';

const root = new URL('../../', import.meta.url).pathname;

/** Every live process whose parent chain leads to `pid`, from /proc. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function npmRun(script: string, env: Record<string, string>): ChildProcess {
  return spawn('npm', ['run', '--silent', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const SCRIPTS = [
  { script: 'start', ready: /ready at (http:\S+)\/graphql/, env: {} },
  { script: 'dev', ready: /ready at (http:\S+)\/graphql/, env: {} },
  { script: 'local-services', ready: /Local AWS services: (http:\S+)/, env: {} },
] as const;

describe('npm scripts', () => {
  it.each(SCRIPTS)(
    '`npm run $script` stops whole on a SIGTERM to npm',
    async ({ script, ready, env }) => {
      // Prepare: the server up, and every process npm started.
      const npm = npmRun(script, env);
      let stderr = '';
      npm.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      let tree: number[] = [];
      try {
        const base = await stdoutMatch(npm, ready, 90_000);
        tree = descendantsOf(npm.pid!);
        expect(tree.length, stderr).toBeGreaterThan(0);
        expect(await answers(`${base}/health`)).toBe(true);

        // Act
        const exited = once(npm, 'exit');
        npm.kill('SIGTERM');
        await exited;

        // Assess: nothing left listening, nothing left running.
        for (let i = 0; i < 100 && tree.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(tree.filter(alive), stderr).toEqual([]);
        expect(await answers(`${base}/health`)).toBe(false);
      } finally {
        if (npm.exitCode === null) npm.kill('SIGKILL');
        for (const pid of tree.filter(alive)) process.kill(pid, 'SIGKILL');
      }
    },
    120_000,
  );
});
