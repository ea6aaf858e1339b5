// Streaming NDJSON input and output for the command line, in constant memory.

import { createReadStream } from "node:fs";
import type { Readable, Writable } from "node:stream";

/** Opens a command's input: a file path, or standard input for `-` or no path. */
export function openInput(path: string | undefined, stdin: Readable): Readable {
  return path === undefined || path === "-" ? stdin : createReadStream(path);
}

/**
 * Splits a byte stream into lines on `\n` only (a `\r` stays part of its line, as NDJSON says).
 * A last line without a final `\n` is yielded too; nothing is yielded for an empty input.
 */
export async function* readLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    let start = 0;
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
      const piece = bytes.subarray(start, end);
      if (pendingLength === 0) {
        yield piece;
      } else {
        pending.push(piece);
        yield concat(pending, pendingLength + piece.length);
        pending = [];
        pendingLength = 0;
      }
      start = end + 1;
    }
    if (start < bytes.length) {
      pending.push(bytes.subarray(start));
      pendingLength += bytes.length - start;
    }
  }
  if (pendingLength > 0) yield concat(pending, pendingLength);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Writes lines to a stream, waiting for it to drain so a slow reader bounds memory. */
export class LineWriter {
  readonly #out: Writable;

  constructor(out: Writable) {
    this.#out = out;
  }

  /** Writes `value` as one line of JSON; resolves once the stream can take more. */
  async write(value: unknown): Promise<void> {
    if (!this.#out.write(`${JSON.stringify(value)}\n`)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.#out.off("error", onError);
          resolve();
        };
        const onError = (error: Error) => {
          this.#out.off("drain", onDrain);
          reject(error);
        };
        this.#out.once("drain", onDrain);
        this.#out.once("error", onError);
      });
    }
  }
}
