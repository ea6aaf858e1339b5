// Runs a job over a stream of items, in this thread and, for a large input, on worker threads too,
// writing the verdicts in input order with a bounded number of batches in flight.

import { Worker } from "node:worker_threads";
import type { Writable } from "node:stream";
import type { BatchResult, Item, Job } from "./line-jobs.js";
import { LineWriter } from "./ndjson.js";
import { CommandFailure, isClosedOutput, isCommandFailure } from "./io.js";
import { verdictsFor } from "./verdicts.js";

/** Input read before workers start: a worker costs about the CPU time of 40,000 lines to start. */
const IN_THREAD_BYTES = 8 * 1024 * 1024;

/** Batches sent to one worker and not answered yet: one being worked on, one waiting, so it never idles. */
const PER_WORKER = 2;

/** Batches whose verdicts wait to be written, at most: this bounds memory when a worker lags. */
const MAX_WAITING = 16;

/** How {@link writeVerdicts} shares the work; tests change it to make workers take every batch. */
export interface ShareOptions {
  /** Input read before workers are started. Defaults to 8 MiB. */
  inThreadBytes?: number;
  /** Whether this thread works on batches too once workers run, or only waits for them. Defaults to true. */
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
 * the input passes 8 MiB, `jobs - 1` worker threads start; each takes batches once it is
 * ready, and this thread works on the rest. Resolves once every verdict has left the process;
 * stops early, `outputClosed`, when the reader closes the output. Rejects with a
 * {@link CommandFailure} when writing fails otherwise (a full disk) or a worker fails; workers
 * are stopped either way.
 */
export async function writeVerdicts(
  items: AsyncIterable<Item>,
  job: Job,
  jobs: number,
  out: Writable,
  { inThreadBytes = IN_THREAD_BYTES, sameThread = true }: ShareOptions = {},
): Promise<RunSummary> {
  const verdicts = verdictsFor(job);
  const writer = new LineWriter(out);
  const summary: RunSummary = { items: 0, rejected: false, outputClosed: false };
  const write = (result: BatchResult) => {
    if (result.rejected) summary.rejected = true;
    return writer.writeText(result.text);
  };
  const ordered = new Ordered(write);
  let pool: Pool | undefined;
  let read = 0;
  try {
    for await (const item of items) {
      summary.items++;
      if (item instanceof Uint8Array) {
        read += item.length;
        if (jobs > 1 && pool === undefined && read > inThreadBytes) pool = new Pool(job, sameThread ? jobs - 1 : jobs);
        let worker = pool?.idle();
        while (pool !== undefined && worker === undefined && !sameThread) {
          await pool.change();
          worker = pool.idle();
        }
        if (worker !== undefined) {
          ordered.add(pool!.run(worker, item));
          continue;
        }
      }
      ordered.add(verdicts(item));
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

interface Slot {
  result?: BatchResult;
  failure?: { error: unknown };
}

/** Results that may come in any order, written in the order they were added. */
class Ordered {
  readonly #slots: Slot[] = [];
  readonly #write: (result: BatchResult) => Promise<void>;
  #writing = false;
  #failure: { error: unknown } | undefined;
  #wake: (() => void) | undefined;

  constructor(write: (result: BatchResult) => Promise<void>) {
    this.#write = write;
  }

  /** Adds a result, or one to come. */
  add(result: BatchResult | Promise<BatchResult>): void {
    const slot: Slot = {};
    this.#slots.push(slot);
    if (!(result instanceof Promise)) {
      slot.result = result;
      void this.#flush();
      return;
    }
    // Nothing here rejects: #flush keeps a failure in #failure, for waitForRoom to throw.
    void result.then(
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
    } finally {
      this.#writing = false;
      this.#wake?.();
    }
  }
}

/** Starts a worker on line-worker.js; from the TypeScript sources (tests, benchmarks), through tsx. */
function startWorker(job: Job): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./line-worker.js", import.meta.url), { workerData: job });
  // A worker does not inherit the loader hooks of --import tsx, so it registers them itself.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./line-worker.ts", import.meta.url).href);
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true, workerData: job });
}

interface PoolWorker {
  worker: Worker;
  /** Set once the worker has loaded the schema and can take batches. */
  ready: boolean;
  /** The batches sent and not answered yet, oldest first. */
  waiting: { resolve: (result: BatchResult) => void; reject: (error: unknown) => void }[];
}

/** Worker threads that each answer their batches in the order they were sent. */
class Pool {
  readonly #workers: PoolWorker[];
  #failure: { error: unknown } | undefined;
  #changed: (() => void) | undefined;

  constructor(job: Job, size: number) {
    this.#workers = Array.from({ length: size }, () => {
      const entry: PoolWorker = { worker: startWorker(job), ready: false, waiting: [] };
      entry.worker.on("message", (result: BatchResult | "ready") => {
        if (result === "ready") entry.ready = true;
        else entry.waiting.shift()?.resolve(result);
        this.#changed?.();
      });
      const fail = (error: unknown) => {
        entry.ready = false;
        this.#failure ??= { error };
        for (const waiter of entry.waiting.splice(0)) waiter.reject(error);
        this.#changed?.();
      };
      entry.worker.on("error", (error: unknown) => {
        const reason = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0]!.slice(0, 200);
        fail(new CommandFailure("WORKER_FAILED", `a worker thread failed: ${reason}`, { cause: error }));
      });
      entry.worker.on("exit", (code) => fail(new CommandFailure("WORKER_FAILED", `a worker thread stopped (exit code ${code})`)));
      return entry;
    });
  }

  /** A ready worker with room for a batch, the least busy one, if any. */
  idle(): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const entry of this.#workers) {
      if (entry.ready && entry.waiting.length < PER_WORKER && (best === undefined || entry.waiting.length < best.waiting.length)) best = entry;
    }
    return best;
  }

  /** Resolves when a worker becomes ready or answers; rejects once one has failed. */
  async change(): Promise<void> {
    if (this.#failure === undefined) await new Promise<void>((resolve) => (this.#changed = resolve));
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Sends a batch to a worker; resolves to its verdicts. */
  run(entry: PoolWorker, batch: Uint8Array): Promise<BatchResult> {
    // A copy of just the batch's bytes (a chunk's buffer may be shared), moved to the worker.
    const copy = new Uint8Array(batch.length);
    copy.set(batch);
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      entry.worker.postMessage(copy, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    this.#failure ??= { error: new Error("closed") };
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}
