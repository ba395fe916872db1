/**
 * Exact repeats answered before GraphQL runs. A response goes in only when GraphQL produced it with
 * no upstream call, every result lookup a hit, no error and nothing asked of it beyond its data (no
 * usage extension): running the operation again would give the same answer. Entries are per tenant
 * (the key hashes the tenant with the request), short-lived, and bounded by count and bytes. The
 * request is still authenticated, measured and logged; only parsing, validation and execution are
 * skipped. `latencyMs` in a replayed answer is that of the answer it repeats.
 */
import { createHash } from 'node:crypto';
import { BoundedTtlMap } from '../cache/bounded-ttl-map.js';
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

/** Larger answers (SageMaker details of a long contract) are left to the result cache. */
const MAX_ENTRY_BYTES = 256 * 1024;

const entryBytes = (key: string, entry: ReplayEntry): number => Buffer.byteLength(entry.body) + key.length;

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
  private readonly entries: BoundedTtlMap<ReplayEntry>;

  constructor(private readonly options: ReplayCacheOptions) {
    this.entries = new BoundedTtlMap<ReplayEntry>({
      maxEntries: options.maxEntries,
      maxBytes: options.maxBytes,
      sizeOf: entryBytes,
      ...(options.now ? { now: options.now } : {}),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Everything that can change the answer to a JSON POST: who asks, what it accepts, the exact body. */
  keyFor(tenant: string, accept: string, body: string): string {
    return createHash('sha256').update(tenant).update('\0').update(accept).update('\0').update(body).digest('base64url');
  }

  get(key: string): ReplayEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: ReplayEntry): void {
    // Checked here, not left to the map, so an answer too large to keep leaves the previous one in place.
    const bytes = entryBytes(key, entry);
    if (bytes > MAX_ENTRY_BYTES || bytes > this.options.maxBytes) return;
    this.entries.set(key, entry, this.options.ttlMs);
  }
}
