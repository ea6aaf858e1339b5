// Streaming NDJSON input and output for the command line, in constant memory.

import { createReadStream, read } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { outputFailure, type CommandFailure } from "./io.js";
import { readPipe, stdinFile, stdinPipe, type StdinSource } from "./stdin.js";

/** The longest line `decode` and `validate` read by default: any Pub/Sub push body fits (a 10 MB message is 13.4 MB of base64). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Files are read in chunks this large: a batch of lines worth a write or a worker, yet small enough that its strings die young. */
const READ_CHUNK_BYTES = 64 * 1024;

/** Opens a command's input: a file path, or standard input for `-` or no path. */
export function openInput(path: string | undefined, stdin: Readable): Readable {
  return path === undefined || path === "-" ? stdin : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
}

/**
 * Reads a command's input as {@link openInput} does, but a file, and standard input when it is a
 * file (`< FILE`) or a pipe, into one buffer, reused: each chunk is valid only until the next is asked for.
 * A stream's chunks would each be a new ArrayBuffer, which lives (outside the heap, uncounted)
 * until a full collection, so that a long run holds tens of megabytes of read chunks it is done
 * with.
 */
export async function* readInput(path: string | undefined, source: StdinSource): AsyncGenerator<Uint8Array> {
  if (path === undefined || path === "-") {
    const file = stdinFile(source);
    if (file !== undefined) return yield* readChunks((buffer) => readSome(file, buffer));
    const pipe = stdinPipe(source);
    const chunks = pipe === undefined ? undefined : readPipe(pipe, new Uint8Array(READ_CHUNK_BYTES));
    yield* chunks ?? (source.stdin as AsyncIterable<Uint8Array>);
    return;
  }
  const file = await open(path, "r");
  try {
    yield* readChunks(async (buffer) => (await file.read(buffer, 0, buffer.length, null)).bytesRead);
  } catch (error) {
    // As a read stream reports it: with the path, for the "cannot read FILE" message.
    throw Object.assign(error as Error, { path });
  } finally {
    await file.close();
  }
}

async function* readChunks(readInto: (buffer: Uint8Array) => Promise<number>): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(READ_CHUNK_BYTES);
  for (let bytesRead = await readInto(buffer); bytesRead > 0; bytesRead = await readInto(buffer)) {
    yield buffer.subarray(0, bytesRead);
  }
}

function readSome(fd: number, buffer: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buffer, 0, buffer.length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}

/** A line longer than the cap: its bytes were skipped, not kept. */
export interface LongLine {
  readonly longLine: number;
}

/** What {@link readBatches} yields: bytes holding whole lines, each ending in `\n`, or one line over the cap. */
export type Batch = Uint8Array | LongLine;

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into batches of whole lines, split on `\n` only (a `\r` stays part of its
 * line, as NDJSON says). Every line of a batch ends in `\n`, a last line without one included;
 * nothing is yielded for an empty input. A UTF-8 byte order mark at the very start is dropped.
 * A batch may share memory with the input's chunk: it is valid until the next one is asked for.
 * A line of more than `maxLineBytes` is skipped as it streams by, and yielded as its length
 * alone, so memory stays bounded whatever the input.
 */
