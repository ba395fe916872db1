import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Deadline, withDeadline } from '../../src/resilience/deadline.js';

describe('Deadline', () => {
  it('aborts with a TimeoutError when its time runs out', async () => {
    const deadline = new Deadline(20);

    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));

    expect(deadline.signal.reason).toBeInstanceOf(DOMException);
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it("aborts with the parent's reason when the parent aborts first", () => {
    const parent = new AbortController();
    const deadline = new Deadline(60_000, parent.signal);
    const reason = new Error('request cancelled');

    parent.abort(reason);

    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
  });

  it('starts aborted under a parent that already is', () => {
    const parent = new AbortController();
    parent.abort(new Error('gone'));

    expect(new Deadline(60_000, parent.signal).signal.aborted).toBe(true);
  });

  it('once disposed, neither its timer nor its parent aborts it', async () => {
    const parent = new AbortController();
    const deadline = new Deadline(20, parent.signal);

    deadline.dispose();
    await sleep(60);
    parent.abort();

    expect(deadline.signal.aborted).toBe(false);
  });
});

describe('withDeadline', () => {
  it('hands the work a signal that aborts at the deadline', async () => {
    const failure = withDeadline(20, undefined, (signal) => sleep(10_000, undefined, { signal }));

    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('disposes the deadline when the work settles, whether it resolved or threw', async () => {
    const signals: AbortSignal[] = [];
    await withDeadline(20, undefined, async (signal) => void signals.push(signal));
    await expect(
      withDeadline(20, undefined, async (signal) => {
        signals.push(signal);
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');

    await sleep(60);

    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });
});
