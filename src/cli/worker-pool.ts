// Worker threads for `decode` and `validate --jobs N`: batches of lines go to them and their
// verdicts come back, in buffers moved to a worker and back and used again.

import { Worker } from "node:worker_threads";
import type { Job, WorkerAnswer, WorkerBatch } from "./line-jobs.js";
import { CommandFailure } from "./io.js";

/** Batches sent to one worker and not answered yet: one being worked on, one waiting, so it never idles. */
const PER_WORKER = 2;

/** The buffers a batch of lines and its verdicts travel in, to a worker and back: their usual size. */
export const LINES_BYTES = 64 * 1024;
const OUT_BYTES = 2 * LINES_BYTES;

/** The largest verdicts buffer kept for the next batch. */
const MAX_OUT_BYTES = 4 * 1024 * 1024;

/**
 * A worker's heap, in MB: left alone, each thread's young generation grows to 48 MB over a long
 * run, and its old one fills with what the young one promoted before it is collected. A worker
 * holds the schema (about 8 MB) and one line at a time (batches of long lines stay in the main
 * thread), and writes each verdict out as it is made: it needs little, and the caps cost it no
 * CPU time measurably. 1,000,000 lines on two workers peak at 92 to 96 MB with them, 110 to
 * 112 MB without.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 };

/** Starts a worker on line-worker.js; from the TypeScript sources (tests, benchmarks), through tsx. */
function startWorker(job: Job): Worker {
  const resourceLimits = WORKER_LIMITS;
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./line-worker.js", import.meta.url), { workerData: job, resourceLimits });
  // A worker does not inherit the loader hooks of --import tsx, so it registers them itself.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./line-worker.ts", import.meta.url).href);
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: job, resourceLimits });
}

interface PoolWorker {
  worker: Worker;
  /** Set once the worker has loaded the schema and can take batches. */
  ready: boolean;
  /** The batches sent and not answered yet, oldest first. */
  waiting: { resolve: (answer: WorkerAnswer) => void; reject: (error: unknown) => void }[];
}

/** The two buffers one batch travels in. */
interface Buffers {
  lines: ArrayBuffer;
  out: ArrayBuffer;
}

/**
 * Worker threads that each answer their batches in the order they were sent. Batches travel in
 * a fixed set of buffers, moved to a worker and back and used again once their verdicts are
 * written: no batch is copied twice, and memory does not grow with the input.
 */
export class Pool {
  readonly #workers: PoolWorker[];
  /** Buffers not in use; at most `#buffers` are ever made. */
  readonly #free: Buffers[] = [];
  #buffers: number;
  #failure: { error: unknown } | undefined;
  #changed: (() => void) | undefined;

  constructor(job: Job, size: number) {
    // Enough for every worker to hold its share and for as many answers to wait to be written.
    this.#buffers = size * PER_WORKER * 2;
    this.#workers = Array.from({ length: size }, () => {
      const entry: PoolWorker = { worker: startWorker(job), ready: false, waiting: [] };
      entry.worker.on("message", (answer: WorkerAnswer | "ready") => {
        if (answer === "ready") entry.ready = true;
        else entry.waiting.shift()?.resolve(answer);
        this.#change();
      });
      const fail = (error: unknown) => {
        entry.ready = false;
        this.fail(error);
        for (const waiter of entry.waiting.splice(0)) waiter.reject(error);
      };
      entry.worker.on("error", (error: unknown) => {
        const reason = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0]!.slice(0, 200);
        fail(new CommandFailure("WORKER_FAILED", `a worker thread failed: ${reason}`, { cause: error }));
      });
      entry.worker.on("exit", (code) => fail(new CommandFailure("WORKER_FAILED", `a worker thread stopped (exit code ${code})`)));
      return entry;
    });
  }

  /** Whether a worker has started and can take batches. */
  ready(): boolean {
    return this.#workers.some((entry) => entry.ready);
  }

  /**
   * Sends a copy of `batch` to the least busy worker, once one has room and a buffer is free;
   * resolves, once sent, to its verdicts to come (wrapped: a promise would be awaited through).
   * Rejects once a worker or the output has failed.
   */
  async send(batch: Uint8Array): Promise<{ answer: Promise<WorkerAnswer> }> {
    let entry = this.#idle();
    while (this.#failure === undefined && (entry === undefined || (this.#free.length === 0 && this.#buffers === 0))) {
      await new Promise<void>((resolve) => (this.#changed = resolve));
      entry = this.#idle();
    }
    if (this.#failure !== undefined) throw this.#failure.error;
    let buffers = this.#free.pop();
    if (buffers === undefined) {
      this.#buffers--;
      buffers = { lines: new ArrayBuffer(LINES_BYTES), out: new ArrayBuffer(OUT_BYTES) };
    }
    // A batch longer than the usual buffer (a long line) gets a buffer of its own.
    const lines = new Uint8Array(batch.length <= buffers.lines.byteLength ? buffers.lines : new ArrayBuffer(batch.length), 0, batch.length);
    lines.set(batch);
    const message: WorkerBatch = { lines, out: new Uint8Array(buffers.out) };
    const answer = new Promise<WorkerAnswer>((resolve, reject) => entry!.waiting.push({ resolve, reject }));
    entry!.worker.postMessage(message, [lines.buffer, message.out.buffer]);
    return { answer };
  }

  /** Takes back the buffers of an answer whose verdicts have been written. */
  release({ lines, out }: WorkerAnswer): void {
    // A buffer grown for a long line is dropped, and the usual size made again. One a worker
    // grew for long verdicts (many short invalid lines) is kept, up to a bound: dropped, each
    // would wait outside this thread's small heap for a collection that comes rarely.
    this.#free.push({
      lines: lines.buffer.byteLength === LINES_BYTES ? lines.buffer : new ArrayBuffer(LINES_BYTES),
      out: out.buffer.byteLength <= MAX_OUT_BYTES ? out.buffer : new ArrayBuffer(OUT_BYTES),
    });
    this.#change();
  }

  /** Stops handing out batches: `send` rejects with `error` from now on. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#change();
  }

  async close(): Promise<void> {
    this.fail(new Error("closed"));
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }

  /** A ready worker with room for a batch, the least busy one, if any. */
  #idle(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const entry of this.#workers) {
      if (entry.ready && entry.waiting.length < PER_WORKER && (best === undefined || entry.waiting.length < best.waiting.length)) best = entry;
    }
    return best;
  }

  #change(): void {
    const changed = this.#changed;
    this.#changed = undefined;
    changed?.();
  }
}
