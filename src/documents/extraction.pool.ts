/**
 * A small pool of worker threads that turn file bytes into text off the event loop, so one large PDF
 * does not stall every other request. Workers start on the first file (a gateway that never sees one
 * never starts a thread); each task has a deadline, and a worker past it is terminated and replaced,
 * so a pathological file costs at most that long and one thread, never a stuck worker.
 */
import { Worker } from 'node:worker_threads';
import type { DocumentFormat } from './document-format.js';
import { type ExtractedText, ExtractionError, type ExtractionLimits, type ExtractionReply } from './extraction.types.js';

export interface ExtractionPoolSettings {
  /** Worker threads at most. */
  size: number;
  /** Per file, from the moment a worker takes it; the worker is terminated past it. */
  timeoutMs: number;
  /** V8 old-generation cap per worker, MiB: a file that needs more ends its worker, not the process. */
  maxWorkerMemoryMb: number;
}

interface Task {
  id: number;
  format: DocumentFormat;
  bytes: Uint8Array;
  limits: ExtractionLimits;
  resolve(extracted: ExtractedText): void;
  reject(error: ExtractionError): void;
  /** Detaches the task from its caller's signal. */
  release(): void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
}

// Under tsx and vitest this module is the .ts source and the worker needs tsx to load; from dist/ both are .js.
const WORKER_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(WORKER_SOURCE ? './extraction.worker.ts' : './extraction.worker.js', import.meta.url);
const WORKER_EXEC_ARGV = WORKER_SOURCE ? ['--import', 'tsx'] : [];

function abandoned(): ExtractionError {
  return new ExtractionError('timeout', "the request's deadline passed before the file was read");
}

export class ExtractionPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly settings: ExtractionPoolSettings) {}

  /** Worker threads alive now (tests and metrics). */
  get workers(): number {
    return this.slots.size;
  }

  /**
   * `signal`: the request's deadline. When it fires first, a waiting file leaves the queue and a file
   * being read has its worker terminated: nobody is left to use the text.
   */
  extract(format: DocumentFormat, bytes: Uint8Array, limits: ExtractionLimits, signal?: AbortSignal): Promise<ExtractedText> {
    if (this.closed) return Promise.reject(new ExtractionError('crashed', 'the document reader is shut down'));
    if (signal?.aborted) return Promise.reject(abandoned());
    return new Promise<ExtractedText>((resolve, reject) => {
      const onAbort = () => this.abandon(task);
      const task: Task = {
        id: this.nextId++,
        format,
        bytes,
        limits,
        resolve: (extracted) => {
          task.release();
          resolve(extracted);
        },
        reject: (error) => {
          task.release();
          reject(error);
        },
        release: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.dispatch();
    });
  }

  private abandon(task: Task): void {
    const waiting = this.queue.indexOf(task);
    if (waiting !== -1) {
      this.queue.splice(waiting, 1);
      task.reject(abandoned());
      return;
    }
    const slot = [...this.slots].find((candidate) => candidate.task === task);
    if (slot) this.retire(slot, abandoned());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new ExtractionError('crashed', 'the document reader is shut down'));
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.task?.reject(new ExtractionError('crashed', 'the document reader is shut down'));
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((candidate) => candidate.task === undefined);
      if (!slot && this.slots.size < this.settings.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift();
      if (!task) return;
      this.start(slot, task);
    }
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.retire(slot, new ExtractionError('timeout', `reading the file took longer than ${this.settings.timeoutMs} ms`));
    }, this.settings.timeoutMs);
    // A copy, so the caller's bytes stay usable (the Bedrock document block sends them too).
    const bytes = new Uint8Array(task.bytes);
    slot.worker.postMessage({ id: task.id, format: task.format, bytes, limits: task.limits }, [bytes.buffer]);
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      execArgv: WORKER_EXEC_ARGV,
      resourceLimits: { maxOldGenerationSizeMb: this.settings.maxWorkerMemoryMb },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (reply: ExtractionReply) => this.finish(slot, reply));
    worker.on('error', (error) => {
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(
        slot,
        outOfMemory
          ? new ExtractionError('too-large', 'reading the file needs more memory than a document worker has')
          : new ExtractionError('crashed', `the document worker failed (${error.message})`),
      );
    });
    worker.on('exit', () => this.retire(slot, new ExtractionError('crashed', 'the document worker exited')));
    this.slots.add(slot);
    return slot;
  }

  private finish(slot: Slot, reply: ExtractionReply): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.worker.unref();
    if (reply.ok) task.resolve({ text: reply.text, pages: reply.pages });
    else task.reject(new ExtractionError(reply.reason, reply.message));
    this.dispatch();
  }

  /** Fails the slot's task (if any), terminates its worker and lets a new one take the queue. */
  private retire(slot: Slot, error: ExtractionError): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = undefined;
    task?.reject(error);
    void slot.worker.terminate().catch(() => undefined);
    if (!this.closed) this.dispatch();
  }
}
