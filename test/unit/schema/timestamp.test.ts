import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Timestamp } from "../../../gen/google/protobuf/timestamp.js";
import { isRbmEventError } from "../../../src/errors.js";
import {
  TIMESTAMP_MAX_SECONDS as MAX,
  TIMESTAMP_MIN_SECONDS as MIN,
  parseTimestamp,
  timestampDate,
  timestampFromDate,
  timestampFromJson,
  timestampFromNanos,
  timestampNanos,
  timestampToJson,
} from "../../../src/schema/index.js";

const RANGE = "0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.(\d{3}|\d{6}|\d{9}))?Z$/;

function accepts(text: string, seconds: number, nanos: number): void {
  assert.equal(parseTimestamp(text), { seconds, nanos }, text);
}

function rejects(text: string, reason: string): void {
  assert.is(parseTimestamp(text), reason, text);
}

/** The grammar reason, with the input as formatValue shows it. */
function shape(received: string): string {
  const grammar = "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)";
  return `invalid timestamp: expected ${grammar}, received ${received}`;
}

const notInteger = (received: string) => `invalid timestamp: seconds must be an integer, received ${received}`;
const badNanos = (received: string) => `invalid timestamp: nanos must be an integer from 0 to 999999999, received ${received}`;
const secondsOutside = (seconds: number) => `invalid timestamp: seconds ${seconds} is outside -62135596800 to 253402300799 (${RANGE})`;

function formats(seconds: number, nanos: number, text: string): void {
  assert.is(timestampToJson({ seconds, nanos }), text, `${seconds}s ${nanos}ns`);
}

/** Asserts that `run` throws an RbmEventError INVALID_TIMESTAMP with this message and one issue. */
function throwsInvalid(run: () => unknown, what: string, path: string, reason: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (!isRbmEventError(thrown)) return assert.unreachable(`expected RbmEventError: ${reason}`);
  assert.is(thrown.code, "INVALID_TIMESTAMP");
  assert.is(thrown.message, `${what}: ${reason}`);
  assert.equal(thrown.issues, [{ path, message: reason }]);
}

/** Asserts that `fn`, given a wrongly typed value as plain JavaScript can, throws INVALID_ARGUMENT. */
function throwsType<A>(fn: (arg: A) => unknown, arg: unknown, message: string): void {
  const run = () => fn(arg as A);
  assert.throws(run, (error: unknown) => isRbmEventError(error) && error.code === "INVALID_ARGUMENT" && error.message === message);
}

