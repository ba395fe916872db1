/** SageMaker Runtime (restJson1): POST /endpoints/{name}/invocations, plus the bare container routes. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Analysers, DocumentKind } from '../analysers/analysis.types.js';
import { restJsonError, SAGEMAKER_ERRORS } from './aws-errors.js';
import type { ReceivedDocument } from './local-upstreams.types.js';
import { countInstancesLeniently, invokeContainer, parseInstances, pingContainer } from './sagemaker.container.js';
import {
  authVerdict,
  headerValue,
  jsonResponse,
  LOCAL_ACCOUNT_ID,
  type LocalService,
  type RouteMatch,
  regionFrom,
  type WireRequest,
  type WireResponse,
} from './wire.js';

/** InvokeEndpoint's Body limit (6 MiB); serverless endpoints allow only 4 MB. */
export const SAGEMAKER_MAX_PAYLOAD_BYTES = 6_291_456;

export const DEFAULT_ENDPOINTS: Readonly<Record<string, DocumentKind>> = {
  'legal-document-analyzer': 'legal',
  'medical-text-classifier': 'medical',
  'financial-sentiment-analyzer': 'financial',
  'general-text-analyzer': 'general',
};

const CORAL_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.sagemaker/';
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

export interface SageMakerServiceOptions {
  analysers: Analysers;
  endpoints: Readonly<Record<string, DocumentKind>>;
  maxPayloadBytes: number;
}

function logGroup(endpoint: string): string {
  return `/aws/sagemaker/Endpoints/${endpoint}`;
}

export class SageMakerService implements LocalService {
  readonly name = 'sagemaker' as const;

  constructor(private readonly options: SageMakerServiceOptions) {}

  match(method: string, path: string, _headers: IncomingHttpHeaders): RouteMatch | undefined {
    const maxBodyBytes = this.options.maxPayloadBytes;
    if (method === 'GET' && path === '/ping') {
      return { service: 'sagemaker', operation: 'ping', target: '', maxBodyBytes, requiresAuth: false };
    }
    if (method === 'POST' && path === '/invocations') {
      return { service: 'sagemaker', operation: 'invocations', target: '', maxBodyBytes, requiresAuth: false };
    }
    const found = /^\/endpoints\/([^/]+)\/invocations$/.exec(path);
    if (method !== 'POST' || !found?.[1]) return undefined;
    let target: string;
    try {
      target = decodeURIComponent(found[1]);
    } catch {
      target = found[1];
    }
    return { service: 'sagemaker', operation: 'invocations', target, maxBodyBytes, requiresAuth: true };
  }

  handle(req: WireRequest, route: RouteMatch): WireResponse {
    if (route.operation === 'ping') return pingContainer();
    const input = {
      body: req.body,
      contentType: headerValue(req.headers, 'content-type'),
      customAttributes: headerValue(req.headers, 'x-amzn-sagemaker-custom-attributes'),
    };
    if (route.target === '') {
      return invokeContainer(input, { analysers: this.options.analysers, kind: { mode: 'per-request', defaultKind: 'general' } });
    }
    const endpoint = route.target;
    if (endpoint.length > 63 || !ENDPOINT_NAME.test(endpoint)) {
      return this.error(
        'ValidationError',
        req,
        `1 validation error detected: Value '${endpoint}' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`,
      );
    }
    const kind = this.options.endpoints[endpoint];
    if (!kind) {
      return this.error('ValidationError', req, `Endpoint ${endpoint} of account ${LOCAL_ACCOUNT_ID} not found.`, {
        ErrorCode: 'NO_SUCH_ENDPOINT',
      });
    }
    const container = invokeContainer(input, { analysers: this.options.analysers, kind: { mode: 'fixed', kind } });
    if (container.status >= 200 && container.status < 300) {
      return {
        status: 200,
        headers: {
          ...container.headers,
          'x-amzn-requestid': req.requestId,
          'x-amzn-invoked-production-variant': 'AllTraffic',
        },
        body: container.body,
      };
    }
    return this.modelError(req, endpoint, container.status, container.body.toString());
  }

