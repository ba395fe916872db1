/**
 * Who is asking: an API key (`x-api-key`, or `Authorization: Bearer <key>`), a JWT
 * (`Authorization: Bearer <jwt>`), or nobody (anonymous, when allowed). Runs in the context
 * factory, so HTTP, Lambda and the subgraph all get the same check. A credential that is offered
 * and wrong is refused even when anonymous access is on: silently downgrading it would hide a
 * misconfigured client. Credentials are taken exactly as sent: no trimming, one credential per
 * request, and every refusal is counted and (rate-limited) logged.
 */
import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { AuthConfig } from '../config/config.types.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { ApiKeyStore } from './api-key.store.js';
import type { AuthFailures, FailedRequest } from './auth-failures.js';
import { CredentialRejected, type CredentialSource } from './credential-rejected.js';
import { JwtVerifier } from './jwt.verifier.js';

export const ANONYMOUS_TENANT = 'anonymous';

export type RequestHeaders = Headers | Map<string, string> | Record<string, string | undefined>;

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;
/**
 * Visible ASCII, no spaces: padding, a tab, non-ASCII look-alikes and duplicated headers joined
 * with ", " are refused instead of trimmed into a match. Node already drops the optional
 * whitespace HTTP allows around a header value.
 */
const CREDENTIAL = /^[\x21-\x7E]{1,4096}$/;
/** RFC 6750: the scheme is case-insensitive, then one or more spaces, then the token. */
const BEARER = /^bearer +([^ ]*)$/i;

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

export interface AuthenticateOptions extends FailedRequest {
  /**
   * Count and log a refusal (default true). The HTTP front's replay lookup authenticates before the
   * context factory does, and must not count the same refusal twice.
   */
  recordFailure?: boolean;
}

export class Authenticator {
  private readonly keys: ApiKeyStore;
  private readonly jwt: JwtVerifier | undefined;

  constructor(
    private readonly config: AuthConfig,
    private readonly failures?: AuthFailures,
  ) {
    this.keys = new ApiKeyStore(config.apiKeys);
    this.jwt = config.jwt ? new JwtVerifier(config.jwt, config.tokens) : undefined;
  }

  /** The tenant of the request; rejects with UNAUTHENTICATED (HTTP 401). */
  async authenticate(headers: RequestHeaders, options: AuthenticateOptions = {}): Promise<string> {
    try {
      return await this.tenantOf(headers);
    } catch (error) {
      if (!(error instanceof CredentialRejected)) throw error;
      if (options.recordFailure !== false) this.failures?.record(error, options);
      throw unauthenticated(error.message);
    }
  }

  private async tenantOf(headers: RequestHeaders): Promise<string> {
    const apiKey = headerValue(headers, 'x-api-key');
    const authorization = headerValue(headers, 'authorization');
    if (apiKey !== undefined) {
      // Two credentials could name two tenants; which one wins must not depend on our header order.
      if (authorization !== undefined && /^bearer\b/i.test(authorization)) {
        throw new CredentialRejected('malformed', 'send one credential: x-api-key or Authorization: Bearer, not both', 'x-api-key');
      }
      return this.byKey(apiKey, 'x-api-key');
    }
    if (authorization !== undefined) {
      const bearer = BEARER.exec(authorization)?.[1];
      if (bearer === undefined || !CREDENTIAL.test(bearer)) {
        throw new CredentialRejected(
          'malformed',
          'the Authorization header must be "Bearer <key or token>" (or send x-api-key)',
          'authorization',
          authorization,
        );
      }
      if (this.jwt && JWT_SHAPE.test(bearer)) return this.jwt.tenantOf(bearer);
      return this.byKey(bearer, 'bearer');
    }
    if (this.config.allowAnonymous) return ANONYMOUS_TENANT;
    throw new CredentialRejected('missing', 'authentication required: send x-api-key or Authorization: Bearer', 'none');
  }

  private byKey(key: string, source: CredentialSource): string {
    if (!CREDENTIAL.test(key)) throw new CredentialRejected('malformed', 'the API key is not valid', source, key);
    const tenant = this.keys.tenantFor(key);
    if (tenant === undefined) throw new CredentialRejected('bad_key', 'the API key is not valid', source, key);
    return tenant;
  }
}
