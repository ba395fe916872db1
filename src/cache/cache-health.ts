/**
 * Whether the shared store is reachable, logged once per transition (down, back) and never per
 * request: a Redis outage under load would otherwise flood the logs with one line per lookup.
 */
import type { Logger } from 'pino';

export class CacheHealth {
  private up = true;
  private downSince = 0;

  constructor(
    private readonly log: Logger,
    private readonly store: string,
  ) {}

  down(reason: unknown): void {
    if (!this.up) return;
    this.up = false;
    this.downSince = Date.now();
    const message = reason instanceof Error ? reason.message : String(reason);
    this.log.warn({ store: this.store, reason: message }, 'cache unavailable: serving uncached until it returns');
  }

  recovered(): void {
    if (this.up) return;
    this.up = true;
    this.log.info({ store: this.store, downMs: Date.now() - this.downSince }, 'cache available again');
  }
}
