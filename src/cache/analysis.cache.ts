/**
 * Fewer upstream calls for one side (Bedrock or SageMaker): answer from the cache where possible,
 * and make concurrent identical work wait for one call instead of repeating it, within this process
 * (a shared promise per key) and across replicas (a renewed `SET NX PX` lock; waiters poll the
 * cache, and take over if the holder vanishes). Every store call is bounded and fails open.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';
import type { RequestUsage, UpstreamSide } from '../metrics/request-usage.js';
import { type KeyScope, type ResultKeyParts, resultKey } from './cache-keys.js';
import type { FailOpenCache } from './fail-open.cache.js';
import type { HotResults } from './hot-results.js';
import { LockLease } from './lock-lease.js';
import { type CachedResult, decodeResult, encodeResult } from './result.codec.js';

export interface AnalysisCacheSettings {
  scope: KeyScope;
  ttlMs: number;
  /** Lease on an upstream call made for others; renewed while the call runs. */
  lockTtlMs: number;
  /** Longest a request waits for another replica's call before calling itself. */
  lockWaitMs: number;
  /** Part of Bedrock keys: the prompt version and output cap, which change its answers. */
  bedrockVariant: string;
}

/** One side as the cache sees it: how to key, check and call it. */
export interface CachedSide<D, R extends CachedResult> {
  name: UpstreamSide;
  keyOf(document: D): string;
  /** Errors are never cached; neither are results that say they are unreliable. */
  cacheable(result: R): boolean;
  /** Stored fields back to a result, or undefined when they do not look like one (then it is a miss). */
  revive(stored: Record<string, unknown>): R | undefined;
  /** The upstream call: one outcome per document, in order. */
  call(documents: readonly D[]): Promise<Array<R | GraphQLError>>;
}

export interface CacheRequest {
  usage: RequestUsage;
  signal?: AbortSignal | undefined;
}

type Outcome<R> = R | GraphQLError;

interface Leader<D, R> {
  key: string;
  document: D;
  settle(outcome: Outcome<R>): void;
}

// First poll soon (the other call may be nearly done), then back off to this.
const MAX_POLL_MS = 100;

const unsettled = () => gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'the analysis failed');

export class AnalysisCache {
  /** Calls this process is making now, by result key; cleared when they settle. */
  private readonly inFlight = new Map<string, Promise<Outcome<CachedResult>>>();

  constructor(
    readonly store: FailOpenCache,
    private readonly hot: HotResults,
    readonly settings: AnalysisCacheSettings,
  ) {}

  keyFor(parts: ResultKeyParts): string {
    return resultKey(this.settings.scope, parts);
  }

  get callsInFlight(): number {
    return this.inFlight.size;
  }

  /** One outcome per document, in order; never rejects. */
  async load<D, R extends CachedResult>(
    documents: readonly D[],
    side: CachedSide<D, R>,
    request: CacheRequest,
  ): Promise<Array<Outcome<R>>> {
    const keys = documents.map((document) => side.keyOf(document));
    const outcomes: Array<Outcome<R>> = new Array(documents.length);
    const found = await Promise.all(keys.map((key) => this.read(key, side)));

    const joined: Array<Promise<void>> = [];
    const leaders: Array<Leader<D, R>> = [];
    found.forEach((result, index) => {
      request.usage.recordCache({ side: side.name, hit: result !== undefined });
      if (result) {
        outcomes[index] = result;
        return;
      }
      const key = keys[index] as string;
      const running = this.inFlight.get(key) as Promise<Outcome<R>> | undefined;
      if (running) {
        joined.push(
          running.then((outcome) => {
            outcomes[index] = this.shared(outcome, side, request);
          }),
        );
        return;
      }
      const call = Promise.withResolvers<Outcome<R>>();
      this.inFlight.set(key, call.promise);
      void call.promise.then(() => {
        if (this.inFlight.get(key) === call.promise) this.inFlight.delete(key);
      });
      leaders.push({
        key,
        document: documents[index] as D,
        settle: (outcome) => {
          outcomes[index] ??= outcome;
          call.resolve(outcome);
        },
      });
    });

    try {
      await Promise.all([...joined, leaders.length > 0 ? this.lead(leaders, side, request) : undefined]);
    } finally {
      // Whatever happened, nobody waiting on these keys may hang.
      for (const leader of leaders) leader.settle(unsettled());
    }
    return outcomes;
  }

