/**
 * A real Redis for tests: our own `redis-server` on a free loopback port (no persistence), or the one
 * at REDIS_URL when set (CI services). Ours can be killed and restarted on the same port, to prove
 * that the gateway fails open and recovers. With `{ cluster: true }`, always ours, as a one-node
 * Redis Cluster, so the Cluster client (REDIS_CLUSTER_NODES) is tested against a real cluster node;
 * with `{ tls }`, always ours, speaking TLS only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedisOptions {
  /**
   * A one-node Redis Cluster (cluster mode, all 16,384 slots on this node), for the Cluster client.
   * Always our own server: an external REDIS_URL is not a cluster.
   */
  cluster?: boolean;
  /** TLS only (rediss://), with these PEM files; always our own server. Clients need not present a certificate. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

export interface TestRedis {
  readonly url: string;
  /** host:port, as REDIS_CLUSTER_NODES takes it. */
  readonly node: string;
  /** False for an external REDIS_URL, which tests must not kill. */
  readonly ownServer: boolean;
  /** A plain client for inspecting what the gateway stored. */
  readonly client: Redis;
  /** A prefix no other test file uses, so files can share an external Redis. */
  namespace(): string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function launch(port: number, clusterDir?: string, tls?: TestRedisOptions['tls']): Promise<ChildProcess> {
  // Cluster mode keeps its node table in a file, so each server gets its own directory. A lone node
  // learns its address only from peers; until then CLUSTER SLOTS names no host, so announce it.
  const cluster = clusterDir
    ? ['--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1', '--dir', clusterDir, '--cluster-config-file', 'nodes.conf']
    : [];
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile]
    : ['--port', String(port)];
  const tlsTrust = tls ? ['--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no'] : [];
  const child = spawn(
    REDIS_SERVER,
    [...listen, ...tlsTrust, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning', ...cluster],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`))));
  exited.catch(() => undefined);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await Promise.race([accepting(port), exited])) return child;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not listen on ${port}`);
}

function exit(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Gives the one node every slot and waits until the cluster says it can serve them. */
async function formCluster(client: Redis): Promise<void> {
  await client.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (String(await client.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the one-node Redis Cluster did not reach cluster_state:ok');
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const { tls } = options;
  const external = options.cluster || tls ? undefined : process.env.REDIS_URL;
  const clusterDir = options.cluster ? mkdtempSync(join(tmpdir(), 'test-redis-cluster-')) : undefined;
  const port = external ? 0 : await freePort();
  let child = external ? undefined : await launch(port, clusterDir, tls);
  const url = external ?? `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  // Tests read with it; it must not hold requests while our server is down.
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: () => 50,
    ...(tls ? { tls: { ca: readFileSync(tls.caFile, 'utf8') } } : {}),
  });
  client.on('error', () => undefined);
  if (options.cluster) await formCluster(client);
  const parsed = new URL(url);
  return {
    url,
    node: `${parsed.hostname}:${parsed.port || 6379}`,
    ownServer: !external,
    client,
    namespace: () => `t${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    async kill() {
      if (!child) throw new Error('cannot kill an external Redis (REDIS_URL)');
      await exit(child, 'SIGKILL');
    },
    async restart() {
      if (external) throw new Error('cannot restart an external Redis (REDIS_URL)');
      await exit(child, 'SIGKILL');
      child = await launch(port, clusterDir, tls);
    },
    async stop() {
      client.disconnect();
      await exit(child, 'SIGTERM');
      child = undefined;
      if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
    },
  };
}
