// Runs a job over a stream of items, in this thread and, for a large input, on worker threads,
// writing the verdicts in input order with a bounded number of batches in flight.

import { Worker } from "node:worker_threads";
import type { Writable } from "node:stream";
import type { Item, Job, Verdicts, WorkerAnswer, WorkerBatch } from "./line-jobs.js";
import { LineWriter } from "./ndjson.js";
import { CommandFailure, isClosedOutput, isCommandFailure } from "./io.js";
import { verdictsFor } from "./verdicts.js";

/** Input read before workers start: a worker costs about the CPU time of 40,000 lines to start. */
const IN_THREAD_BYTES = 8 * 1024 * 1024;

/** Batches sent to one worker and not answered yet: one being worked on, one waiting, so it never idles. */
const PER_WORKER = 2;

/** Batches whose verdicts wait to be written, at most: this bounds memory when the reader lags. */
const MAX_WAITING = 16;

/** The buffers a batch of lines and its verdicts travel in, to a worker and back: their usual size. */
const LINES_BYTES = 64 * 1024;
const OUT_BYTES = 2 * LINES_BYTES;

/** A longer batch (a long line) is checked in this thread: a worker's heap stays small and bounded. */
const MAX_WORKER_BATCH = 2 * LINES_BYTES;

/**
 * A worker's heap, in MB: left alone, each thread's young generation grows to 48 MB over a long
 * run, and its old one fills with what the young one promoted before it is collected. A worker
 * holds the schema (about 8 MB) and one line at a time (batches of long lines stay in this
 * thread), and writes each verdict out as it is made: it needs little, and a small heap costs it
 * no time. 1,000,000 lines on two workers peak at about 90 MB instead of 135 MB.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 };

/** How {@link writeVerdicts} shares the work; tests change it to make workers take every batch. */
export interface ShareOptions {
  /** Input read before workers are started. Defaults to 8 MiB. */
  inThreadBytes?: number;
  /**
   * The input's size when it is known beforehand (files). Past `inThreadBytes`, workers start at
   * once and this thread never works on lines itself, nor loads the schema.
   */
  expectedBytes?: number;
  /** Whether this thread works on batches until a worker is ready, or waits for one. Defaults to true. */
  sameThread?: boolean;
}

/** What a run saw: how many items it read, whether any line was rejected, whether its reader went away. */
export interface RunSummary {
  items: number;
  rejected: boolean;
  /** The output was closed before the run ended (`| head -1`): the run stopped there. */
  outputClosed: boolean;
}

/**
 * Writes the verdicts of `job` for every item to `out`, in input order. With `jobs` > 1, once
 * the input passes 8 MiB (or at once, for an input known to be larger), `jobs` worker threads
 * start; this thread works on batches until one is ready, then only reads, hands out batches
 * and writes verdicts; a line too long for a worker's buffers it checks itself. Resolves once every verdict
 * has left the process; stops early, `outputClosed`, when the reader closes the output. Rejects
 * with a {@link CommandFailure} when writing fails otherwise (a full disk) or a worker fails;
 * workers are stopped either way.
 */
export async function writeVerdicts(
  items: AsyncIterable<Item>,
  job: Job,
  jobs: number,
  out: Writable,
  { inThreadBytes = IN_THREAD_BYTES, expectedBytes = 0, sameThread = true }: ShareOptions = {},
): Promise<RunSummary> {
  // Made when this thread first needs them: not at all, when workers take every batch.
  let verdicts: Verdicts | undefined;
  const writer = new LineWriter(out);
  const summary: RunSummary = { items: 0, rejected: false, outputClosed: false };
  let pool: Pool | undefined;
  const write = async (result: Verdict) => {
    if (result.rejected) summary.rejected = true;
    if ("text" in result) return writer.writeText(result.text);
    try {
      // Waits until the stream is done with the bytes: their buffer goes back to the pool.
      await writer.writeBytes(result.out.subarray(0, result.length));
    } finally {
      pool?.release(result);
    }
  };
  const ordered = new Ordered(write, (error) => pool?.fail(error));
  let read = 0;
  if (jobs > 1 && expectedBytes > inThreadBytes) {
    pool = new Pool(job, jobs);
    sameThread = false;
  }
  try {
    for await (const item of items) {
      summary.items++;
      if (item instanceof Uint8Array) {
        read += item.length;
        if (jobs > 1 && pool === undefined && read > inThreadBytes) pool = new Pool(job, jobs);
        if (pool !== undefined && item.length <= MAX_WORKER_BATCH && (!sameThread || pool.ready())) {
          ordered.add((await pool.send(item)).answer);
          continue;
        }
      }
      verdicts ??= await verdictsFor(job);
      let text = "";
      const rejected = verdicts(item, (line) => (text += line));
      ordered.add({ text, rejected });
      await ordered.waitForRoom(MAX_WAITING);
    }
    await ordered.waitForRoom(0);
    await writer.flush();
  } catch (error) {
    if (!(isCommandFailure(error) && isClosedOutput(error))) throw error;
    summary.outputClosed = true;
  } finally {
    await pool?.close();
  }
  return summary;
}

/** Verdicts made in this thread, as text, or by a worker, as bytes. */
type Verdict = { text: string; rejected: boolean } | WorkerAnswer;

interface Slot {
  result?: Verdict;
  failure?: { error: unknown };
}

/** Results that may come in any order, written in the order they were added. */
class Ordered {
  readonly #slots: Slot[] = [];
  readonly #write: (result: Verdict) => Promise<void>;
  readonly #onFailure: (error: unknown) => void;
  #writing = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  constructor(write: (result: Verdict) => Promise<void>, onFailure: (error: unknown) => void) {
    this.#write = write;
    this.#onFailure = onFailure;
  }

  /** Adds a result, or one to come. */
  add(result: Verdict | Promise<Verdict>): void {
    const slot: Slot = {};
    this.#slots.push(slot);
    if (!(result instanceof Promise)) {
      slot.result = result;
      void this.#flush();
      return;
    }
    result.then(
      (value) => (slot.result = value),
      (error: unknown) => (slot.failure = { error }),
    ).then(() => this.#flush());
  }

  /** Resolves once at most `size` results wait to be written; rejects with the first failure. */
  async waitForRoom(size: number): Promise<void> {
    while (this.#failure === undefined && this.#slots.length > size) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  async #flush(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      for (let slot = this.#slots[0]; this.#failure === undefined && slot !== undefined; slot = this.#slots[0]) {
        if (slot.failure !== undefined) throw slot.failure.error;
        if (slot.result === undefined) break;
        await this.#write(slot.result);
        this.#slots.shift();
      }
    } catch (error) {
      this.#failure = { error };
      this.#onFailure(error);
    } finally {
      this.#writing = false;
      this.#wake?.();
    }
  }
}

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
class Pool {
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
    // Buffers grown for a long line are dropped, and the usual size made again.
    this.#free.push({
      lines: lines.buffer.byteLength === LINES_BYTES ? lines.buffer : new ArrayBuffer(LINES_BYTES),
      out: out.buffer.byteLength === OUT_BYTES ? out.buffer : new ArrayBuffer(OUT_BYTES),
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
