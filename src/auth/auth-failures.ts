/**
 * Failed authentications, so that key guessing and broken clients are visible: every failure is
 * counted by reason (exported as `gateway_auth_failures_total{reason}`), and logged at most `lines`
 * times per reason and interval, with the request id, the remote address when known and a short hash
 * of the credential, never the credential itself. A flood therefore costs a counter increment, not a
 * log line each.
 */
import type { Logger } from 'pino';
import { sha256Hex } from '../digest.js';
import { AUTH_FAILURE_REASONS, type AuthFailureReason, type CredentialRejected } from './credential-rejected.js';

export interface AuthFailuresOptions {
  log: Logger;
  /** Lines per reason and interval; 0 logs nothing. */
  lines: number;
  intervalMs: number;
  /** Clock of the log windows (tests step it). */
  now?: () => number;
}

export interface FailedRequest {
  requestId?: string;
  remoteAddress?: string;
}

interface LogWindow {
  startedAt: number;
  logged: number;
  /** Failures not logged in this window. */
  suppressed: number;
}

/** Enough to tell two clients' keys apart in the log, far too little to help guess one. */
const HASH_PREFIX = 8;

export class AuthFailures {
  private readonly counts = new Map<AuthFailureReason, number>(AUTH_FAILURE_REASONS.map((reason) => [reason, 0]));
  private readonly windows = new Map<AuthFailureReason, LogWindow>();
  private readonly now: () => number;

  constructor(private readonly options: AuthFailuresOptions) {
    this.now = options.now ?? Date.now;
  }

  record(rejection: CredentialRejected, request: FailedRequest): void {
    const { reason } = rejection;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    const now = this.now();
    let window = this.windows.get(reason);
    let suppressedBefore = 0;
    if (!window || now - window.startedAt >= this.options.intervalMs) {
      suppressedBefore = window?.suppressed ?? 0;
      window = { startedAt: now, logged: 0, suppressed: 0 };
      this.windows.set(reason, window);
    }
    if (window.logged >= this.options.lines) {
      window.suppressed++;
      return;
    }
    window.logged++;
    this.options.log.warn(
      {
        reason,
        source: rejection.source,
        ...(request.requestId ? { requestId: request.requestId } : {}),
        ...(request.remoteAddress ? { remoteAddress: request.remoteAddress } : {}),
        ...(rejection.credential ? { credentialSha256: sha256Hex(rejection.credential).slice(0, HASH_PREFIX) } : {}),
        ...(suppressedBefore > 0 ? { notLoggedInLastWindow: suppressedBefore } : {}),
      },
      'authentication failed',
    );
  }

  /** Failures so far, per reason (every reason present, 0 included). */
  snapshot(): Record<AuthFailureReason, number> {
    return Object.fromEntries(this.counts) as Record<AuthFailureReason, number>;
  }
}
