// Runs a job over a stream of items, in this thread and, for a large input, on worker threads,
// writing the verdicts in input order with a bounded number of batches in flight.

import type { Writable } from "node:stream";
import type { Item, Job, Verdicts, WorkerAnswer } from "./line-jobs.js";
import { LineWriter } from "./ndjson.js";
import { isClosedOutput, isCommandFailure } from "./io.js";
import { verdictsFor } from "./verdicts.js";
import { LINES_BYTES, Pool } from "./worker-pool.js";

/**
 * Input read before workers start. Two workers cost about 0.3 s of CPU time to start and hand
 * batches over: on 2 cores, `--jobs 2` takes 1.07 x the time of `--jobs 1` over a 20 MB file
 * (100,000 lines) and 0.83 x over 40 MB, so below 32 MiB they would not pay.
 */
const IN_THREAD_BYTES = 32 * 1024 * 1024;

/** Batches whose verdicts wait to be written, at most: this bounds memory when the reader lags. */
const MAX_WAITING = 16;

/** A longer batch (a long line) is checked in this thread: a worker's heap stays small and bounded. */
const MAX_WORKER_BATCH = 2 * LINES_BYTES;

/** How {@link writeVerdicts} shares the work; tests change it to make workers take every batch. */
export interface ShareOptions {
  /** Input read before workers are started. Defaults to 32 MiB. */
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
 * the input passes 32 MiB (or at once, for an input known to be larger), `jobs` worker threads
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
    // Nothing here rejects: #flush keeps a failure in #failure, for waitForRoom to throw.
    void result
      .then(
        (value) => (slot.result = value),
        (error: unknown) => (slot.failure = { error }),
      )
      .then(() => this.#flush());
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
