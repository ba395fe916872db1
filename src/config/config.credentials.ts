/**
 * How strictly credentials are judged (bearer token lifetime, clock tolerance) and how failed
 * authentications are logged; parsed with the rest of the environment by `loadConfig`.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const credentialsEnvShape = {
  // A bearer token valid for longer than this (exp - iat, or exp - now without iat) is refused: a
  // leaked token must not stay usable for years.
  JWT_MAX_TOKEN_AGE_SECONDS: int(60, 30 * 86_400).default(86_400),
  // Clock skew allowed between the issuer and the gateway for exp, nbf and iat.
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300).default(30),
  // Failed authentications logged per reason and interval; the rest are counted, not logged.
  AUTH_FAILURE_LOG_LINES: int(0, 100_000).default(10),
  AUTH_FAILURE_LOG_INTERVAL_MS: int(1_000, 86_400_000).default(60_000),
};

const credentialsEnvSchema = z.object(credentialsEnvShape);
type CredentialsEnv = z.infer<typeof credentialsEnvSchema>;

export interface CredentialsSettings {
  tokens: { maxAgeSeconds: number; clockToleranceSeconds: number };
  failureLog: { lines: number; intervalMs: number };
}

export function credentialsSettings(parsed: CredentialsEnv): CredentialsSettings {
  return {
    tokens: { maxAgeSeconds: parsed.JWT_MAX_TOKEN_AGE_SECONDS, clockToleranceSeconds: parsed.JWT_CLOCK_TOLERANCE_SECONDS },
    failureLog: { lines: parsed.AUTH_FAILURE_LOG_LINES, intervalMs: parsed.AUTH_FAILURE_LOG_INTERVAL_MS },
  };
}
