// The tricky field values the document generator draws from, as JSON text: strings, Timestamps,
// enum values, values of the wrong type, and keys close to a field's names.

import type { Rng } from "./rng.js";

/** JSON whitespace between tokens; never "\n", which ends an NDJSON line. */
export const WHITESPACE = ["", "", "", "", " ", "  ", "\t", "\r", " \t "];

// ---------------------------------------------------------------------------------------------
// Strings

const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
const FULLWIDTH_DIGITS = "０１２３４５６７８９";

/** Code point ranges random strings draw from: ASCII, controls, Latin-1, combining, RTL, CJK, emoji. */
const ALPHABETS: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x00, 0x1f],
  [0xa0, 0xff],
  [0x300, 0x36f],
  [0x590, 0x6ff],
  [0x2000, 0x206f],
  [0x4e00, 0x9fff],
  [0xfff0, 0xffff],
  [0x1f300, 0x1f64f],
  [0x10000, 0x10ffff],
];

function hex4(unit: number, upper: boolean): string {
  const digits = unit.toString(16).padStart(4, "0");
  return `\\u${upper ? digits.toUpperCase() : digits}`;
}

/** The JSON text of a string; lone surrogates always, and with `rng` other characters sometimes, as \u escapes. */
export function quote(text: string, rng?: Rng): string {
  let out = '"';
  for (const ch of text) {
    const lone = ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;
    if (lone || (rng !== undefined && rng.next() < 0.15)) {
      const upper = rng !== undefined && rng.next() < 0.5;
      for (let i = 0; i < ch.length; i++) out += hex4(ch.charCodeAt(i), upper);
    } else {
      out += JSON.stringify(ch).slice(1, -1);
    }
  }
  return `${out}"`;
}

/** The JSON text of a random string, Unicode and escapes included, never a lone surrogate. */
export function randomString(rng: Rng): string {
  let text = "";
  for (let n = rng.int(0, 24); n > 0; n--) {
    const [low, high] = rng.pick(ALPHABETS);
    const cp = rng.int(low, high);
    if (cp < 0xd800 || cp > 0xdfff) text += String.fromCodePoint(cp);
  }
  return quote(text, rng.next() < 0.3 ? rng : undefined);
}

/** Strings as JSON text: empty, long, escapes, astral, combining, RTL, noncharacters, lone surrogates. */
export function stringCatalogue(): string[] {
  return [
    '""',
    '"a"',
    quote("x".repeat(5000)),
    '"\\u0000"',
    '"\\b\\f\\n\\r\\t\\/\\"\\\\"',
    '"\\u001F\\u007f"',
    '"😀"',
    '"\\ud83d\\ude00"',
    '"\\uD83D\\uDE00"',
    '"a\\ud83d\\ude00b"',
    quote("e\u0301 Z\u0351\u0325 क्षि"),
    quote("مرحبا \u200f שלום \u202e"),
    '"\\ufeff"',
    '"\\uffff\\ufffe"',
    '"\\u2028\\u2029"',
    quote("\u2028\u2029"),
    '"\\ud800"',
    '"\\udc00"',
    '"\\ude00\\ud83d"',
    '"abc\\ud83d"',
    '"\\udbff\\udbff\\udfff"',
    '"\\uDFFF"',
    '"\\ud83d\\u0041"',
    '"\\ud83d\\\\ude00"',
  ];
}

// ---------------------------------------------------------------------------------------------
// Timestamps

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function digits(rng: Rng, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
  return out;
}

interface Parts {
  year: string;
  month: string;
  day: string;
  sep: string;
  hour: string;
  minute: string;
  second: string;
  fraction: string;
  offset: string;
}

const join = (p: Parts) => `${p.year}-${p.month}-${p.day}${p.sep}${p.hour}:${p.minute}:${p.second}${p.fraction}${p.offset}`;

