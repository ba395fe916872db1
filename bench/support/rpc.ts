/**
 * The child side of the bench's IPC: a child announces itself once it listens, then answers named calls
 * from the orchestrator. A child exits when the orchestrator goes away, so no server outlives a run.
 */
export interface RpcCall {
  rpc: 'call';
  id: number;
  method: string;
  params: unknown;
}

export interface RpcReply {
  rpc: 'reply';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface RpcReady {
  rpc: 'ready';
  info: unknown;
}

export type RpcHandlers = Record<string, (params: unknown) => unknown>;

function isCall(message: unknown): message is RpcCall {
  return typeof message === 'object' && message !== null && (message as { rpc?: unknown }).rpc === 'call';
}

function send(message: RpcReply | RpcReady): void {
  process.send?.(message);
}

/** The JSON the orchestrator passed as the first argument. */
export function childArguments<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

export function serveRpc(handlers: RpcHandlers, onShutdown: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await onShutdown().catch(() => undefined);
    // process.exit (not a signal) so that --cpu-prof writes its profile.
    process.exit(0);
  };
  process.on('disconnect', () => void shutdown());
  process.on('message', (message: unknown) => {
    if (!isCall(message)) return;
    if (message.method === 'shutdown') {
      send({ rpc: 'reply', id: message.id, ok: true });
      void shutdown();
      return;
    }
    const handler = handlers[message.method];
    if (!handler) {
      send({ rpc: 'reply', id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.params))
      .then(
        (result) => send({ rpc: 'reply', id: message.id, ok: true, result }),
        (error: unknown) =>
          send({ rpc: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

export function announceReady(info: unknown): void {
  send({ rpc: 'ready', info });
}

/** Memory as the orchestrator reads it; `gc` needs the child started with --expose-gc. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Buffers and other memory outside the V8 heap. */
  external: number;
  peakRss: number;
}

/** Samples RSS every 25 ms so that a short burst's peak is seen; `read` can force a GC first. */
export function memorySampler(): { read(options: { gc?: boolean; resetPeak?: boolean }): MemoryReading } {
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 25);
  timer.unref();
  return {
    read({ gc = false, resetPeak = false }) {
      if (gc) globalThis.gc?.();
      const usage = process.memoryUsage();
      const reading = {
        rss: usage.rss,
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
        peakRss: Math.max(peakRss, usage.rss),
      };
      if (resetPeak) peakRss = usage.rss;
      return reading;
    },
  };
}

/** CPU time (user + system) this process has used, in ms: per-request cost that survives a noisy machine. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
