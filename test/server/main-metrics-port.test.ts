/** `npm start` with its metrics port taken: it stops at start, naming the setting, before opening the public port. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

describe('main with METRICS_PORT taken', () => {
  it('exits 2 with a message naming METRICS_PORT and never prints a ready line', async () => {
    // Prepare: another process's listener on the port (here, one of this process).
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      // Act
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', PORT: '0', METRICS_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = await once(child, 'exit');

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain(`METRICS_HOST/METRICS_PORT: cannot listen on 127.0.0.1:${port}`);
      expect(stdout).not.toContain('ready at');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);
});
