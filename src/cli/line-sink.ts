// Writes whole lines to standard output or a file, and tells each writer once its line has left
// the process: what `serve` waits for before it answers 200. The lines of one turn of the event
// loop are written together, and so are those that come while a write is in flight.

import { fstat, fstatSync, ftruncate, write } from "node:fs";
import { open } from "node:fs/promises";
import type { Writable } from "node:stream";
import { isatty } from "node:tty";
import { CommandFailure, isClosedOutput, outputFailure } from "./io.js";

/** How a {@link LineSink} is bounded and watched. */
export interface LineSinkOptions {
  /** What the sink writes to, as messages name it, such as "standard output". */
  target: string;
  /** The time a line may wait for its write, in ms, before its writer is told it failed. Defaults to 10,000. */
  timeoutMs?: number;
  /** The most bytes of lines waiting for the next write; a line beyond is refused at once. Defaults to 8 MiB. */
  maxWaitingBytes?: number;
  /** Told when writing starts failing, or fails for another cause, and (with undefined) when it works again. */
  onHealth?: (failure: CommandFailure | undefined) => void;
}

/** Where a sink's bytes go. */
export interface LineDevice {
  /** Writes all of `text`; on an error, tells how many bytes were written first (-1: not known). */
  write(text: string): Promise<{ error?: unknown; written: number }>;
  /** Cuts the last `bytes` bytes off a file this process alone appends to; resolves to whether it did. */
  truncate?(bytes: number): Promise<boolean>;
}

/** Lines written at once, at most: more would make the first of them wait for the last to be taken. */
const BATCH_BYTES = 64 * 1024;

interface Batch {
  lines: string[];
  waiters: Array<{ resolve: () => void; reject: (error: CommandFailure) => void }>;
  bytes: number;
  settled: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Lines to one file descriptor, one write in flight at a time. {@link LineSink.append} resolves
 * once the line has left the process: handed to the kernel (a pipe, a socket, a terminal) or
 * written to the file. A line that cannot be written, or is not within the time allowed,
 * rejects with a {@link CommandFailure}; a line cut short by a failed write is never
 * acknowledged, and the next line starts on a line of its own.
 */
export class LineSink {
  readonly #device: LineDevice;
  readonly #target: string;
  readonly #timeoutMs: number;
  readonly #maxWaitingBytes: number;
  readonly #onHealth: ((failure: CommandFailure | undefined) => void) | undefined;
  /** Batches waiting for their write, oldest first; only the last one takes more lines. */
  readonly #queue: Batch[] = [];
  #waitingBytes = 0;
  #writing: Promise<void> | undefined;
  /** The last write stopped inside a line: the next write starts with `\n`. */
  #midLine = false;
  /** Set once the output is gone for good, or the sink is closed. */
  #closed: CommandFailure | undefined;
  #failing: CommandFailure | undefined;

  constructor(device: LineDevice, { target, timeoutMs = 10_000, maxWaitingBytes = 8 * 1024 * 1024, onHealth }: LineSinkOptions) {
    this.#device = device;
    this.#target = target;
    this.#timeoutMs = timeoutMs;
    this.#maxWaitingBytes = maxWaitingBytes;
    this.#onHealth = onHealth;
  }

  /** Writes `line` (ending in `\n`); resolves once it has left the process, rejects if it cannot. */
  append(line: string): Promise<void> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    if (this.#waitingBytes > 0 && this.#waitingBytes + line.length > this.#maxWaitingBytes) {
      const message = `cannot write to ${this.#target}: ${this.#maxWaitingBytes} bytes of lines already wait to be written`;
      return Promise.reject(new CommandFailure("OUTPUT_FULL", message));
    }
    let batch = this.#queue[this.#queue.length - 1];
    if (batch === undefined || (batch.bytes > 0 && batch.bytes + line.length > BATCH_BYTES)) this.#queue.push((batch = this.#batch()));
    return new Promise((resolve, reject) => {
      batch.lines.push(line);
      batch.bytes += line.length;
      this.#waitingBytes += line.length;
      batch.waiters.push({ resolve, reject });
      this.#writing ??= this.#drainSoon();
    });
  }

  /** Refuses further lines and fails those not yet being written; resolves once no write is in flight. */
  close(): Promise<void> {
    this.#closed ??= new CommandFailure("STOPPING", `cannot write to ${this.#target}: stopping`);
    for (const batch of this.#queue.splice(0)) this.#settle(batch, 0, this.#closed);
    this.#waitingBytes = 0;
    return this.#writing ?? Promise.resolve();
  }

  #batch(): Batch {
    const batch: Batch = { lines: [], waiters: [], bytes: 0, settled: false, timer: undefined };
    batch.timer = setTimeout(() => this.#expire(batch), this.#timeoutMs);
    return batch;
  }

  /**
   * Drains once the event loop has run the callbacks it has (setImmediate), so that the lines of
   * their requests are written together: a write per line is a system call per line, which a
   * pipe's stream makes at once. Over HTTP (32 connections), serve used 1.31 times less CPU per
   * request so on a pipe.
   */
  #drainSoon(): Promise<void> {
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    for (let batch = this.#queue.shift(); batch !== undefined; batch = this.#queue.shift()) {
      this.#waitingBytes -= batch.bytes;
      await this.#write(batch);
    }
    this.#writing = undefined;
  }

