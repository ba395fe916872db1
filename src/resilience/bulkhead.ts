/**
 * Caps concurrent calls to one upstream target, with a bounded queue: one slow endpoint then holds
 * at most `maxConcurrent` sockets and `maxQueue` waiting requests, and everything past that fails
 * at once instead of piling up in memory.
 */
export class BulkheadFullError extends Error {
  override readonly name = 'BulkheadFullError';
}

interface Waiter {
  grant(): void;
}

export class Bulkhead {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private rejectedCount = 0;
  private peak = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
  ) {}

  /**
   * Resolves with a release function once a slot is free. Rejects with `BulkheadFullError` when the
   * queue is full, or with the signal's reason when the caller gives up while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.running < this.maxConcurrent) return Promise.resolve(this.take());
    if (this.queue.length >= this.maxQueue) {
      this.rejectedCount++;
      return Promise.reject(new BulkheadFullError(`${this.maxConcurrent} calls in flight and ${this.queue.length} waiting`));
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take());
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private take(): () => void {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.queue.shift()?.grant();
    };
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  get rejected(): number {
    return this.rejectedCount;
  }

  get peakActive(): number {
    return this.peak;
  }
}
