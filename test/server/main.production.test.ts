/**
 * `npm start` in production mode with no AWS settings, as a container would run it: a real child
 * process; its listening sockets read from /proc (Linux), its log from stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readyUrl } from '../support/ready-url.js';

const root = new URL('../../', import.meta.url).pathname;

function startMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    // HOME points nowhere: no ~/.aws of the machine's user may configure the SDK.
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** TCP ports the process listens on: its socket inodes matched against the kernel's LISTEN rows. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      // local_address is hex ip:port, st 0A is LISTEN, inode is the tenth field.
      if (fields[3] === '0A' && fields[9] && inodes.has(fields[9])) ports.push(Number.parseInt(fields[1]?.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

describe('main in production mode without AWS settings', () => {
  it('starts no local service, says so, and refuses an anonymous request with 401', async () => {
    // Prepare
    const child = startMain({ NODE_ENV: 'production', PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info' });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const url = await readyUrl(child);

      // Act
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ estimateCost(input: {content: "A short note."}) { recommendedMethod } }' }),
      });

      // Assess
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      // The gateway's port, and no local AWS service on any other (a loopback listener of the
      // gateway's own, such as one for metrics, does not answer the SageMaker container's /ping).
      const gatewayPort = Number(new URL(url).port);
      const ports = listeningPorts(child.pid as number);
      expect(ports).toContain(gatewayPort);
      for (const port of ports.filter((port) => port !== gatewayPort)) {
        const ping = await fetch(`http://127.0.0.1:${port}/ping`).then(
          (answer) => answer.status,
          () => 0,
        );
        expect(ping, `port ${port}`).not.toBe(200);
      }
      expect(output).not.toContain('local AWS services started');
      expect(output).toContain('local AWS services not started');
      expect(output).toContain('no AWS credentials configured');
      expect(output).toContain('AWS us-east-1');
      expect(output).not.toContain('embedded local AWS services');
    } finally {
      child.kill('SIGTERM');
    }
    await once(child, 'exit');
  });
});