  /** A non-2xx container answer reaches the client as 424 ModelError carrying the container's status and body. */
  private modelError(req: WireRequest, endpoint: string, status: number, containerBody: string): WireResponse {
    const region = regionFrom(req.headers);
    const side = status >= 500 ? 'server' : 'client';
    const logsUrl = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logEventViewer:group=${logGroup(endpoint)} in account ${LOCAL_ACCOUNT_ID}`;
    return this.error(
      'ModelError',
      req,
      `Received ${side} error (${status}) from primary with message "${containerBody}". See ${logsUrl} for more information.`,
      {
        ErrorCode: side === 'server' ? 'SERVER_ERROR_FROM_MODEL' : 'CLIENT_ERROR_FROM_MODEL',
        OriginalStatusCode: status,
        OriginalMessage: containerBody,
        LogStreamArn: `arn:aws:logs:${region}:${LOCAL_ACCOUNT_ID}:log-group:${logGroup(endpoint)}`,
      },
    );
  }

  private error(name: string, req: WireRequest, message?: string, members: Record<string, unknown> = {}): WireResponse {
    const spec = SAGEMAKER_ERRORS[name] ?? { status: 400, message: name };
    // Real SageMaker qualifies only some error types with the coral namespace; the SDK strips it either way.
    const coral = name === 'ValidationError' ? CORAL_NAMESPACE : undefined;
    return restJsonError({
      name,
      status: spec.status,
      requestId: req.requestId,
      ...(coral ? { coralNamespace: coral } : {}),
      body: { ...members, Message: message ?? spec.message },
    });
  }

  errorResponse(name: string, req: WireRequest, route: RouteMatch, message?: string): WireResponse {
    if (route.target === '') {
      // The bare container has no AWS front door: it fails like a model server would.
      const status = name === 'ModelError' ? 500 : (SAGEMAKER_ERRORS[name]?.status ?? 500);
      return jsonResponse(status >= 400 && status < 600 ? status : 500, { error: message ?? name });
    }
    if (name === 'ModelError' && message === undefined) {
      return this.modelError(req, route.target, 500, '{"error":"Internal Server Error"}');
    }
    return this.error(name, req, message);
  }

  malformedResponse(req: WireRequest): WireResponse {
    // InvokeEndpoint's Body is opaque bytes: the SDK passes anything through; the caller's parser must cope.
    return {
      status: 200,
      headers: {
        'content-type': 'text/html',
        'x-amzn-requestid': req.requestId,
        'x-amzn-invoked-production-variant': 'AllTraffic',
      },
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    };
  }

  tooLargeResponse(req: WireRequest, route: RouteMatch, size: number): WireResponse {
    // The SDK does not pre-check; the front door answers 413 (not retried by the SDK).
    return restJsonError({
      name: 'ValidationError',
      status: 413,
      requestId: req.requestId,
      coralNamespace: CORAL_NAMESPACE,
      body: {
        ErrorCode: 'PAYLOAD_TOO_LARGE',
        Message: `Request payload of ${size} bytes for endpoint ${route.target || '(container)'} exceeds the maximum of ${this.options.maxPayloadBytes} bytes.`,
      },
    });
  }

  unauthenticatedResponse(req: WireRequest): WireResponse | undefined {
    const verdict = authVerdict(req.headers, false);
    if (verdict === 'ok') return undefined;
    return this.error(verdict === 'missing' ? 'MissingAuthenticationTokenException' : 'IncompleteSignatureException', req);
  }

  receivedDocuments(req: WireRequest, route: RouteMatch): ReceivedDocument[] {
    if (route.operation !== 'invocations') return [];
    const parsed = parseInstances(req.body, headerValue(req.headers, 'content-type'));
    return parsed.ok ? parsed.instances.map((instance) => ({ excerpt: instance.text.slice(0, 200) })) : [];
  }

  countInstances(req: WireRequest): number {
    return countInstancesLeniently(req.body, headerValue(req.headers, 'content-type'));
  }
}
