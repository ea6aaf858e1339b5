// Lines on standard error: one line each, whatever the text echoed in them, and never a reason
// for a command to stop or to hold memory without bound.

import type { Writable } from "node:stream";
import { escapeLogText } from "./io.js";

/** Bytes a log may leave waiting in its stream before further lines are dropped (and counted). */
const MAX_WAITING_BYTES = 1024 * 1024;

/** Writes one line, escaped; never throws. */
export type Log = (line: string) => void;

/**
 * A log on `stream` (standard error) for a long-running command: each line escaped and ended
 * with `\n`. A line is dropped, and counted, while the stream holds 1 MiB a reader has not taken,
 * or when writing throws (a full disk); the count is told with the next line written. Once the
 * stream is closed (its reader went away), lines are dropped: a log is never worth stopping for.
 */
export function createLog(stream: Writable, prefix: string): Log {
  let dropped = 0;
  return (line) => {
    if (stream.destroyed || stream.writableLength > MAX_WAITING_BYTES) {
      dropped++;
      return;
    }
    let text = `${escapeLogText(line)}\n`;
    if (dropped > 0) text = `${prefix}: ${dropped} log line${dropped === 1 ? "" : "s"} dropped while standard error could not take them\n${text}`;
    try {
      stream.write(text);
      dropped = 0;
    } catch {
      // A file on a full disk throws here (node writes files synchronously).
      dropped++;
    }
  };
}
