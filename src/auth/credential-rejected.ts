/** Why a request's credentials were refused: a small fixed set, so the reason can be a metric label. */

export const AUTH_FAILURE_REASONS = [
  /** No credential, and anonymous access is off. */
  'missing',
  /** A credential that cannot be one: padding, spaces, non-ASCII, joined duplicates, an unknown scheme, two credentials. */
  'malformed',
  /** An API key no tenant has. */
  'bad_key',
  /** A JWT that fails verification (signature, algorithm, issuer, audience, tenant claim). */
  'bad_token',
  'expired',
  /** nbf (or iat) in the future. */
  'not_yet_valid',
  /** A JWT without exp. */
  'no_expiry',
  /** A JWT valid for longer than JWT_MAX_TOKEN_AGE_SECONDS. */
  'too_long_lived',
  /** The JWKS could not be fetched: the caller may be fine, the gateway could not tell. */
  'jwks_unavailable',
] as const;

export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** Where the refused credential came from. */
export type CredentialSource = 'x-api-key' | 'bearer' | 'authorization' | 'none';

/** Thrown inside src/auth/ and turned into one UNAUTHENTICATED error (and one recorded failure) by the Authenticator. */
export class CredentialRejected extends Error {
  constructor(
    readonly reason: AuthFailureReason,
    message: string,
    readonly source: CredentialSource,
    /** The presented credential, for a short hash in the log line; never logged itself. */
    readonly credential?: string,
  ) {
    super(message);
  }
}
