// What `decode` and `validate` share to turn a batch of input lines into a batch of output lines.

import type { LongLine } from "./ndjson.js";
import type { Longs } from "../schema/index.js";

/** A body that spans lines: a pretty-printed `decode` input that is the whole input. */
export interface WholeBody {
  readonly body: Uint8Array;
}

/** What a command reads: a batch of whole lines, a line over the cap, or one multi-line body. */
export type Item = Uint8Array | LongLine | WholeBody;

/**
 * Turns an item into verdicts, one line (ending in `\n`) per line in, each handed to `emit` as
 * soon as it is made; returns whether any line was rejected. The same function runs in the
 * main thread and in workers.
 */
export type Verdicts = (item: Item, emit: (line: string) => void) => boolean;

/**
 * A batch of lines sent to a worker: `lines` holds them (its buffer may be longer), `out` is a
 * buffer for their verdicts. Both buffers are moved to the worker and back, never copied.
 */
export interface WorkerBatch {
  lines: Uint8Array<ArrayBuffer>;
  out: Uint8Array<ArrayBuffer>;
}

/**
 * A worker's answer to a {@link WorkerBatch}: both buffers back, the verdicts as UTF-8 in the
 * first `length` bytes of `out` (a new, larger buffer when they did not fit in the one sent).
 */
export interface WorkerAnswer {
  lines: Uint8Array<ArrayBuffer>;
  out: Uint8Array<ArrayBuffer>;
  length: number;
  rejected: boolean;
}

/** What `validate` is asked to do, as plain data a worker can be sent. */
export interface ValidateJob {
  command: "validate";
  typeName: string;
  ignoreUnknownFields: boolean;
  /** The shape 64-bit integers are read in. Defaults to "number". */
  longs?: Longs;
  binary: boolean;
  maxLineBytes: number;
}

/** What `decode` is asked to do, as plain data a worker can be sent. */
export interface DecodeJob {
  command: "decode";
  strict: boolean;
  warnings: boolean;
  maxLineBytes: number;
}

/** A command's work, as plain data. */
export type Job = ValidateJob | DecodeJob;

/** The reason given for a line over the cap. */
export function longLineReason(length: number, max: number): string {
  return `line too long: ${length} bytes, the limit is ${max}`;
}

/** The reason given for a line with nothing on it. */
export const BLANK_LINE = "blank line: expected a JSON value";

/** The reason given for a byte order mark that does not start the input. */
export const STRAY_BOM = "unexpected byte order mark: only the start of the input may have one";

/** Tells whether a line starts with a UTF-8 byte order mark. */
export function startsWithBom(line: Uint8Array): boolean {
  return line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf;
}
