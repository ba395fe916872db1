/**
 * The orchestrator side of the bench's child processes: each server runs in its own Node process
 * (tsx loader, --expose-gc), started on a free port, told to stop by IPC and killed if it does not.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RpcCall, RpcReady, RpcReply } from './rpc.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildOptions {
  /** Passed to the child as JSON in argv[2]. */
  args?: unknown;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Shown in errors. */
  name?: string;
}

export interface BenchChild<Info> {
  readonly name: string;
  readonly info: Info;
  call<T>(method: string, params?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Loading the analysers under tsx on a busy 2-core machine can take several seconds. */
const READY_TIMEOUT_MS = 60_000;

/** Last resort when the orchestrator exits early: kill exactly the children it started. */
export function killStartedChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.on('exit', killStartedChildren);

function isReady(message: unknown): message is RpcReady {
  return typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'ready';
}

function isReply(message: unknown): message is RpcReply {
  return typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'reply';
}

export async function startChild<Info>(script: string, options: ChildOptions = {}): Promise<BenchChild<Info>> {
  const name = options.name ?? script;
  const child = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [JSON.stringify(options.args ?? {})], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', '--expose-gc', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));

  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  child.on('message', (message: unknown) => {
    if (!isReply(message)) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(`${name}: ${message.error}`));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited`));
    pending.clear();
  });

  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      if (isReady(message)) {
        clearTimeout(timer);
        resolve(message.info as Info);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  const call = <T>(method: string, params?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`${name} is not running`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      const message: RpcCall = { rpc: 'call', id, method, params };
      child.send(message);
    });

  return {
    name,
    info,
    call,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await call('shutdown').catch(() => undefined);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