export async function* readBatches(input: AsyncIterable<Uint8Array | string>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Batch> {
  // The start of the current line, from earlier chunks; `skipped` counts its bytes once over the cap.
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let skipped = -1;
  let atStart = true;
  for await (const chunk of input) {
    let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (atStart) {
      if (pendingLength + bytes.length < 3) {
        if (bytes.length > 0) {
          pending.push(Uint8Array.prototype.slice.call(bytes));
          pendingLength += bytes.length;
        }
        continue;
      }
      atStart = false;
      if (pendingLength > 0) {
        bytes = concat([...pending, bytes], pendingLength + bytes.length);
        pending = [];
        pendingLength = 0;
      }
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    let start = 0;
    if (skipped >= 0) {
      const end = bytes.indexOf(NEWLINE);
      if (end === -1) {
        skipped += bytes.length;
        continue;
      }
      yield { longLine: skipped + end };
      skipped = -1;
      start = end + 1;
    }
    const last = bytes.lastIndexOf(NEWLINE);
    if (last >= start) {
      if (pendingLength === 0) {
        yield bytes.subarray(start, last + 1);
      } else {
        const first = bytes.indexOf(NEWLINE, start);
        if (pendingLength + first - start > maxLineBytes) {
          yield { longLine: pendingLength + first - start };
        } else {
          pending.push(bytes.subarray(start, first + 1));
          yield concat(pending, pendingLength + first + 1 - start);
        }
        pending = [];
        pendingLength = 0;
        if (last > first) yield bytes.subarray(first + 1, last + 1);
      }
      start = last + 1;
    }
    if (start < bytes.length) {
      pendingLength += bytes.length - start;
      if (pendingLength > maxLineBytes) {
        skipped = pendingLength;
        pending = [];
        pendingLength = 0;
      } else {
        // A copy, so that a small tail does not keep its whole chunk alive.
        pending.push(Uint8Array.prototype.slice.call(bytes, start));
      }
    }
  }
  // An input shorter than a byte order mark: its lines, unsplit, as one batch.
  if (atStart && pendingLength > 0) {
    const bytes = concat(pending, pendingLength);
    yield bytes[bytes.length - 1] === NEWLINE ? bytes : concat([bytes, Uint8Array.of(NEWLINE)], bytes.length + 1);
    return;
  }
  if (skipped >= 0) yield { longLine: skipped };
  else if (pendingLength > 0) yield concat([...pending, Uint8Array.of(NEWLINE)], pendingLength + 1);
}

/** Calls `each` with every line of a batch, without its `\n`. */
export function forEachLine(batch: Uint8Array, each: (line: Uint8Array) => void): void {
  let start = 0;
  for (let end = batch.indexOf(NEWLINE); end !== -1; end = batch.indexOf(NEWLINE, start)) {
    each(batch.subarray(start, end));
    start = end + 1;
  }
}

/** Tells whether a line holds nothing but spaces, tabs and carriage returns. */
export function isBlank(line: Uint8Array): boolean {
  for (let i = 0; i < line.length; i++) {
    const byte = line[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}

/** Joins byte arrays into one. */
export function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Writes text to a stream, waiting for it to drain so a slow reader bounds memory. A failed
 * write (a closed pipe, a full disk) fails this write or the next one, as a {@link CommandFailure}.
 */
export class LineWriter {
  readonly #out: Writable;
  #failure: CommandFailure | undefined;
  /** Writes whose callback has not come yet, and who waits for them all. */
  #pending = 0;
  #settled: (() => void) | undefined;
  /** One wait for "drain" that every writer shares, so listeners never pile up. */
  #drain: Promise<void> | undefined;
  readonly #written = (error?: Error | null) => {
    if (error != null) this.#failure ??= outputFailure(error, "standard output");
    if (--this.#pending === 0 || this.#failure !== undefined) this.#settled?.();
  };

  constructor(out: Writable) {
    this.#out = out;
  }

  /** Writes `value` as one line of JSON; resolves once the stream can take more. */
  write(value: unknown): Promise<void> {
    return this.writeText(`${JSON.stringify(value)}\n`);
  }

  /** Writes lines at once; resolves once the stream can take more, rejects if it fails. */
  async writeText(text: string | Uint8Array): Promise<void> {
    this.#check();
    let more: boolean;
    try {
      this.#pending++;
      more = this.#out.write(text, this.#written);
    } catch (error) {
      // A file on a full disk: node writes files synchronously, and the write throws.
      this.#pending--;
      throw (this.#failure ??= outputFailure(error, "standard output"));
    }
    if (!more) await (this.#drain ??= this.#drained().finally(() => (this.#drain = undefined)));
    this.#check();
  }

  /**
   * Writes lines at once and resolves only once the stream is done with `bytes` (its callback),
   * so that their memory can be used again; rejects if the write fails.
   */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    this.#check();
    await new Promise<void>((resolve) => {
      this.#pending++;
      try {
        this.#out.write(bytes, (error) => {
          this.#written(error);
          resolve();
        });
      } catch (error) {
        // A file on a full disk: node writes files synchronously, and the write throws.
        this.#pending--;
        this.#failure ??= outputFailure(error, "standard output");
        resolve();
      }
    });
    this.#check();
  }

  /** Resolves once everything written has left the process; rejects if any of it failed. */
  async flush(): Promise<void> {
    while (this.#pending > 0 && this.#failure === undefined) await new Promise<void>((resolve) => (this.#settled = resolve));
    this.#check();
  }

  #check(): void {
    if (this.#failure === undefined && this.#out.destroyed) {
      this.#failure = outputFailure(this.#out.errored ?? Object.assign(new Error("closed"), { code: "ERR_STREAM_DESTROYED" }), "standard output");
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  #drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#out.off("drain", done).off("error", done).off("close", done);
        resolve();
      };
      this.#out.on("drain", done).on("error", done).on("close", done);
    });
  }
}
