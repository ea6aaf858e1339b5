// Exact google.protobuf.Timestamp: its canonical JSON text, Dates, epoch nanoseconds, and what makes
// a value invalid. timestamp-parse.ts reads the text.

import type { Timestamp } from "../../gen/google/protobuf/timestamp.js";
import { RbmEventError, formatValue, jsonTypeOf } from "../errors.js";
import { parseTimestamp, TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS, TIMESTAMP_RANGE as RANGE } from "./timestamp-parse.js";

const NANOS_PER_SECOND = 1_000_000_000n;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

/**
 * Parses the JSON form of a google.protobuf.Timestamp, a strict RFC 3339 string, exactly.
 * Throws an {@link RbmEventError} with code `INVALID_TIMESTAMP` for anything else.
 */
export function timestampFromJson(text: unknown): Timestamp {
  const what = "cannot decode google.protobuf.Timestamp from JSON";
  if (typeof text !== "string") fail(what, "", `expected string, received ${jsonTypeOf(text)}`);
  const result = parseTimestamp(text);
  if (typeof result === "string") fail(what, "", result);
  return result;
}

/**
 * Converts a google.protobuf.Timestamp to its canonical JSON string: UTC with `Z` and 0, 3, 6
 * or 9 fraction digits. Throws an {@link RbmEventError} for an invalid or out-of-range Timestamp.
 */
export function timestampToJson(ts: Timestamp): string {
  check(ts, "timestampToJson()", "cannot encode google.protobuf.Timestamp to JSON");
  const { seconds, nanos } = ts;
  const days = Math.floor(seconds / 86400);
  const secondOfDay = seconds - days * 86400;
  // Hinnant's civil_from_days; every value is non-negative from year 1 on.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const text =
    `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-` +
    `${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay % 60]}`;
  if (nanos === 0) return `${text}Z`;
  // Zero-padded by adding a leading 1 and dropping it.
  const digits = nanos % 1000000 === 0 ? 3 : nanos % 1000 === 0 ? 6 : 9;
  return `${text}.${String(1000000000 + nanos).slice(1, 1 + digits)}Z`;
}

/**
 * Converts a Date to a google.protobuf.Timestamp. Throws an {@link RbmEventError} for an
 * invalid Date or one outside 0001-01-01 to 9999-12-31.
 */
export function timestampFromDate(date: Date): Timestamp {
  if (!(date instanceof Date)) argumentError("timestampFromDate()", "a Date", date);
  const what = "cannot convert Date to google.protobuf.Timestamp";
  const ms = date.getTime();
  if (Number.isNaN(ms)) fail(what, "", "invalid timestamp: the Date is invalid");
  const seconds = Math.floor(ms / 1000);
  if (seconds < TIMESTAMP_MIN_SECONDS || seconds > TIMESTAMP_MAX_SECONDS) {
    fail(what, "", `invalid timestamp: ${date.toISOString()} is outside ${RANGE}`);
  }
  return { seconds, nanos: (ms - seconds * 1000) * 1000000 };
}

/**
 * Converts a google.protobuf.Timestamp to a Date, to the millisecond: nanos are truncated
 * toward the past. Throws an {@link RbmEventError} for an invalid or out-of-range Timestamp.
 */
export function timestampDate(ts: Timestamp): Date {
  check(ts, "timestampDate()", "cannot convert google.protobuf.Timestamp to Date");
  return new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1000000));
}

/** Converts a google.protobuf.Timestamp to nanoseconds since 1970-01-01T00:00:00Z, exactly. */
export function timestampNanos(ts: Timestamp): bigint {
  check(ts, "timestampNanos()", "cannot convert google.protobuf.Timestamp to nanoseconds");
  return BigInt(ts.seconds) * NANOS_PER_SECOND + BigInt(ts.nanos);
}

/**
 * Converts nanoseconds since 1970-01-01T00:00:00Z to a google.protobuf.Timestamp, exactly.
 * Throws an {@link RbmEventError} when the instant lies outside 0001-01-01 to 9999-12-31.
 */
export function timestampFromNanos(nanos: bigint): Timestamp {
  if (typeof nanos !== "bigint") argumentError("timestampFromNanos()", "a bigint", nanos);
  // bigint % keeps the sign of the dividend; the floored remainder keeps nanos in 0..999999999.
  const rest = ((nanos % NANOS_PER_SECOND) + NANOS_PER_SECOND) % NANOS_PER_SECOND;
  const seconds = (nanos - rest) / NANOS_PER_SECOND;
  if (seconds < BigInt(TIMESTAMP_MIN_SECONDS) || seconds > BigInt(TIMESTAMP_MAX_SECONDS)) {
    const reason = `invalid timestamp: nanoseconds since the epoch are outside ${RANGE}`;
    fail("cannot convert nanoseconds to google.protobuf.Timestamp", "", reason);
  }
  return { seconds: Number(seconds), nanos: Number(rest) };
}

function fail(what: string, path: string, reason: string): never {
  const issues = [{ path, message: reason }];
  throw new RbmEventError("INVALID_TIMESTAMP", `${what}: ${reason}`, { issues });
}

/** Throws INVALID_ARGUMENT for a value that is no object, INVALID_TIMESTAMP for an invalid Timestamp. */
function check(ts: Timestamp, fn: string, what: string): void {
  if (typeof ts !== "object" || ts === null) argumentError(fn, "a Timestamp", ts);
  const problem = timestampProblem(ts);
  if (problem !== undefined) fail(what, problem.path, `invalid timestamp: ${problem.reason}`);
}

/**
 * What makes `{ seconds, nanos }` no valid Timestamp: which field and why, or undefined.
 * @internal
 */
export function timestampProblem(ts: { seconds?: unknown; nanos?: unknown }): { path: string; reason: string } | undefined {
  const { seconds, nanos } = ts;
  if (!Number.isInteger(seconds)) {
    return { path: "seconds", reason: `seconds must be an integer, received ${formatValue(seconds)}` };
  }
  if (!Number.isInteger(nanos) || (nanos as number) < 0 || (nanos as number) > 999999999) {
    return { path: "nanos", reason: `nanos must be an integer from 0 to 999999999, received ${formatValue(nanos)}` };
  }
  if ((seconds as number) < TIMESTAMP_MIN_SECONDS || (seconds as number) > TIMESTAMP_MAX_SECONDS) {
    const bounds = `${TIMESTAMP_MIN_SECONDS} to ${TIMESTAMP_MAX_SECONDS} (${RANGE})`;
    return { path: "seconds", reason: `seconds ${seconds as number} is outside ${bounds}` };
  }
  return undefined;
}

/** Throws INVALID_ARGUMENT for an argument of the wrong type: a caller's mistake. */
function argumentError(fn: string, expected: string, value: unknown): never {
  throw new RbmEventError("INVALID_ARGUMENT", `${fn}: expected ${expected}, received ${jsonTypeOf(value)}`);
}
