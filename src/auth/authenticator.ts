/**
 * Who is asking: an API key (`x-api-key`, or `Authorization: Bearer <key>`), a JWT
 * (`Authorization: Bearer <jwt>`), or nobody (anonymous, when allowed). Runs in the context
 * factory, so HTTP, Lambda and the subgraph all get the same check. A credential that is offered
 * and wrong is refused even when anonymous access is on: silently downgrading it would hide a
 * misconfigured client.
 */
import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { AuthConfig } from '../config/config.types.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { ApiKeyStore } from './api-key.store.js';
import { JwtVerifier } from './jwt.verifier.js';

export const ANONYMOUS_TENANT = 'anonymous';

export type RequestHeaders = Headers | Map<string, string> | Record<string, string | undefined>;

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** One header of a request, whatever form the entry point hands it in (names compared in lower case). */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  if (headers instanceof Headers || headers instanceof Map) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

export function unauthenticated(message: string): GraphQLError {
  return gatewayError(ErrorCode.UNAUTHENTICATED, message, {
    extensions: { http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } },
  });
}

export class Authenticator {
  private readonly keys: ApiKeyStore;
  private readonly jwt: JwtVerifier | undefined;

  constructor(private readonly config: AuthConfig) {
    this.keys = new ApiKeyStore(config.apiKeys);
    this.jwt = config.jwt ? new JwtVerifier(config.jwt) : undefined;
  }

  /** The tenant of the request; rejects with UNAUTHENTICATED (HTTP 401). */
  async authenticate(headers: RequestHeaders): Promise<string> {
    const apiKey = headerValue(headers, 'x-api-key')?.trim();
    const authorization = headerValue(headers, 'authorization')?.trim();
    const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '').trim() : undefined;
    if (apiKey) return this.byKey(apiKey);
    if (bearer) {
      if (this.jwt && JWT_SHAPE.test(bearer)) {
        try {
          return await this.jwt.tenantOf(bearer);
        } catch {
          throw unauthenticated('the bearer token is invalid or expired');
        }
      }
      return this.byKey(bearer);
    }
    if (authorization) throw unauthenticated('unsupported Authorization scheme; use Bearer or x-api-key');
    if (this.config.allowAnonymous) return ANONYMOUS_TENANT;
    throw unauthenticated('authentication required: send x-api-key or Authorization: Bearer');
  }

  private byKey(key: string): string {
    const tenant = this.keys.tenantFor(key);
    if (tenant === undefined) throw unauthenticated('the API key is not valid');
    return tenant;
  }
}