  /** A result another caller fetched: free to this one, and counted as a coalesced wait. */
  private shared<R extends CachedResult>(outcome: Outcome<R>, side: CachedSide<unknown, R>, request: CacheRequest): Outcome<R> {
    if (outcome instanceof GraphQLError) return outcome;
    request.usage.recordCoalescedWait(side.name);
    return { ...outcome, cached: true };
  }

  private async read<R extends CachedResult>(key: string, side: CachedSide<never, R>): Promise<R | undefined> {
    const started = performance.now();
    let result = this.hot.get<R>(key);
    if (!result) {
      const bytes = await this.store.get(key);
      const stored = bytes && decodeResult(bytes);
      const revived = stored ? side.revive(stored) : undefined;
      result = revived && this.hot.set(key, revived, this.settings.ttlMs);
    }
    return result && { ...result, cached: true, latencyMs: performance.now() - started };
  }

  private async lead<D, R extends CachedResult>(
    leaders: Array<Leader<D, R>>,
    side: CachedSide<D, R>,
    request: CacheRequest,
  ): Promise<void> {
    const lease = new LockLease(this.store, this.settings.lockTtlMs);
    try {
      const locks = await Promise.all(leaders.map((leader) => lease.acquire(leader.key)));
      // Without a reachable store there is nobody to coordinate with: call.
      const callNow = leaders.filter((_, index) => locks[index] === 'unavailable');
      const waiting = leaders.filter((_, index) => locks[index] === 'held');
      const locked = leaders.filter((_, index) => locks[index] === 'acquired');
      // The previous holder may have finished between our lookup and our lock.
      const landed = await Promise.all(locked.map((leader) => this.read(leader.key, side)));
      await Promise.all(
        locked.map(async (leader, index) => {
          const result = landed[index];
          if (!result) return callNow.push(leader);
          leader.settle(result);
          request.usage.recordCoalescedWait(side.name);
          await lease.release(leader.key);
        }),
      );
      await Promise.all([this.callAndStore(callNow, side, lease), this.waitForOthers(waiting, side, request, lease)]);
    } finally {
      await lease.releaseAll();
    }
  }

  private async callAndStore<D, R extends CachedResult>(
    leaders: Array<Leader<D, R>>,
    side: CachedSide<D, R>,
    lease: LockLease,
  ): Promise<void> {
    if (leaders.length === 0) return;
    let results: Array<Outcome<R>>;
    try {
      results = await side.call(leaders.map((leader) => leader.document));
    } catch (error) {
      const failure =
        error instanceof GraphQLError ? error : gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'the analysis failed', { cause: error });
      results = leaders.map(() => failure);
    }
    await Promise.all(
      leaders.map(async (leader, index) => {
        const outcome = results[index] ?? unsettled();
        // Written before the lock goes, so a waiter that sees the lock gone finds the result.
        if (!(outcome instanceof GraphQLError) && side.cacheable(outcome))
          await this.store.set(leader.key, encodeResult(outcome), this.settings.ttlMs);
        leader.settle(outcome);
        await lease.release(leader.key);
      }),
    );
  }

  private async waitForOthers<D, R extends CachedResult>(
    leaders: Array<Leader<D, R>>,
    side: CachedSide<D, R>,
    request: CacheRequest,
    lease: LockLease,
  ): Promise<void> {
    const ownCalls: Array<Leader<D, R>> = [];
    await Promise.all(
      leaders.map(async (leader) => {
        const result = await this.awaitOtherReplica(leader.key, side, request.signal, lease);
        if (!result) return ownCalls.push(leader);
        leader.settle(result);
        request.usage.recordCoalescedWait(side.name);
      }),
    );
    await this.callAndStore(ownCalls, side, lease);
  }

  /**
   * Polls for the result another replica is computing. Undefined means "call it yourself": the
   * holder died or failed (its lock lapsed or was released without a result, and we now hold it),
   * the store went away, or the bounded wait ran out.
   */
  private async awaitOtherReplica<R extends CachedResult>(
    key: string,
    side: CachedSide<never, R>,
    signal: AbortSignal | undefined,
    lease: LockLease,
  ): Promise<R | undefined> {
    const deadline = performance.now() + this.settings.lockWaitMs;
    let delay = 5;
    while (!signal?.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, MAX_POLL_MS);
      const result = await this.read(key, side);
      if (result) return result;
      const lock = await lease.acquire(key);
      if (lock === 'held') continue;
      if (lock === 'unavailable') return undefined;
      const landed = await this.read(key, side);
      if (landed) await lease.release(key);
      return landed;
    }
    return undefined;
  }
}
