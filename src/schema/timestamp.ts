// Exact google.protobuf.Timestamp: RFC 3339 strings, Dates and epoch nanoseconds.

import type { Timestamp } from "../../gen/google/protobuf/timestamp.js";
import { RbmEventError, formatValue, jsonTypeOf } from "../errors.js";

/** Seconds of the earliest valid Timestamp, 0001-01-01T00:00:00Z. */
export const TIMESTAMP_MIN_SECONDS = -62135596800;

/** Seconds of the latest valid Timestamp, 9999-12-31T23:59:59Z (with up to 999999999 nanos). */
export const TIMESTAMP_MAX_SECONDS = 253402300799;

const RANGE = "0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";
const GRAMMAR = "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)";
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];
/** Days before the first of each month (1 to 12) in a common year. */
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const NANOS_PER_SECOND = 1_000_000_000n;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

// Character codes of the grammar.
const DASH = 45, DOT = 46, COLON = 58, PLUS = 43;
const UPPER_T = 84, LOWER_T = 116, UPPER_Z = 90, LOWER_Z = 122;

/** Days from 1970-01-01 to January 1 of each year 1 to 10000; built on first use. */
let daysBeforeYear: Int32Array | undefined;

function buildDaysBeforeYear(): Int32Array {
  const table = new Int32Array(10001);
  // Proleptic Gregorian: 0001-01-01 is 719162 days before 1970-01-01.
  let days = -719162;
  for (let year = 1; year <= 10000; year++) {
    table[year] = days;
    days += year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
  }
  return table;
}

/** The value of the two ASCII digits at `i` and `i + 1`, or -1. */
function digits2(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  // Written so that NaN (reading past the end) fails too.
  if (!(a >= 0 && a <= 9 && b >= 0 && b <= 9)) return -1;
  return a * 10 + b;
}

function shapeReason(text: string): string {
  return `invalid timestamp: expected ${GRAMMAR}, received ${formatValue(text)}`;
}

/** The reason for a field outside its bounds, quoting its digits as written. */
function fieldReason(field: string, digits: string, bounds: string): string {
  return `invalid timestamp: ${field} ${digits} is out of range (${bounds})`;
}

/**
 * Parses a strict RFC 3339 string into a google.protobuf.Timestamp without throwing:
 * returns the Timestamp, or the reason it is invalid.
 */
