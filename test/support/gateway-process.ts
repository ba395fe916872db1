/** A real gateway process (`node --import tsx src/main.ts`) on a free port, for tests that attack it over sockets. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readyUrl } from './ready-url.js';

const root = new URL('../../', import.meta.url).pathname;

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** The Prometheus listener's `/metrics` URL from the start banner, when the process serves one. */
  readonly metricsUrl: string | undefined;
  /** Everything the process wrote to stderr so far (crash reports land here). */
  stderr(): string;
  /** Everything the process wrote to stdout so far (its pino log lines, at LOG_LEVEL). */
  stdout(): string;
  stop(): Promise<void>;
}

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  let url: string;
  try {
    url = await readyUrl(child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
  return {
    child,
    url,
    port: Number(new URL(url).port),
    // The banner is one write, so the metrics line is in stdout once "ready at" is.
    metricsUrl: /Prometheus metrics at (http:\S+)/.exec(stdout)?.[1],
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
