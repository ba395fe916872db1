/** Starts the local, wire-compatible Bedrock Runtime, SageMaker Runtime and CloudWatch on one port. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Analysers } from '../analysers/analysis.types.js';
import { BedrockService } from './bedrock.service.js';
import { CloudWatchService } from './cloudwatch.service.js';
import { DualProtocolServer, type Exchange } from './dual-protocol.server.js';
import { FAULT_HEADER, type FaultAction, FaultPlan, parseFaultHeader } from './faults.js';
import type {
  FaultRule,
  LocalServiceName,
  LocalUpstreams,
  LocalUpstreamsOptions,
  ReceivedMetricDatum,
  RecordedCall,
} from './local-upstreams.types.js';
import { DEFAULT_ENDPOINTS, SAGEMAKER_MAX_PAYLOAD_BYTES, SageMakerService } from './sagemaker.service.js';
import { attemptFrom, headerValue, type LocalService, newRequestId, type RouteMatch, type WireRequest, type WireResponse } from './wire.js';

export { FAULT_HEADER } from './faults.js';
export type {
  FaultRule,
  LocalUpstreams,
  LocalUpstreamsOptions,
  ReceivedDocument,
  ReceivedMetricDatum,
  RecordedCall,
} from './local-upstreams.types.js';
export { DEFAULT_ENDPOINTS, SAGEMAKER_MAX_PAYLOAD_BYTES } from './sagemaker.service.js';

/** The error each service answers when a handler throws. */
const INTERNAL_ERROR: Readonly<Record<LocalServiceName, string>> = {
  bedrock: 'InternalServerException',
  sagemaker: 'InternalFailure',
  cloudwatch: 'InternalServiceError',
};

interface BodyRead {
  body: Buffer;
  size: number;
}

/** Reads at most `limit` bytes but drains the rest, so the client finishes sending and can read our answer. */
async function readBody(source: AsyncIterable<Buffer | string>, limit: number): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), size };
}

function pathAndQuery(url: string): { path: string; query: URLSearchParams } {
  const mark = url.indexOf('?');
  if (mark === -1) return { path: url, query: new URLSearchParams() };
  return { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

async function loadDefaultAnalysers(): Promise<Analysers> {
  const { createAnalysers } = await import('../analysers/analysers.js');
  return createAnalysers();
}

export async function startLocalUpstreams(options: LocalUpstreamsOptions = {}): Promise<LocalUpstreams> {
  const analysers = options.analysers ?? (await loadDefaultAnalysers());
  const calls: RecordedCall[] = [];
  const metrics: ReceivedMetricDatum[] = [];
  const faults = new FaultPlan(options.faults ?? []);
  const shutdown = new AbortController();
  const services: readonly LocalService[] = [
    new BedrockService(analysers),
    new SageMakerService({
      analysers,
      endpoints: options.endpoints ?? DEFAULT_ENDPOINTS,
      maxPayloadBytes: options.sagemakerMaxPayloadBytes ?? SAGEMAKER_MAX_PAYLOAD_BYTES,
    }),
    new CloudWatchService((datums) => {
      for (const datum of datums) metrics.push(datum);
    }),
  ];

  const handle = async (exchange: Exchange): Promise<void> => {
    const { path, query } = pathAndQuery(exchange.url);
    let service: LocalService | undefined;
    let route: RouteMatch | undefined;
    for (const candidate of services) {
      route = candidate.match(exchange.method, path, exchange.headers);
      if (route) {
        service = candidate;
        break;
      }
    }
    const requestId = newRequestId();
    if (!service || !route) {
      for await (const _ of exchange.body) {
        // drain
      }
      exchange.respond({
        status: 404,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': 'UnknownOperationException' },
        body: JSON.stringify({ message: `No local AWS operation at ${exchange.method} ${path}` }),
      });
      return;
    }

    const call: RecordedCall = {
      service: service.name,
      operation: route.operation,
      target: route.target,
      instances: 1,
      attempt: attemptFrom(exchange.headers),
      status: 0,
      httpVersion: exchange.httpVersion,
      connection: exchange.connection,
      at: Date.now(),
    };
    calls.push(call);

    const { body, size } = await readBody(exchange.body, route.maxBodyBytes);
    const req: WireRequest = {
      method: exchange.method,
      path,
      query,
      headers: exchange.headers,
      httpVersion: exchange.httpVersion,
      body,
      requestId,
    };
    const send = (response: WireResponse): void => {
      call.status = response.status;
      call.operation = route.operation;
      exchange.respond(response);
    };

    if (size > route.maxBodyBytes) return send(service.tooLargeResponse(req, route, size));
    const unauthenticated = route.requiresAuth ? service.unauthenticatedResponse(req, route) : undefined;
    if (unauthenticated) return send(unauthenticated);
    call.instances = service.countInstances(req, route);
    const documents = service.receivedDocuments?.(req, route) ?? [];
    if (documents.length > 0) call.documents = documents;

    const fault = faults.take(service.name, route.target, parseFaultHeader(headerValue(exchange.headers, FAULT_HEADER)));
    if (fault) {
      const handled = await applyFault(fault, exchange, shutdown.signal, (response) => send(response), {
        error: (name) => service.errorResponse(name, req, route),
        malformed: () => service.malformedResponse(req, route),
      });
      if (handled) return;
      if (fault.toolInput && service.steeredResponse) return send(await service.steeredResponse(req, route, fault.toolInput));
    }
    try {
      send(await service.handle(req, route));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      send(service.errorResponse(INTERNAL_ERROR[service.name], req, route, `Local ${service.name} failed: ${message}`));
    }
  };

  const server = new DualProtocolServer(handle);
  const address = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    calls,
    metrics,
    resetCalls() {
      calls.length = 0;
    },
    setFaults(rules: FaultRule[]) {
      faults.set(rules);
    },
    async close() {
      shutdown.abort();
      await server.close();
    },
  };
}

interface FaultResponses {
  error(name: string): WireResponse;
  malformed(): WireResponse;
}

/** Applies a fault; false means "now answer normally" (latency only, or an errorRate roll that passed). */
async function applyFault(
  fault: FaultAction,
  exchange: Exchange,
  shutdown: AbortSignal,
  send: (response: WireResponse) => void,
  responses: FaultResponses,
): Promise<boolean> {
  if (fault.latencyMs > 0) {
    const gone = new AbortController();
    void exchange.closed.then(() => gone.abort());
    try {
      await sleep(fault.latencyMs, undefined, { signal: AbortSignal.any([shutdown, gone.signal]) });
    } catch {
      return true;
    }
  }
  if (fault.drop) {
    exchange.drop();
    return true;
  }
  if (fault.hang) {
    // Resolved by the client giving up or by close() destroying the socket.
    await exchange.closed;
    return true;
  }
  if (fault.errorType) {
    send(responses.error(fault.errorType));
    return true;
  }
  if (fault.malformed) {
    send(responses.malformed());
    return true;
  }
  return false;
}
