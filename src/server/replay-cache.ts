/**
 * Exact repeats answered before GraphQL runs. A response goes in only when GraphQL produced it with
 * no upstream call, every result lookup a hit, no error and nothing asked of it beyond its data (no
 * usage extension): running the operation again would give the same answer. Entries are per tenant
 * (the key hashes the tenant with the request), short-lived, and bounded by count and bytes. The
 * request is still authenticated, measured and logged; only parsing, validation and execution are
 * skipped. `latencyMs` in a replayed answer is that of the answer it repeats.
 */
import { createHash } from 'node:crypto';
import type { RequestObservation } from '../metrics/request-observation.js';

export interface ReplayCacheOptions {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
}

/** What a replay re-records as metrics: the observation without this request's own identity and timing. */
export type ReplayedObservation = Omit<RequestObservation, 'requestId' | 'startedAt' | 'latencyMs' | 'replayed'>;

export interface ReplayEntry {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  body: string;
  observation: ReplayedObservation;
}

interface Stored extends ReplayEntry {
  bytes: number;
  expiresAt: number;
}

/** Larger answers (SageMaker details of a long contract) are left to the result cache. */
const MAX_ENTRY_BYTES = 256 * 1024;

/** True when the operation, run again now, would give this same answer at no upstream cost. */
export function isReplayable(observation: RequestObservation, askedForUsage: boolean): boolean {
  return (
    !askedForUsage &&
    observation.operationType === 'query' &&
    observation.errorCodes.length === 0 &&
    observation.upstreamCalls.length === 0 &&
    observation.cacheLookups.every((lookup) => lookup.hit) &&
    observation.coalescedWaits.bedrock === 0 &&
    observation.coalescedWaits.sagemaker === 0
  );
}

export class ReplayCache {
  // Insertion order is recency order (a hit re-inserts).
  private readonly entries = new Map<string, Stored>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: ReplayCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Everything that can change the answer to a JSON POST: who asks, what it accepts, the exact body. */
  keyFor(tenant: string, accept: string, body: string): string {
    return createHash('sha256').update(tenant).update('\0').update(accept).update('\0').update(body).digest('base64url');
  }

  get(key: string): ReplayEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key, entry);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry;
  }

  set(key: string, entry: ReplayEntry): void {
    const bytes = Buffer.byteLength(entry.body) + key.length;
    if (bytes > MAX_ENTRY_BYTES || bytes > this.options.maxBytes || this.options.maxEntries === 0) return;
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { ...entry, bytes, expiresAt: this.now() + this.options.ttlMs });
    this.bytes += bytes;
    for (const [oldest, stored] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.remove(oldest, stored);
    }
  }

  private remove(key: string, entry: Stored): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
