/** Failed authentications as a Prometheus counter, read from `AuthFailures.snapshot()` at scrape time. */
import { Counter, type Registry } from 'prom-client';
import type { AuthFailures } from './auth-failures.js';

export function registerAuthFailureMetrics(registry: Registry, failures: AuthFailures, prefix = 'gateway_'): void {
  new Counter({
    name: `${prefix}auth_failures_total`,
    help: 'Requests refused for their credentials, by reason (missing, malformed, bad_key, bad_token, expired, ...).',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(failures.snapshot())) this.inc({ reason }, count);
    },
  });
}