/** Seconds of a UTC date by the Date API, as an independent check of the day counting. */
function dateSeconds(year: number, month: number, day: number, h = 0, m = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(h, m, s, 0);
  return date.getTime() / 1000;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** An RFC 3339 string in UTC, built with padStart, independently of timestampToJson(). */
function iso(y: number, mo: number, d: number, h: number, m: number, s: number, frac = ""): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(m)}:${pad(s)}${frac}Z`;
}

const nanosArb = fc.oneof(
  fc.integer({ min: 0, max: 999999999 }),
  fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1000000),
  fc.integer({ min: 0, max: 999999 }).map((us) => us * 1000),
  fc.constantFrom(0, 1, 999999999),
);
const timestampArb: fc.Arbitrary<Timestamp> = fc
  .tuple(fc.bigInt({ min: BigInt(MIN), max: BigInt(MAX) }), nanosArb)
  .map(([seconds, nanos]) => ({ seconds: Number(seconds), nanos }));

const parse = suite("parseTimestamp()");

parse("accepts UTC times without a fraction", () => {
  accepts("2014-10-02T15:01:23Z", 1412262083, 0);
  accepts("1970-01-01T00:00:00Z", 0, 0);
  accepts("2000-01-01T00:00:00Z", 946684800, 0);
  accepts("2038-01-19T03:14:08Z", 2147483648, 0);
});

parse("takes nanos from 1 to 9 fraction digits, right-padded", () => {
  accepts("2014-10-02T15:01:23.5Z", 1412262083, 500000000);
  accepts("2014-10-02T15:01:23.045Z", 1412262083, 45000000);
  accepts("2014-10-02T15:01:23.045123Z", 1412262083, 45123000);
  accepts("2014-10-02T15:01:23.045123456Z", 1412262083, 45123456);
  accepts("2014-10-02T15:01:23.000000001Z", 1412262083, 1);
  accepts("2014-10-02T15:01:23.0000Z", 1412262083, 0);
  accepts("2014-10-02T15:01:23.99999999Z", 1412262083, 999999990);
  accepts("2014-10-02T15:01:23.123456789+05:30", 1412242283, 123456789);
});

parse("subtracts the offset from the local time", () => {
  accepts("2014-10-02T15:01:23+05:30", 1412242283, 0);
  accepts("2014-10-02T15:01:23-05:30", 1412281883, 0);
  accepts("2014-10-02T15:01:23+00:00", 1412262083, 0);
  accepts("2014-10-02T15:01:23-00:00", 1412262083, 0);
  accepts("2014-10-02T15:01:23+23:59", 1412262083 - 86340, 0);
  accepts("2014-10-02T15:01:23-23:59", 1412262083 + 86340, 0);
  accepts("1970-01-01T00:00:00+01:00", -3600, 0);
});

parse("floors negative epochs and keeps nanos in 0..999999999", () => {
  accepts("1969-12-31T23:59:59.999999999Z", -1, 999999999);
  accepts("1969-12-31T23:59:59.5Z", -1, 500000000);
  accepts("1969-12-31T23:59:59Z", -1, 0);
  accepts("1969-12-31T23:59:58.000000001Z", -2, 1);
  accepts("1900-01-01T00:00:00Z", -2208988800, 0);
});

parse("accepts the limits of the range, also when an offset lands on them", () => {
  accepts("0001-01-01T00:00:00Z", MIN, 0);
  accepts("9999-12-31T23:59:59.999999999Z", MAX, 999999999);
  accepts("0001-01-01T01:00:00+01:00", MIN, 0);
  accepts("0001-01-01T00:00:00-23:59", MIN + 86340, 0);
  accepts("9999-12-31T22:59:59.999999999-01:00", MAX, 999999999);
  accepts("9999-12-31T23:59:59+23:59", MAX - 86340, 0);
});

parse("counts days in the proleptic Gregorian calendar, also before year 100", () => {
  accepts("0001-03-01T00:00:00Z", dateSeconds(1, 3, 1), 0);
  accepts("0099-12-31T23:59:59Z", dateSeconds(99, 12, 31, 23, 59, 59), 0);
  accepts("0100-03-01T00:00:00Z", dateSeconds(100, 3, 1), 0);
  accepts("1582-10-10T00:00:00Z", dateSeconds(1582, 10, 10), 0);
  accepts("9999-01-01T00:00:00Z", dateSeconds(9999, 1, 1), 0);
});

parse("applies the Gregorian leap year rule to February 29", () => {
  accepts("2000-02-29T00:00:00Z", 951782400, 0);
  accepts("2024-02-29T12:00:00Z", 1709208000, 0);
  accepts("0004-02-29T00:00:00Z", dateSeconds(4, 2, 29), 0);
  accepts("0400-02-29T00:00:00Z", dateSeconds(400, 2, 29), 0);
  rejects("1900-02-29T00:00:00Z", "invalid timestamp: day 29 is out of range for 1900-02");
  rejects("2100-02-29T00:00:00Z", "invalid timestamp: day 29 is out of range for 2100-02");
  rejects("2023-02-29T00:00:00Z", "invalid timestamp: day 29 is out of range for 2023-02");
  rejects("0100-02-29T00:00:00Z", "invalid timestamp: day 29 is out of range for 0100-02");
  rejects("2000-02-30T00:00:00Z", "invalid timestamp: day 30 is out of range for 2000-02");
});

parse("accepts the last day of every month and rejects the day after it", () => {
  const last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  last.forEach((days, i) => {
    const month = `2023-${pad(i + 1)}`;
    accepts(`${month}-${days}T00:00:00Z`, dateSeconds(2023, i + 1, days), 0);
    rejects(`${month}-${days + 1}T00:00:00Z`, `invalid timestamp: day ${days + 1} is out of range for ${month}`);
  });
  rejects("2024-04-31T00:00:00Z", "invalid timestamp: day 31 is out of range for 2024-04");
  rejects("2023-02-30T00:00:00Z", "invalid timestamp: day 30 is out of range for 2023-02");
  rejects("2023-01-00T00:00:00Z", "invalid timestamp: day 00 is out of range for 2023-01");
  rejects("2023-01-99T00:00:00Z", "invalid timestamp: day 99 is out of range for 2023-01");
});

parse("rejects year 0000 and out-of-range months and times", () => {
  const year0 = "invalid timestamp: year 0000 is out of range (0001 to 9999)";
  rejects("0000-01-01T00:00:00Z", year0);
  rejects("0000-12-31T23:59:59+01:00", year0);
  rejects("2023-00-01T00:00:00Z", "invalid timestamp: month 00 is out of range (01 to 12)");
  rejects("2023-13-01T00:00:00Z", "invalid timestamp: month 13 is out of range (01 to 12)");
  rejects("2023-01-01T24:00:00Z", "invalid timestamp: hour 24 is out of range (00 to 23)");
  rejects("2023-01-01T99:00:00Z", "invalid timestamp: hour 99 is out of range (00 to 23)");
  rejects("2023-01-01T00:60:00Z", "invalid timestamp: minute 60 is out of range (00 to 59)");
  rejects("2023-01-01T00:00:61Z", "invalid timestamp: second 61 is out of range (00 to 59)");
  rejects("2023-01-01T00:00:99Z", "invalid timestamp: second 99 is out of range (00 to 59)");
});

parse("rejects a leap second with its own reason", () => {
  rejects("2016-12-31T23:59:60Z", "invalid timestamp: leap second :60 is not supported");
  rejects("2016-12-31T23:59:60.5+01:00", "invalid timestamp: leap second :60 is not supported");
});

parse("rejects out-of-range offsets", () => {
  const hour = (digits: string) => `invalid timestamp: offset hour ${digits} is out of range (00 to 23)`;
  const minute = (digits: string) => `invalid timestamp: offset minute ${digits} is out of range (00 to 59)`;
  rejects("2023-01-01T00:00:00+24:00", hour("24"));
  rejects("2023-01-01T00:00:00-99:00", hour("99"));
  rejects("2023-01-01T00:00:00+00:60", minute("60"));
  rejects("2023-01-01T00:00:00.1-05:99", minute("99"));
});

parse("rejects instants that the offset moves outside the range", () => {
  const outside = (offset: string) => `invalid timestamp: offset ${offset} moves the time outside ${RANGE}`;
  rejects("0001-01-01T00:30:00+01:00", outside("+01:00"));
  rejects("0001-01-01T00:00:00+00:01", outside("+00:01"));
  rejects("9999-12-31T23:30:00-01:00", outside("-01:00"));
  rejects("9999-12-31T23:59:59.999999999-00:01", outside("-00:01"));
});

parse("reports the first problem, fields in order", () => {
  rejects("2023-13-32T25:61:61+24:60", "invalid timestamp: month 13 is out of range (01 to 12)");
  rejects("2023-02-30T25:61:60Z", "invalid timestamp: day 30 is out of range for 2023-02");
  rejects("2023-02-28T25:61:60Z", "invalid timestamp: hour 25 is out of range (00 to 23)");
  rejects("2023-02-28T23:61:60Z", "invalid timestamp: minute 61 is out of range (00 to 59)");
  rejects("2023-02-28T23:59:60+24:60", "invalid timestamp: leap second :60 is not supported");
  rejects("2023-02-28T23:59:59+24:60", "invalid timestamp: offset hour 24 is out of range (00 to 23)");
  rejects("2023-13-01t00:00:00Z", 'invalid timestamp: lowercase "t" is not allowed, expected "T"');
  rejects("2023-13-01 00:00:00Z", shape('"2023-13-01 00:00:00Z"'));
});

parse("rejects lowercase t and z", () => {
  rejects("2014-10-02t15:01:23Z", 'invalid timestamp: lowercase "t" is not allowed, expected "T"');
  rejects("2014-10-02T15:01:23z", 'invalid timestamp: lowercase "z" is not allowed, expected "Z"');
  rejects("2014-10-02t15:01:23z", 'invalid timestamp: lowercase "t" is not allowed, expected "T"');
  rejects("2014-10-02t15:01:23zz", shape('"2014-10-02t15:01:23zz"'));
});

parse("rejects more than 9 fraction digits and a dot without digits", () => {
  rejects("2014-10-02T15:01:23.0123456789Z", "invalid timestamp: more than 9 fraction digits");
  rejects("2014-10-02T15:01:23.0000000000+01:00", "invalid timestamp: more than 9 fraction digits");
  const noDigits = 'invalid timestamp: expected 1 to 9 fraction digits after "."';
  rejects("2014-10-02T15:01:23.Z", noDigits);
  rejects("2014-10-02T15:01:23.", noDigits);
  rejects("2014-10-02T15:01:23.-5Z", noDigits);
});

parse("rejects a fraction broken by a letter or cut short by the end, wherever it falls", () => {
  rejects("2014-10-02T15:01:23.1a3Z", shape('"2014-10-02T15:01:23.1a3Z"'));
  rejects("2014-10-02T15:01:23.123x56Z", shape('"2014-10-02T15:01:23.123x56Z"'));
  rejects("2014-10-02T15:01:23.12345678x", shape('"2014-10-02T15:01:23.12345678x"'));
  rejects("2014-10-02T15:01:23.12", shape('"2014-10-02T15:01:23.12"'));
  rejects("2014-10-02T15:01:23.123456", shape('"2014-10-02T15:01:23.123456"'));
  accepts("2014-10-02T15:01:23.12-00:00", 1412262083, 120000000);
  accepts("2014-10-02T15:01:23.1234+00:00", 1412262083, 123400000);
});

parse("rejects anything outside the grammar", () => {
  const bad = [
    "",
    "2014",
    "2014-10-02",
    "2014-10-02T15:01:23",
    "2014-10-02T15:01Z",
    "2014-10-02 15:01:23Z",
    "2014-10-02_15:01:23Z",
    "14-10-02T15:01:23Z",
    "2014-1-02T15:01:23Z",
    "2014-10-2T15:01:23Z",
    "2014-10-02T5:01:23Z",
    "2014-10-02T15:1:23Z",
    "2014-10-02T15:01:3Z",
    "2014/10/02T15:01:23Z",
    "2014-10-02T15.01.23Z",
    "2014-10-02T15:01:23,5Z",
    "2014-10-02T15:01:23.5",
    "2014-10-02T15:01:23.5z5",
    "2014-10-02T15:01:23UTC",
    "2014-10-02T15:01:23+0530",
    "2014-10-02T15:01:23+05",
    "2014-10-02T15:01:23+05:3",
    "2014-10-02T15:01:23+5:30",
    "2014-10-02T15:01:23Z+05:30",
    "2014-10-02T15:01:23ZZ",
    "2014-10-02T15:01:23Z ",
    " 2014-10-02T15:01:23Z",
    "2014-10-02T15:01:23Z\n",
    "+2014-10-02T15:01:23Z",
    "-2014-10-02T15:01:23Z",
    "12014-10-02T15:01:23Z",
    "2O14-10-02T15:01:23Z",
    "２０１４-10-02T15:01:23Z",
    "2014-10-02T15:01:23\u0000",
  ];
  for (const text of bad) rejects(text, shape(JSON.stringify(text)));
});

parse("never echoes long input", () => {
  rejects("2014-10-02T15:01:23.123456789Z!", shape("string"));
  rejects(`x${"2014-10-02T15:01:23Z".repeat(100)}`, shape("string"));
});

parse("rejects huge input", () => {
  const digits = `2014-10-02T15:01:23.${"1".repeat(1e6)}Z`;
  rejects(digits, "invalid timestamp: more than 9 fraction digits");
  rejects("x".repeat(10 * 1024 * 1024), shape("string"));
  rejects(`2014-10-02T15:01:23Z${" ".repeat(10 * 1024 * 1024)}`, shape("string"));
  rejects(`2014-10-02T15:01:23+05:30${"0".repeat(10 * 1024 * 1024)}`, shape("string"));
});

parse("agrees with the Date API on every date from year 1 to 9999", () => {
  const date = fc.record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  });
  fc.assert(
    fc.property(date, ({ year, month, day, hour, minute, second }) => {
      const text = iso(year, month, day, hour, minute, second);
      if (day > daysInMonth(year, month)) {
        const reason = `invalid timestamp: day ${day} is out of range for ${text.slice(0, 7)}`;
        assert.is(parseTimestamp(text), reason, text);
        return;
      }
      const seconds = dateSeconds(year, month, day, hour, minute, second);
      assert.equal(parseTimestamp(text), { seconds, nanos: 0 }, text);
    }),
    { numRuns: 2000 },
  );
});

parse("agrees with Date.parse to the millisecond on 3-digit fractions from 1970 to 9999", () => {
  const parts = fc.record({
    year: fc.integer({ min: 1970, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
  });
  fc.assert(
    fc.property(parts, ({ year, month, day, hour, minute, second, ms }) => {
      const text = iso(year, month, day, hour, minute, second, `.${pad(ms, 3)}`);
      const ts = parseTimestamp(text);
      if (typeof ts === "string") return assert.unreachable(`${text}: ${ts}`);
      assert.is(ts.seconds * 1000 + ts.nanos / 1000000, Date.parse(text), text);
      assert.is(ts.nanos, ms * 1000000, text);
    }),
    { numRuns: 2000 },
  );
});

parse("never throws, and what it accepts formats and re-parses to the same value", () => {
  const alphabet = fc.constantFrom(..."0123456789-:.+TtZz \u0000９");
  const mutated = fc.tuple(timestampArb, fc.nat(), fc.nat(), alphabet).map(([ts, at, del, char]) => {
    const text = timestampToJson(ts);
    const i = at % (text.length + 1);
    return text.slice(0, i) + char + text.slice(i + (del % 3));
  });
  const strings = fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: alphabet, minLength: 18, maxLength: 40 }), mutated);
  fc.assert(
    fc.property(strings, (text) => {
      const ts = parseTimestamp(text);
      if (typeof ts === "string") return ts.startsWith("invalid timestamp: ");
      assert.equal(parseTimestamp(timestampToJson(ts)), ts, text);
      return true;
    }),
    { numRuns: 5000 },
  );
});

parse("throws INVALID_ARGUMENT for a value that is not a string", () => {
  throwsType(parseTimestamp, null, "parseTimestamp(): expected a string, received null");
  throwsType(parseTimestamp, {}, "parseTimestamp(): expected a string, received object");
  throwsType(parseTimestamp, 1412262083, "parseTimestamp(): expected a string, received number");
});

parse.run();

const fromJson = suite("timestampFromJson()");

function decodeFails(value: unknown, reason: string): void {
  const what = "cannot decode google.protobuf.Timestamp from JSON";
  throwsInvalid(() => timestampFromJson(value), what, "", reason);
}

fromJson("returns the Timestamp of a valid string", () => {
  const ts = timestampFromJson("2014-10-02T15:01:23.045123456Z");
  assert.equal(ts, { seconds: 1412262083, nanos: 45123456 });
  assert.equal(timestampFromJson("0001-01-01T00:00:00Z"), { seconds: MIN, nanos: 0 });
});

fromJson("throws the parse reason as the message and the top-level issue", () => {
  decodeFails("2023-02-30T00:00:00Z", "invalid timestamp: day 30 is out of range for 2023-02");
  decodeFails("2016-12-31T23:59:60Z", "invalid timestamp: leap second :60 is not supported");
  decodeFails("", shape('""'));
  const huge = `2014-10-02T15:01:23.${"1".repeat(1e6)}Z`;
  decodeFails(huge, "invalid timestamp: more than 9 fraction digits");
});

fromJson("throws for a value that is not a string", () => {
  decodeFails(1412262083, "expected string, received number");
  decodeFails(null, "expected string, received null");
  decodeFails(undefined, "expected string, received undefined");
  decodeFails({ seconds: 1, nanos: 0 }, "expected string, received object");
  decodeFails(["2014-10-02T15:01:23Z"], "expected string, received array");
  decodeFails(true, "expected string, received boolean");
});

fromJson.run();

const toJson = suite("timestampToJson()");

function encodeFails(ts: object, path: string, reason: string): void {
  const what = "cannot encode google.protobuf.Timestamp to JSON";
  throwsInvalid(() => timestampToJson(ts as Timestamp), what, path, reason);
}

toJson("prints the shortest of 0, 3, 6 or 9 fraction digits that is exact", () => {
  formats(1412262083, 0, "2014-10-02T15:01:23Z");
  formats(1412262083, 45000000, "2014-10-02T15:01:23.045Z");
  formats(1412262083, 45123000, "2014-10-02T15:01:23.045123Z");
  formats(1412262083, 45123456, "2014-10-02T15:01:23.045123456Z");
  formats(1412262083, 1, "2014-10-02T15:01:23.000000001Z");
  formats(1412262083, 1000, "2014-10-02T15:01:23.000001Z");
  formats(1412262083, 1000000, "2014-10-02T15:01:23.001Z");
  formats(1412262083, 500000000, "2014-10-02T15:01:23.500Z");
  formats(1412262083, 999999999, "2014-10-02T15:01:23.999999999Z");
});

toJson("prints negative epochs with their non-negative nanos", () => {
  formats(0, 0, "1970-01-01T00:00:00Z");
  formats(-1, 0, "1969-12-31T23:59:59Z");
  formats(-1, 500000000, "1969-12-31T23:59:59.500Z");
  formats(-1, 999999999, "1969-12-31T23:59:59.999999999Z");
  formats(-86401, 123456000, "1969-12-30T23:59:59.123456Z");
  formats(-2208988800, 0, "1900-01-01T00:00:00Z");
  formats(dateSeconds(99, 12, 31, 23, 59, 59), 0, "0099-12-31T23:59:59Z");
  formats(dateSeconds(4, 2, 29, 12), 0, "0004-02-29T12:00:00Z");
});

toJson("prints the limits of the range and leap days", () => {
  assert.is(MIN, -62135596800);
  assert.is(MAX, 253402300799);
  formats(MIN, 0, "0001-01-01T00:00:00Z");
  formats(MAX, 999999999, "9999-12-31T23:59:59.999999999Z");
  formats(951782400, 0, "2000-02-29T00:00:00Z");
  formats(dateSeconds(1600, 2, 29), 0, "1600-02-29T00:00:00Z");
  formats(dateSeconds(1600, 3, 1), 0, "1600-03-01T00:00:00Z");
});

toJson("throws for a field that is not an integer or out of range", () => {
  encodeFails({ seconds: 1.5, nanos: 0 }, "seconds", notInteger("1.5"));
  encodeFails({ seconds: Number.NaN, nanos: 0 }, "seconds", notInteger("NaN"));
  encodeFails({ seconds: Infinity, nanos: 0 }, "seconds", notInteger("Infinity"));
  encodeFails({ seconds: "5", nanos: 0 }, "seconds", notInteger('"5"'));
  encodeFails({ seconds: 5n, nanos: 0 }, "seconds", notInteger("5"));
  encodeFails({ nanos: 0 }, "seconds", notInteger("undefined"));
  encodeFails({ seconds: 0, nanos: -1 }, "nanos", badNanos("-1"));
  encodeFails({ seconds: 0, nanos: 1000000000 }, "nanos", badNanos("1000000000"));
  encodeFails({ seconds: 0, nanos: 0.5 }, "nanos", badNanos("0.5"));
  encodeFails({ seconds: 0 }, "nanos", badNanos("undefined"));
  encodeFails({ seconds: MIN - 1, nanos: 0 }, "seconds", secondsOutside(MIN - 1));
  encodeFails({ seconds: MAX + 1, nanos: 0 }, "seconds", secondsOutside(MAX + 1));
  encodeFails({ seconds: 1e300, nanos: 0 }, "seconds", secondsOutside(1e300));
});

toJson("throws INVALID_ARGUMENT for a value that is not an object", () => {
  const message = "timestampToJson(): expected a Timestamp, received";
  throwsType(timestampToJson, null, `${message} null`);
  throwsType(timestampToJson, "2014-10-02T15:01:23Z", `${message} string`);
});

toJson("prints canonical strings that parse back to the same Timestamp", () => {
  fc.assert(
    fc.property(timestampArb, (ts) => {
      const text = timestampToJson(ts);
      assert.ok(CANONICAL.test(text), text);
      assert.equal(parseTimestamp(text), ts, text);
    }),
    { numRuns: 5000 },
  );
});

toJson.run();

const fromDate = suite("timestampFromDate()");

function fromDateFails(date: Date, reason: string): void {
  const what = "cannot convert Date to google.protobuf.Timestamp";
  throwsInvalid(() => timestampFromDate(date), what, "", reason);
}

fromDate("converts milliseconds to seconds and nanos", () => {
  assert.equal(timestampFromDate(new Date(0)), { seconds: 0, nanos: 0 });
  const date = new Date(1412262083045);
  assert.equal(timestampFromDate(date), { seconds: 1412262083, nanos: 45000000 });
  assert.equal(timestampFromDate(new Date(-1)), { seconds: -1, nanos: 999000000 });
  assert.equal(timestampFromDate(new Date(-1500)), { seconds: -2, nanos: 500000000 });
});

fromDate("accepts the limits of the range", () => {
  assert.equal(timestampFromDate(new Date(MIN * 1000)), { seconds: MIN, nanos: 0 });
  assert.equal(timestampFromDate(new Date(MAX * 1000 + 999)), { seconds: MAX, nanos: 999000000 });
});

fromDate("throws for an invalid or out-of-range Date", () => {
  fromDateFails(new Date(Number.NaN), "invalid timestamp: the Date is invalid");
  fromDateFails(new Date("2014-10-02T15:01:60Z"), "invalid timestamp: the Date is invalid");
  fromDateFails(new Date(MIN * 1000 - 1), `invalid timestamp: 0000-12-31T23:59:59.999Z is outside ${RANGE}`);
  fromDateFails(new Date((MAX + 1) * 1000), `invalid timestamp: +010000-01-01T00:00:00.000Z is outside ${RANGE}`);
});

fromDate("throws INVALID_ARGUMENT for a value that is not a Date", () => {
  const message = "timestampFromDate(): expected a Date, received";
  throwsType(timestampFromDate, "2014-10-02", `${message} string`);
  throwsType(timestampFromDate, 0, `${message} number`);
  throwsType(timestampFromDate, undefined, `${message} undefined`);
  throwsType(timestampFromDate, { seconds: 0, nanos: 0 }, `${message} object`);
});

fromDate.run();

const toDate = suite("timestampDate()");

function toDateFails(ts: Timestamp, path: string, reason: string): void {
  const what = "cannot convert google.protobuf.Timestamp to Date";
  throwsInvalid(() => timestampDate(ts), what, path, reason);
}

toDate("keeps milliseconds and truncates nanos toward the past", () => {
  const ms = (seconds: number, nanos: number) => timestampDate({ seconds, nanos }).getTime();
  assert.is(ms(0, 0), 0);
  assert.is(ms(1412262083, 45123456), 1412262083045);
  assert.is(ms(1412262083, 999999), 1412262083000);
  assert.is(ms(-1, 999999999), -1);
  assert.is(ms(-1, 500000), -1000);
  assert.is(ms(-2, 1), -2000);
});

toDate("converts the limits of the range", () => {
  assert.is(timestampDate({ seconds: MIN, nanos: 0 }).toISOString(), "0001-01-01T00:00:00.000Z");
  const max = timestampDate({ seconds: MAX, nanos: 999999999 });
  assert.is(max.toISOString(), "9999-12-31T23:59:59.999Z");
});

toDate("round-trips through timestampFromDate() to the millisecond", () => {
  fc.assert(
    fc.property(timestampArb, (ts) => {
      const back = timestampFromDate(timestampDate(ts));
      assert.equal(back, { seconds: ts.seconds, nanos: ts.nanos - (ts.nanos % 1000000) });
    }),
    { numRuns: 2000 },
  );
});

toDate("throws for an invalid Timestamp", () => {
  toDateFails({ seconds: 0, nanos: 1e9 }, "nanos", badNanos("1000000000"));
  toDateFails({ seconds: -0.5, nanos: 0 }, "seconds", notInteger("-0.5"));
  toDateFails({ seconds: MAX + 1, nanos: 0 }, "seconds", secondsOutside(MAX + 1));
});

toDate("throws INVALID_ARGUMENT for a value that is not an object", () => {
  throwsType(timestampDate, undefined, "timestampDate(): expected a Timestamp, received undefined");
});

toDate.run();

const nanos = suite("timestampNanos()");

function nanosFails(ts: Timestamp, path: string, reason: string): void {
  const what = "cannot convert google.protobuf.Timestamp to nanoseconds";
  throwsInvalid(() => timestampNanos(ts), what, path, reason);
}

nanos("returns exact epoch nanoseconds", () => {
  assert.is(timestampNanos({ seconds: 0, nanos: 0 }), 0n);
  assert.is(timestampNanos({ seconds: 1412262083, nanos: 45123456 }), 1412262083045123456n);
  assert.is(timestampNanos({ seconds: -1, nanos: 999999999 }), -1n);
  assert.is(timestampNanos({ seconds: -2, nanos: 1 }), -1999999999n);
});

nanos("converts the limits of the range", () => {
  assert.is(timestampNanos({ seconds: MIN, nanos: 0 }), -62135596800000000000n);
  assert.is(timestampNanos({ seconds: MAX, nanos: 999999999 }), 253402300799999999999n);
});

nanos("throws for an invalid Timestamp", () => {
  nanosFails({ seconds: 0.5, nanos: 0 }, "seconds", notInteger("0.5"));
  nanosFails({ seconds: 0, nanos: -1 }, "nanos", badNanos("-1"));
  nanosFails({ seconds: MIN - 1, nanos: 0 }, "seconds", secondsOutside(MIN - 1));
});

nanos("throws INVALID_ARGUMENT for a value that is not an object", () => {
  throwsType(timestampNanos, 5, "timestampNanos(): expected a Timestamp, received number");
});

nanos.run();

const fromNanos = suite("timestampFromNanos()");

function fromNanosFails(value: bigint): void {
  const what = "cannot convert nanoseconds to google.protobuf.Timestamp";
  const reason = `invalid timestamp: nanoseconds since the epoch are outside ${RANGE}`;
  throwsInvalid(() => timestampFromNanos(value), what, "", reason);
}

fromNanos("floors seconds and keeps nanos in 0..999999999", () => {
  assert.equal(timestampFromNanos(0n), { seconds: 0, nanos: 0 });
  assert.equal(timestampFromNanos(1412262083045123456n), { seconds: 1412262083, nanos: 45123456 });
  assert.equal(timestampFromNanos(-1n), { seconds: -1, nanos: 999999999 });
  assert.equal(timestampFromNanos(-1000000000n), { seconds: -1, nanos: 0 });
  assert.equal(timestampFromNanos(-1000000001n), { seconds: -2, nanos: 999999999 });
});

fromNanos("accepts the limits of the range", () => {
  assert.equal(timestampFromNanos(-62135596800000000000n), { seconds: MIN, nanos: 0 });
  assert.equal(timestampFromNanos(253402300799999999999n), { seconds: MAX, nanos: 999999999 });
});

fromNanos("throws outside the range, without echoing the number", () => {
  fromNanosFails(-62135596800000000001n);
  fromNanosFails(253402300800000000000n);
  fromNanosFails(10n ** 1000n);
  fromNanosFails(-(10n ** 1000n));
});

fromNanos("throws INVALID_ARGUMENT for a value that is not a bigint", () => {
  const message = "timestampFromNanos(): expected a bigint, received";
  throwsType(timestampFromNanos, 5, `${message} number`);
  throwsType(timestampFromNanos, "5", `${message} string`);
});

fromNanos("round-trips every Timestamp through timestampNanos()", () => {
  fc.assert(
    fc.property(timestampArb, (ts) => {
      assert.equal(timestampFromNanos(timestampNanos(ts)), ts);
    }),
    { numRuns: 2000 },
  );
});

fromNanos("returns a valid Timestamp for every bigint in range", () => {
  const range = fc.bigInt({ min: -62135596800000000000n, max: 253402300799999999999n });
  fc.assert(
    fc.property(range, (value) => {
      const ts = timestampFromNanos(value);
      assert.ok(ts.nanos >= 0 && ts.nanos <= 999999999 && Number.isInteger(ts.seconds));
      assert.is(timestampNanos(ts), value);
    }),
    { numRuns: 2000 },
  );
});

fromNanos.run();
