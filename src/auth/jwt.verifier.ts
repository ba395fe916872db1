/** Verifies bearer JWTs with jose against a JWKS (remote, cached by jose, or a local file) and reads the tenant claim. */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { TENANT } from '../config/config.guards.js';
import type { AuthConfig } from '../config/config.types.js';

type JwtSettings = NonNullable<AuthConfig['jwt']>;

export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: JwtSettings) {
    if (settings.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    } else if (settings.jwksFile) {
      this.keys = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet);
    } else {
      throw new Error('JWT verification needs JWT_JWKS_URL or JWT_JWKS_FILE');
    }
  }

  /** The tenant named by a valid token; throws when the token is invalid, expired or names none. */
  async tenantOf(token: string): Promise<string> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: this.settings.issuer,
      ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      // Symmetric "alg" values would let anyone holding the public JWKS forge tokens in some libraries; allow only asymmetric ones.
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      clockTolerance: 30,
    });
    const tenant = payload[this.settings.tenantClaim];
    if (typeof tenant !== 'string' || !TENANT.test(tenant)) throw new Error(`the token has no usable "${this.settings.tenantClaim}" claim`);
    return tenant;
  }
}