function validParts(rng: Rng): Parts {
  const y = rng.next() < 0.4 ? rng.pick([1, 9999, 1970, 1969, 2000, 1900, 1600, 2024, 2038, 1583]) : rng.int(1, 9999);
  const m = rng.int(1, 12);
  const n = rng.pick([0, 0, 0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9]);
  const offset =
    y === 1 || y === 9999 || rng.next() < 0.6 ? "Z" : `${rng.pick(["+", "-"])}${pad(rng.int(0, 23))}:${pad(rng.pick([0, 0, 30, 45, rng.int(0, 59)]))}`;
  return {
    year: pad(y, 4),
    month: pad(m),
    day: pad(rng.int(1, daysIn(y, m))),
    sep: "T",
    hour: pad(rng.int(0, 23)),
    minute: pad(rng.int(0, 59)),
    second: pad(rng.int(0, 59)),
    fraction: n === 0 ? "" : `.${digits(rng, n)}`,
    offset,
  };
}

/** A random valid RFC 3339 Timestamp of 0001 to 9999, 0 to 9 fraction digits, Z or an offset. */
export function validTimestamp(rng: Rng): string {
  return join(validParts(rng));
}

const OFFSETS = [
  "z",
  "+24:00",
  "+99:99",
  "+05:60",
  "-23:59",
  "+23:59",
  "+0530",
  "+5:30",
  "+05:3",
  "+05",
  "+05:30:00",
  " +05:30",
  "+05:30 ",
  "+ 5:30",
  "+05: 30",
  "-05:-30",
  "+05:+30",
  "+-5:30",
  "+٠٥:٣٠",
  "UTC",
  "GMT",
  "",
  "Zz",
  "ZZ",
  "+00:00Z",
  "Z+00:00",
  "\u221205:00",
  "-00:00",
  "+00:00",
  " Z",
  "Z ",
  "+05_30",
  "+0_5:30",
];

const FRACTIONS = [".", ".0000000000", ".1234567890", ".12345678901", ".1_5", ".5e-3", ".5E-3", ".5 ", ". 5", ",5", ".+5", ".٥", ".５", ".-5"];

/** A Timestamp with one or two things wrong (or only unusual) in its shape or its values. */
export function mangledTimestamp(rng: Rng): string {
  const p = validParts(rng);
  for (let n = rng.int(1, 2); n > 0; n--) {
    const field = rng.pick(["month", "day", "hour", "minute", "second"] as const);
    switch (rng.int(0, 11)) {
      case 0:
        p[field] = String(rng.int(0, 9));
        break; // one digit
      case 1:
        p.day = ` ${rng.int(1, 9)}`;
        break;
      case 2:
        p[field] = [...p[field]].map((d) => rng.pick([ARABIC_DIGITS, FULLWIDTH_DIGITS])[Number(d)]).join("");
        break;
      case 3:
        p.sep = rng.pick(["t", " ", "", "_", "TT"]);
        break;
      case 4:
        p.offset = rng.pick(OFFSETS);
        break;
      case 5:
        p.fraction = rng.pick(FRACTIONS);
        break;
      case 6:
        Object.assign(
          p,
          rng.pick<Partial<Parts>>([
            { month: "00" },
            { month: "13" },
            { day: "00" },
            { day: "32" },
            { month: "02", day: "30" },
            { month: "04", day: "31" },
            { year: rng.pick(["2023", "1900", "2100"]), month: "02", day: "29" },
            { hour: "24" },
            { minute: "60" },
            { second: "60" },
            { second: "61" },
            { hour: "24", minute: "00", second: "00" },
          ]),
        );
        break;
      case 7:
        p.year = rng.pick(["0000", "10000", "999", "+2024", "-2024", "02024", "0001", "9999"]);
        break;
      case 8:
        Object.assign(p, rng.pick<Partial<Parts>>([{ second: "" }, { offset: "" }, { fraction: "", offset: "" }]));
        break;
      case 9:
        p.offset += rng.pick([" ", "x", "Z", "0", "\t", "\u00a0", "\u0000", ".", "\n"]);
        break;
      case 10:
        p.year = rng.pick([" ", "+", "\ufeff", "x"]) + p.year;
        break;
      default:
        p.fraction = `.${digits(rng, rng.int(1, 10))}`;
        break;
    }
  }
  const text = join(p);
  // Missing parts: sometimes cut the string short.
  return rng.next() < 0.08 ? text.slice(0, rng.int(0, text.length - 1)) : text;
}

