/**
 * Verifies bearer JWTs with jose against a JWKS (remote, cached by jose, or a local file) and reads
 * the tenant claim. A token must carry exp, and may live at most `maxAgeSeconds` (exp - iat, or
 * exp - now without iat): a token with no or a far-off expiry would stay usable long after it leaked.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { TENANT } from '../config/config.guards.js';
import type { AuthConfig } from '../config/config.types.js';
import { CredentialRejected } from './credential-rejected.js';

type JwtSettings = NonNullable<AuthConfig['jwt']>;
type TokenLimits = AuthConfig['tokens'];

/** What jose's verdict means for the caller; the message names the failed check, never the token. */
function rejection(error: unknown, token: string): CredentialRejected {
  const rejected = (reason: CredentialRejected['reason'], message: string) => new CredentialRejected(reason, message, 'bearer', token);
  if (error instanceof errors.JWTExpired) return rejected('expired', 'the bearer token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return rejected('no_expiry', 'the bearer token has no exp claim');
    if (error.claim === 'nbf') return rejected('not_yet_valid', 'the bearer token is not valid yet (nbf)');
    return rejected('bad_token', `the bearer token's "${error.claim}" claim is not accepted`);
  }
  // Remote key sets: a timeout, a failed fetch (not a jose error) or a bad answer from the issuer.
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    return rejected('jwks_unavailable', 'the bearer token could not be verified now');
  }
  return rejected('bad_token', 'the bearer token is invalid');
}

export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly settings: JwtSettings,
    private readonly limits: TokenLimits,
  ) {
    if (settings.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    } else if (settings.jwksFile) {
      this.keys = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet);
    } else {
      throw new Error('JWT verification needs JWT_JWKS_URL or JWT_JWKS_FILE');
    }
  }

  /** The tenant named by a valid token; throws CredentialRejected with the reason otherwise. */
  async tenantOf(token: string): Promise<string> {
    const tolerance = this.limits.clockToleranceSeconds;
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
        // Symmetric "alg" values would let anyone holding the public JWKS forge tokens in some libraries; allow only asymmetric ones.
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
        clockTolerance: tolerance,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw rejection(error, token);
    }
    const now = Math.floor(Date.now() / 1000);
    // jose checked that exp, iat and nbf, when present, are numbers, and that exp is present.
    const exp = payload.exp as number;
    if (payload.iat !== undefined && payload.iat > now + tolerance) {
      throw new CredentialRejected('not_yet_valid', 'the bearer token was issued in the future (iat)', 'bearer', token);
    }
    if (exp - (payload.iat ?? now) > this.limits.maxAgeSeconds) {
      throw new CredentialRejected(
        'too_long_lived',
        `the bearer token is valid for longer than ${this.limits.maxAgeSeconds} s (exp - iat)`,
        'bearer',
        token,
      );
    }
    const tenant = payload[this.settings.tenantClaim];
    if (typeof tenant !== 'string' || !TENANT.test(tenant)) {
      throw new CredentialRejected('bad_token', `the bearer token has no usable "${this.settings.tenantClaim}" claim`, 'bearer', token);
    }
    return tenant;
  }
}
