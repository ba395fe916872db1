/** The transport-neutral request/response shapes every local service works with (HTTP/1.1 and h2c alike). */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalServiceName, ReceivedDocument } from './local-upstreams.types.js';

export interface WireRequest {
  method: string;
  /** Raw (still percent-encoded) path, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  httpVersion: string;
  body: Buffer;
  /** Generated per request; services echo it as x-amzn-requestid. */
  requestId: string;
}

export interface WireResponse {
  status: number;
  /** Lower-case names: HTTP/2 forbids upper case, and HTTP/1.1 clients do not care. */
  headers: Record<string, string>;
  body: string | Buffer;
}

/** What a service recognised in the method and path, before the body is read. */
export interface RouteMatch {
  service: LocalServiceName;
  operation: string;
  /** Model id (decoded) or endpoint name; '' when the route has none. */
  target: string;
  maxBodyBytes: number;
  /** Container routes (/ping, /invocations) are not AWS APIs and carry no SigV4. */
  requiresAuth: boolean;
}

/** One of the emulated AWS services, seen by the shared server. */
export interface LocalService {
  readonly name: LocalServiceName;
  match(method: string, path: string, headers: IncomingHttpHeaders): RouteMatch | undefined;
  handle(req: WireRequest, route: RouteMatch): Promise<WireResponse> | WireResponse;
  /** The AWS error `name` as this service would send it; unknown names still produce a well-formed error. */
  errorResponse(name: string, req: WireRequest, route: RouteMatch, message?: string): WireResponse;
  /** A 200 whose body is not what the protocol promises. */
  malformedResponse(req: WireRequest, route: RouteMatch): WireResponse;
  /** A normal answer whose model output was replaced (Bedrock Converse); absent where that has no meaning. */
  steeredResponse?(req: WireRequest, route: RouteMatch, toolInput: Record<string, unknown>): Promise<WireResponse> | WireResponse;
  tooLargeResponse(req: WireRequest, route: RouteMatch, size: number): WireResponse;
  unauthenticatedResponse(req: WireRequest, route: RouteMatch): WireResponse | undefined;
  /** Number of instances in the body, for RecordedCall; 1 when not applicable. */
  countInstances(req: WireRequest, route: RouteMatch): number;
  /** The documents the body carries, for RecordedCall (a summary, never whole bodies). */
  receivedDocuments?(req: WireRequest, route: RouteMatch): ReceivedDocument[];
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(', ');
  return value;
}

export function newRequestId(): string {
  return randomUUID();
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): WireResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** `amz-sdk-request: attempt=2; max=3` -> 2. */
export function attemptFrom(headers: IncomingHttpHeaders): number {
  const match = /attempt=(\d+)/.exec(headerValue(headers, 'amz-sdk-request') ?? '');
  return match?.[1] ? Number(match[1]) : 1;
}

/** Region from the SigV4 credential scope, so error messages and ARNs name the caller's region. */
export function regionFrom(headers: IncomingHttpHeaders): string {
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(headerValue(headers, 'authorization') ?? '');
  return match?.[1] ?? 'us-east-1';
}

export const LOCAL_ACCOUNT_ID = '123456789012';

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type AuthVerdict = 'ok' | 'missing' | 'incomplete';

/** Signatures are not verified (no shared secret offline); only the scheme is checked. */
export function authVerdict(headers: IncomingHttpHeaders, allowBearer: boolean): AuthVerdict {
  const authorization = headerValue(headers, 'authorization');
  if (!authorization) return 'missing';
  if (authorization.startsWith('AWS4-HMAC-SHA256 Credential=')) return 'ok';
  if (allowBearer && authorization.startsWith('Bearer ') && authorization.length > 'Bearer '.length) return 'ok';
  return 'incomplete';
}