export function parseTimestamp(text: string): Timestamp | string {
  if (typeof text !== "string") argumentError("parseTimestamp()", "a string", text);
  const n = text.length;
  // The shortest valid form has 20 characters, the longest 35. The scan below reads fixed
  // positions and at most 10 fraction digits, so it never looks past index 35: a longer
  // input fails the end check (or the fraction check) at the cost of a short one.
  if (n < 20) return shapeReason(text);
  const sep = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || (sep !== UPPER_T && sep !== LOWER_T) ||
    text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON
  ) {
    return shapeReason(text);
  }
  // The 14 digits of the date and time, each 0 to 9 only if neither it nor 9 minus it is
  // negative: one sign test covers them all (every index is below 20, so none is NaN).
  const d0 = text.charCodeAt(0) - 48, d1 = text.charCodeAt(1) - 48;
  const d2 = text.charCodeAt(2) - 48, d3 = text.charCodeAt(3) - 48;
  const d5 = text.charCodeAt(5) - 48, d6 = text.charCodeAt(6) - 48;
  const d8 = text.charCodeAt(8) - 48, d9 = text.charCodeAt(9) - 48;
  const d11 = text.charCodeAt(11) - 48, d12 = text.charCodeAt(12) - 48;
  const d14 = text.charCodeAt(14) - 48, d15 = text.charCodeAt(15) - 48;
  const d17 = text.charCodeAt(17) - 48, d18 = text.charCodeAt(18) - 48;
  const all = d0 | d1 | d2 | d3 | d5 | d6 | d8 | d9 | d11 | d12 | d14 | d15 | d17 | d18;
  const high = (9 - d0) | (9 - d1) | (9 - d2) | (9 - d3) | (9 - d5) | (9 - d6) | (9 - d8) |
    (9 - d9) | (9 - d11) | (9 - d12) | (9 - d14) | (9 - d15) | (9 - d17) | (9 - d18);
  if ((all | high) < 0) return shapeReason(text);
  let pos = 19;
  let nanos = 0;
  let c = text.charCodeAt(pos);
  if (c === DOT) {
    pos = 20;
    // Printers write 3, 6 or 9 digits: take three at a time while they are there, then one.
    while (pos < 29 && pos + 3 <= n) {
      const a = text.charCodeAt(pos) - 48, b = text.charCodeAt(pos + 1) - 48, e = text.charCodeAt(pos + 2) - 48;
      if ((a | b | e | (9 - a) | (9 - b) | (9 - e)) < 0) break;
      nanos = nanos * 1000 + a * 100 + b * 10 + e;
      pos += 3;
    }
    for (let d = text.charCodeAt(pos) - 48; d >= 0 && d <= 9; d = text.charCodeAt(pos) - 48) {
      if (pos === 29) return "invalid timestamp: more than 9 fraction digits";
      nanos = nanos * 10 + d;
      pos++;
    }
    if (pos === 20) return 'invalid timestamp: expected 1 to 9 fraction digits after "."';
    nanos *= POW10[29 - pos] as number;
    c = text.charCodeAt(pos);
  }
  let offset = 0, offsetHour = 0, offsetMinute = 0;
  if (c === UPPER_Z || c === LOWER_Z) {
    pos += 1;
  } else if (c === PLUS || c === DASH) {
    offsetHour = digits2(text, pos + 1);
    offsetMinute = digits2(text, pos + 4);
    if ((offsetHour | offsetMinute) < 0 || text.charCodeAt(pos + 3) !== COLON) {
      return shapeReason(text);
    }
    offset = (c === PLUS ? 1 : -1) * (offsetHour * 3600 + offsetMinute * 60);
    pos += 6;
  } else {
    return shapeReason(text);
  }
  if (pos !== n) return shapeReason(text);
  // Lowercase letters are reported only once the rest of the string has the right shape.
  if (sep === LOWER_T) return 'invalid timestamp: lowercase "t" is not allowed, expected "T"';
  if (c === LOWER_Z) return 'invalid timestamp: lowercase "z" is not allowed, expected "Z"';
  const year = d0 * 1000 + d1 * 100 + d2 * 10 + d3;
  const month = d5 * 10 + d6, day = d8 * 10 + d9;
  const hour = d11 * 10 + d12, minute = d14 * 10 + d15, second = d17 * 10 + d18;
  if (year === 0) return fieldReason("year", "0000", "0001 to 9999");
  if (month < 1 || month > 12) return fieldReason("month", text.slice(5, 7), "01 to 12");
  const years = (daysBeforeYear ??= buildDaysBeforeYear());
  const yearStart = years[year] as number;
  const leap = (years[year + 1] as number) - yearStart === 366;
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] as number);
  if (day < 1 || day > monthDays) {
    return `invalid timestamp: day ${text.slice(8, 10)} is out of range for ${text.slice(0, 7)}`;
  }
  if (hour > 23) return fieldReason("hour", text.slice(11, 13), "00 to 23");
  if (minute > 59) return fieldReason("minute", text.slice(14, 16), "00 to 59");
  if (second === 60) return "invalid timestamp: leap second :60 is not supported";
  if (second > 60) return fieldReason("second", text.slice(17, 19), "00 to 59");
  if (offsetHour > 23) return fieldReason("offset hour", text.slice(n - 5, n - 3), "00 to 23");
  if (offsetMinute > 59) return fieldReason("offset minute", text.slice(n - 2), "00 to 59");
  const days = yearStart + (DAYS_BEFORE_MONTH[month] as number) + (leap && month > 2 ? 1 : 0) + day - 1;
  const seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (seconds < TIMESTAMP_MIN_SECONDS || seconds > TIMESTAMP_MAX_SECONDS) {
    return `invalid timestamp: offset ${text.slice(n - 6)} moves the time outside ${RANGE}`;
  }
  return { seconds, nanos };
}

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
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
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
