// Lines on standard error: one line each, whatever the text echoed in them, and never a reason
// for a command to stop or to hold memory without bound. As text (escaped) or as JSON lines.

import type { Writable } from "node:stream";
import { escapeLogText } from "./io.js";

/** Bytes a log may leave waiting in its stream before further lines are dropped (and counted). */
const MAX_WAITING_BYTES = 1024 * 1024;

/** How much a line matters; a log writes those at its level and above. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** The log levels, least important first. */
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** What a line is about, written as fields of a JSON line (a text line says it in its words). */
export interface LogFields {
  /** How much the line matters. Defaults to "info". */
  level?: LogLevel;
  /** The HTTP status answered. */
  status?: number;
  method?: string;
  path?: string;
  /** The event's idempotency key (its eventId, or a user message's prefixed messageId). */
  eventId?: string;
  /** The payload's kind (`userEvent` …), `handshake`, `dead_letter` or `duplicate`. */
  kind?: string;
  /** The error's code (`UNAUTHORIZED`, `ENOSPC` …). */
  code?: string;
}

/** Writes one line, escaped; never throws. */
export type Log = (line: string, fields?: LogFields) => void;

/** Options for {@link createLog}. */
export interface LogOptions {
  /** "text" lines (the time, a space, the line) or "json" lines {time, level, msg, …fields}. Defaults to "text". */
  format?: "text" | "json";
  /** The least important level written. Defaults to "info". */
  level?: LogLevel;
}

/** C1 controls, U+2028 and U+2029: valid in JSON strings, but some readers break lines at them. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * A log on `stream` (standard error) for a long-running command: each line escaped and ended
 * with `\n`, a text line starting with the time it was written. A line is dropped, and counted,
 * while the stream holds 1 MiB a reader has not taken, or when writing throws (a full disk); the
 * count is told with the next line written. Once the stream is closed (its reader went away),
 * lines are dropped: a log is never worth stopping for.
 */
export function createLog(stream: Writable, prefix: string, options: LogOptions = {}): Log {
  const least = LOG_LEVELS.indexOf(options.level ?? "info");
  const format = options.format === "json" ? (line: string, fields?: LogFields) => jsonLine(line, prefix, fields) : (line: string) => textLine(line);
  let dropped = 0;
  return (line, fields) => {
    if (LOG_LEVELS.indexOf(fields?.level ?? "info") < least) return;
    if (stream.destroyed || stream.writableLength > MAX_WAITING_BYTES) {
      dropped++;
      return;
    }
    let text = format(line, fields);
    if (dropped > 0)
      text = `${format(`${prefix}: ${dropped} log line${dropped === 1 ? "" : "s"} dropped while standard error could not take them`, { level: "warn" })}${text}`;
    try {
      stream.write(text);
      dropped = 0;
    } catch {
      // A file on a full disk throws here (node writes files synchronously).
      dropped++;
    }
  };
}

/**
 * One JSON line: `time` (RFC 3339, UTC, milliseconds), `level`, `msg` (the line without the
 * command's prefix), then the fields given; C1 controls, U+2028 and U+2029 escaped as `\uXXXX`.
 */
export function jsonLine(line: string, prefix: string, fields: LogFields = {}): string {
  const msg = line.startsWith(`${prefix}: `) ? line.slice(prefix.length + 2) : line;
  const { level = "info", ...rest } = fields;
  const text = JSON.stringify({ time: new Date().toISOString(), level, msg, ...rest });
  return `${text.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}

/**
 * One text line: the time (ISO 8601, UTC, milliseconds: `2026-03-06T10:18:38.480Z`), a space, then
 * the line with its controls, U+2028 and U+2029 escaped as `\uXXXX`, so that it stays one line.
 */
export function textLine(line: string): string {
  return `${new Date().toISOString()} ${escapeLogText(line)}\n`;
}