  async #write(batch: Batch): Promise<void> {
    const prefix = this.#midLine ? "\n" : "";
    const text = prefix + batch.lines.join("");
    const { error, written } = await this.#device.write(text);
    clearTimeout(batch.timer);
    if (error === undefined) {
      this.#midLine = false;
      this.#settle(batch, batch.lines.length, undefined);
      return this.#health(undefined);
    }
    const failure = outputFailure(error, this.#target);
    let whole = 0;
    if (written < 0) {
      this.#midLine = true;
    } else if (written > 0) {
      // The lines wholly written before the error have left the process; the rest have not.
      let boundary = 0;
      let end = prefix.length;
      if (end <= written) boundary = end;
      for (const line of batch.lines) {
        end += Buffer.byteLength(line);
        if (end > written) break;
        boundary = end;
        whole++;
      }
      const tail = written - boundary;
      this.#midLine = tail > 0 && !(await this.#device.truncate?.(tail));
    }
    this.#settle(batch, whole, failure);
    if (isClosedOutput(failure)) this.#closed ??= failure;
    this.#health(failure);
  }

  /** Resolves the first `whole` lines of a batch, and rejects the others with `failure`. */
  #settle(batch: Batch, whole: number, failure: CommandFailure | undefined): void {
    if (batch.settled) return;
    batch.settled = true;
    clearTimeout(batch.timer);
    batch.waiters.forEach((waiter, i) => (i < whole || failure === undefined ? waiter.resolve() : waiter.reject(failure)));
  }

  /** A batch that waited too long: its writers are told; if it was not being written yet, it never is. */
  #expire(batch: Batch): void {
    if (batch.settled) return;
    const seconds = this.#timeoutMs / 1000;
    const failure = new CommandFailure("OUTPUT_STALLED", `cannot write to ${this.#target}: a line waited ${seconds} s and was not taken`);
    const waiting = this.#queue.indexOf(batch);
    if (waiting !== -1) {
      this.#queue.splice(waiting, 1);
      this.#waitingBytes -= batch.bytes;
    }
    this.#settle(batch, 0, failure);
    this.#health(failure);
  }

  #health(failure: CommandFailure | undefined): void {
    if (failure?.code === this.#failing?.code) return;
    this.#failing = failure;
    this.#onHealth?.(failure);
  }
}

/**
 * A sink on a command's standard output: a file or a device is written with `fs.write` on its
 * file descriptor (node's own stream for files ignores a short write), anything else (a pipe, a
 * socket, a terminal) through `stream`, waiting for each write's callback.
 */
export function outputSink(stream: Writable, options: LineSinkOptions): LineSink {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd === "number" && isFileLike(fd)) return new LineSink(fdDevice(fd, false), options);
  return new LineSink(streamDevice(stream), options);
}

/** A sink that appends to the file at `path`, opened (or created) now; `close()` it, then `release()`. */
export async function fileSink(path: string, options: LineSinkOptions): Promise<{ sink: LineSink; release: () => Promise<void> }> {
  const file = await open(path, "a");
  return { sink: new LineSink(fdDevice(file.fd, true), options), release: () => file.close() };
}

function isFileLike(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isFile() || (stats.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

function streamDevice(stream: Writable): LineDevice {
  return {
    write: (text) =>
      new Promise((resolve) => {
        try {
          // The callback comes once the stream has handed the bytes on: for a pipe, to the kernel.
          stream.write(text, (error) => resolve(error == null ? { written: text.length } : { error, written: -1 }));
        } catch (error) {
          resolve({ error, written: -1 });
        }
      }),
  };
}

/**
 * Writes with `fs.write`, again after a short write; `appendOnly`: a file this process opened for
 * appending. Not `fs.writeSync`, though it costs less CPU (1.09 times less per request on
 * /dev/null): a write to a file system that hangs (a network mount) would block the event loop,
 * where a write in the thread pool is bounded by the sink's `timeoutMs` and answered 500.
 */
function fdDevice(fd: number, appendOnly: boolean): LineDevice {
  const device: LineDevice = {
    async write(text) {
      const bytes = Buffer.from(text);
      let written = 0;
      while (written < bytes.length) {
        try {
          written += await writeSome(fd, bytes, written);
        } catch (error) {
          return { error, written };
        }
      }
      return { written };
    },
  };
  // Appending, the cut line can be taken back, so the file holds only whole lines.
  if (appendOnly)
    device.truncate = (bytes) =>
      new Promise((resolve) => {
        fstat(fd, (error, stats) => (error ? resolve(false) : ftruncate(fd, Math.max(0, stats.size - bytes), (failed) => resolve(!failed))));
      });
  return device;
}

function writeSome(fd: number, bytes: Buffer, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    write(fd, bytes, offset, bytes.length - offset, null, (error, count) => {
      if (error) reject(error);
      else if (count === 0) reject(Object.assign(new Error("write wrote nothing"), { code: "EIO" }));
      else resolve(count);
    });
  });
}
