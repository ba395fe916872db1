/** Starting the bench's servers, each in its own process on a free 127.0.0.1 port. */
import { join } from 'node:path';
import type { FaultRule } from '../../src/local/services/local-upstreams.types.js';
import type { GatewayArgs } from './gateway-child.js';
import type { HelloArgs, HelloKind } from './hello-child.js';
import { type BenchChild, startChild } from './processes.js';
import type { MemoryReading } from './rpc.js';
import type { BenchSettings } from './scenario.js';
import type { AnalyserMode, UpstreamCallCounts, UpstreamsArgs } from './upstreams-child.js';

export interface UrlInfo {
  url: string;
}

export type UpstreamsChild = BenchChild<UrlInfo>;
export type ServerChild = BenchChild<UrlInfo>;

/** The gateway's cache as the cache work configures it: the in-memory default, or off. */
export const CACHE_DEFAULT_ENV: Record<string, string> = {};
export const CACHE_OFF_ENV: Record<string, string> = { CACHE_ENABLED: 'false' };

/** Both Bedrock and SageMaker answer after this long: the upstream model of the latency scenarios. */
export const UPSTREAM_LATENCY_MS = 50;

export function fixedLatency(latencyMs: number): FaultRule[] {
  return [
    { service: 'bedrock', latencyMs },
    { service: 'sagemaker', latencyMs },
  ];
}

export function startUpstreams(analysers: AnalyserMode, faults: FaultRule[] = []): Promise<UpstreamsChild> {
  const args: UpstreamsArgs = { analysers, faults };
  return startChild<UrlInfo>('upstreams-child.ts', { args, name: `upstreams(${analysers})` });
}

export function startGateway(
  upstreams: UpstreamsChild,
  env: Record<string, string>,
  settings: BenchSettings,
  label: string,
): Promise<ServerChild> {
  const args: GatewayArgs = { upstreamUrl: upstreams.info.url, env };
  const nodeFlags = settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.profileDir, label)}`] : [];
  return startChild<UrlInfo>('gateway-child.ts', { args, nodeFlags, name: `gateway(${label})` });
}

export function startHello(kind: HelloKind, upstreams?: UpstreamsChild): Promise<ServerChild> {
  const args: HelloArgs = { kind, ...(upstreams ? { upstreamUrl: upstreams.info.url } : {}) };
  return startChild<UrlInfo>('hello-child.ts', { args, name: `hello(${kind})` });
}

export function upstreamCalls(upstreams: UpstreamsChild): Promise<UpstreamCallCounts> {
  return upstreams.call<UpstreamCallCounts>('calls');
}

export function readMemory(server: ServerChild, options: { gc?: boolean; resetPeak?: boolean } = {}): Promise<MemoryReading> {
  return server.call<MemoryReading>('memory', options);
}

/** Stops every child given, whatever happened before. */
export async function stopAll(...children: Array<BenchChild<unknown> | undefined>): Promise<void> {
  await Promise.all(children.map((child) => child?.stop().catch(() => undefined)));
}
