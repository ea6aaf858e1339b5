// RFC 3339 text to an exact google.protobuf.Timestamp: the strict grammar proto3 JSON uses, offsets
// accepted, without throwing.

import type { Timestamp } from "../../gen/google/protobuf/timestamp.js";
import { RbmEventError, formatValue, jsonTypeOf } from "../errors.js";

/** Seconds of the earliest valid Timestamp, 0001-01-01T00:00:00Z. */
export const TIMESTAMP_MIN_SECONDS = -62135596800;

/** Seconds of the latest valid Timestamp, 9999-12-31T23:59:59Z (with up to 999999999 nanos). */
export const TIMESTAMP_MAX_SECONDS = 253402300799;

export const TIMESTAMP_RANGE = "0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";
const GRAMMAR = "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)";
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];
/** Days before the first of each month (1 to 12) in a common year. */
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Character codes of the grammar.
const DASH = 45,
  DOT = 46,
  COLON = 58,
  PLUS = 43;
const UPPER_T = 84,
  LOWER_T = 116,
  UPPER_Z = 90,
  LOWER_Z = 122;

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
  if (typeof text !== "string") throw new RbmEventError("INVALID_ARGUMENT", `parseTimestamp(): expected a string, received ${jsonTypeOf(text)}`);
  const n = text.length;
  // The shortest valid form has 20 characters, the longest 35. The scan below reads fixed
  // positions and at most 10 fraction digits, so it never looks past index 35: a longer
  // input fails the end check (or the fraction check) at the cost of a short one.
  if (n < 20) return shapeReason(text);
  const sep = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    (sep !== UPPER_T && sep !== LOWER_T) ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  ) {
    return shapeReason(text);
  }
  // The 14 digits of the date and time, each 0 to 9 only if neither it nor 9 minus it is
  // negative: one sign test covers them all (every index is below 20, so none is NaN).
  const d0 = text.charCodeAt(0) - 48,
    d1 = text.charCodeAt(1) - 48;
  const d2 = text.charCodeAt(2) - 48,
    d3 = text.charCodeAt(3) - 48;
  const d5 = text.charCodeAt(5) - 48,
    d6 = text.charCodeAt(6) - 48;
  const d8 = text.charCodeAt(8) - 48,
    d9 = text.charCodeAt(9) - 48;
  const d11 = text.charCodeAt(11) - 48,
    d12 = text.charCodeAt(12) - 48;
  const d14 = text.charCodeAt(14) - 48,
    d15 = text.charCodeAt(15) - 48;
  const d17 = text.charCodeAt(17) - 48,
    d18 = text.charCodeAt(18) - 48;
  const all = d0 | d1 | d2 | d3 | d5 | d6 | d8 | d9 | d11 | d12 | d14 | d15 | d17 | d18;
  const high =
    (9 - d0) |
    (9 - d1) |
    (9 - d2) |
    (9 - d3) |
    (9 - d5) |
    (9 - d6) |
    (9 - d8) |
    (9 - d9) |
    (9 - d11) |
    (9 - d12) |
    (9 - d14) |
    (9 - d15) |
    (9 - d17) |
    (9 - d18);
  if ((all | high) < 0) return shapeReason(text);
  let pos = 19;
  let nanos = 0;
  let c = text.charCodeAt(pos);
  if (c === DOT) {
    pos = 20;
    // Printers write 3, 6 or 9 digits: take three at a time while they are there, then one.
    while (pos < 29 && pos + 3 <= n) {
      const a = text.charCodeAt(pos) - 48,
        b = text.charCodeAt(pos + 1) - 48,
        e = text.charCodeAt(pos + 2) - 48;
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
  let offset = 0,
    offsetHour = 0,
    offsetMinute = 0;
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
  const month = d5 * 10 + d6,
    day = d8 * 10 + d9;
  const hour = d11 * 10 + d12,
    minute = d14 * 10 + d15,
    second = d17 * 10 + d18;
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
    return `invalid timestamp: offset ${text.slice(n - 6)} moves the time outside ${TIMESTAMP_RANGE}`;
  }
  return { seconds, nanos };
}