/** Fixed Timestamps: fraction lengths 0 to 10, offsets, bounds, leap second, impossible dates, junk. */
export function timestampCatalogue(): string[] {
  const fractions = Array.from({ length: 11 }, (_, n) => `2024-03-05T10:15:30${n === 0 ? "" : `.${"123456789012".slice(0, n)}`}Z`);
  return [
    ...fractions,
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:00:00.000000000Z",
    "1969-12-31T23:59:59.999999999Z",
    "1960-01-01T00:00:00.5-00:30",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+00:01",
    "0001-01-01T00:00:00-00:01",
    "0001-01-01T00:59:59+01:00",
    "0001-01-01T01:00:00+01:00",
    "0001-01-01T00:00:00.000000001+00:00",
    "9999-12-31T23:59:59.999999999Z",
    "9999-12-31T23:59:59-00:01",
    "9999-12-31T23:00:00-00:59",
    "9999-12-31T23:59:59+00:01",
    "9999-12-31T23:59:59.999999999-23:59",
    "0000-01-01T00:00:00Z",
    "0000-12-31T23:00:00-01:00",
    "10000-01-01T00:00:00Z",
    "9999-12-31T24:00:00Z",
    "1972-06-30T23:59:60Z",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:61Z",
    "2024-02-29T12:00:00Z",
    "2023-02-29T12:00:00Z",
    "1900-02-29T00:00:00Z",
    "2000-02-29T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-32T00:00:00Z",
    "2024-01-01T25:00:00Z",
    "2024-01-01T00:60:00Z",
    "2014-10-02T15:01:23z",
    "2014-10-02t15:01:23Z",
    "2014-10-02t15:01:23z",
    "2014-10-02 15:01:23Z",
    "2014-10-02T15:01:23",
    "2014-10-02T15:01Z",
    "2014-10-02T15Z",
    "2014-10-02Z",
    "2014-10-02",
    "T15:01:23Z",
    "15:01:23Z",
    "2014-10-02T15:01:23.Z",
    "2014-10-02T15:01:23+05:30",
    "2014-10-02T15:01:23-05:30",
    "2014-10-02T15:01:23+0530",
    "2014-10-02T15:01:23+05",
    "2014-10-02T15:01:23+24:00",
    "2014-10-02T15:01:23+23:59",
    "2014-10-02T15:01:23+05:60",
    "2014-10-02T15:01:23 Z",
    "2014-10-02T15:01:23Z ",
    " 2014-10-02T15:01:23Z",
    "2014-10-02T15:01:23Zjunk",
    "2014-10-02T15:01:23+05:30junk",
    "2014-10-02T15:01:23.123456789Z0",
    "2014-1-2T3:4:5Z",
    "2014-01-02T03:04:05.Z",
    "2014-10-02T15:01:23.5 Z",
    "2014-10-02T15:01:23.1_5Z",
    "2014-10-02T15:01:23.5e-3Z",
    "٢٠١٤-١٠-٠٢T15:01:23Z",
    "２０１４-10-02T15:01:23Z",
    "2014-10- 2T15:01:23Z",
    "2014-10-02T15:01:23+5:30",
    "2014-10-02T15:01:23+05:30 ",
    "2014-10-02T15:01:23-05:-30",
    "2014-10-02T15:01:23+99:99",
    "+2014-10-02T15:01:23Z",
    "-2014-10-02T15:01:23Z",
    "",
    "Z",
    "now",
    "1412262083",
    "2014-10-02T15:01:23.123456789012345678901234567890Z",
    `2014-10-02T15:01:23.${"1".repeat(200)}Z`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Enums, wrong types, names

/** Enum values as JSON text: names, other cases, numbers, fractions, numeric strings, wrong types. */
export function enumCatalogue(names: readonly string[], otherNames: readonly string[]): string[] {
  const name = names[names.length - 1] as string;
  const title = name.charAt(0) + name.slice(1).toLowerCase();
  return [
    ...names.map((n) => quote(n)),
    quote(name.toLowerCase()),
    quote(title),
    quote(` ${name}`),
    quote(`${name} `),
    quote(`${name}\u0000`),
    ...otherNames.filter((n) => !names.includes(n)).map((n) => quote(n)),
    '""',
    '"UNKNOWN"',
    '"\\ud800"',
    ...names.map((_, i) => String(i)),
    String(names.length),
    "99",
    "-1",
    "2147483647",
    "-2147483648",
    "2147483648",
    "-2147483649",
    "1e10",
    "1.0",
    "1.5",
    "-0",
    "-0.0",
    "1e0",
    "1E0",
    "10e-1",
    "0.5",
    "-0.5",
    "2147483647.5",
    "1e400",
    "-1e400",
    "1e-400",
    "1.0000000000000002",
    '"1"',
    '"-1"',
    '" 1"',
    '"1 "',
    '"01"',
    '"1.0"',
    '"0x1"',
    '"١"',
    '"１"',
    '"1_0"',
    '"+1"',
    '"99"',
    '"2147483648"',
    '"1e0"',
    "null",
    "true",
    "false",
    "{}",
    "[]",
    `[${quote(name)}]`,
    `{${quote(name)}:1}`,
  ];
}

/** Values of the wrong JSON type for a string, enum or Timestamp field (and null, which is fine). */
export function wrongTypes(): string[] {
  return ["0", "1", "-1.5", "1e400", "true", "false", "null", "{}", "[]", '["x"]', '{"seconds":1,"nanos":0}', "[null]"];
}

/** JSON texts of keys close to a field's names but not one of them (and one escaped spelling that is). */
export function nameVariants(jsonName: string, protoName: string): string[] {
  const upperFirst = jsonName.charAt(0).toUpperCase() + jsonName.slice(1);
  const escaped = `"${hex4(jsonName.charCodeAt(0), false)}${jsonName.slice(1)}"`;
  return [
    quote(upperFirst),
    quote(protoName.toUpperCase()),
    quote(jsonName.toLowerCase()),
    quote(protoName.replace(/_/g, "-")),
    quote(` ${jsonName}`),
    quote(`${jsonName} `),
    quote(`${jsonName}\u0000`),
    quote(`${protoName}_`),
    escaped,
  ];
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** int32 values as JSON text: bounds and one past, exponents, fractions, -0, numeric strings, near misses. */
export function int32Catalogue(): string[] {
  return [
    "0",
    "1",
    "-1",
    "2147483647",
    "-2147483648",
    "2147483648",
    "-2147483649",
    "4294967296",
    "1280",
    "127806",
    "1e5",
    "1E5",
    "1e+5",
    "1.28e3",
    "1e0",
    "1.0",
    "1.5",
    "0.5",
    "-0",
    "-0.0",
    "1e400",
    "-1e400",
    "1e-5",
    "2147483647.0",
    "12345678901234567890",
    "0.0000001e7",
    '"0"',
    '"1"',
    '"-1"',
    '"2147483647"',
    '"-2147483648"',
    '"2147483648"',
    '"1e5"',
    '"1.0"',
    '"1.5"',
    '"-0"',
    '"01"',
    '" 1"',
    '"1 "',
    '"+1"',
    '"0x10"',
    '"1_0"',
    '"١"',
    '""',
    '"NaN"',
    '"Infinity"',
    '"1e400"',
  ];
}

/** Doubles as JSON text: integers, fractions, -0, exponents, the extremes and past them, special strings. */
export function doubleCatalogue(): string[] {
  return [
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "-1",
    "90",
    "-180",
    "37.422000",
    "-122.084056",
    "0.1",
    "1.5e2",
    "1E-7",
    "6.02214076e23",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "1e309",
    "-1e400",
    "5e-324",
    "2.4703282292062328e-324",
    "2e-324",
    "1e-400",
    "2.2250738585072014e-308",
    "9007199254740993",
    "123456789012345678901234567890",
    "0.30000000000000004",
    '"NaN"',
    '"Infinity"',
    '"-Infinity"',
    '"nan"',
    '"inf"',
    '"-inf"',
    '"infinity"',
    '"+Infinity"',
    '"1.5"',
    '"-0"',
    '"1e5"',
    '"1E-7"',
    '"1e400"',
    '"0x10"',
    '" 1"',
    '"1 "',
    '""',
    '"+1"',
    '".5"',
    '"1."',
    '"01"',
    '"1_0"',
    '"١"',
  ];
}
