/**
 * A deadline as an AbortSignal that costs nothing once disposed. `AbortSignal.timeout` cannot be
 * cancelled: its timer fires long after the call ended (building a DOMException and dispatching to
 * every listener the SDK left on it), and `AbortSignal.any` ties sources and result together with weak
 * references the collector has to process. Every upstream call made several of both.
 */

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onParentAbort = () => this.abort(this.parent?.reason);

  constructor(
    readonly timeoutMs: number,
    private readonly parent?: AbortSignal,
  ) {
    this.timer = setTimeout(
      () => this.abort(new DOMException(`The operation was aborted due to timeout (${timeoutMs} ms)`, 'TimeoutError')),
      timeoutMs,
    );
    // A deadline bounds work; it must not keep a process alive on its own.
    this.timer.unref();
    if (parent?.aborted) this.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private abort(reason: unknown): void {
    this.dispose();
    this.controller.abort(reason);
  }

  /** Stops the timer and lets go of the parent; the signal stays as it is. */
  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

/** Runs `work` under a deadline of `timeoutMs` (and the parent's), and disposes it when work settles. */
export async function withDeadline<T>(
  timeoutMs: number,
  parent: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new Deadline(timeoutMs, parent);
  try {
    return await work(deadline.signal);
  } finally {
    deadline.dispose();
  }
}
