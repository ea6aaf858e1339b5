// Shared test vectors: for each message of the schema, cases stored as canonical proto3 JSON and
// the binary encoding (base64), built from the schema by reflection so that a new field or enum
// value shows up in them. `npm run vectors` writes them; test/interop/vectors.test.ts checks they are fresh.

import protobuf from "protobufjs";
import { base64Encode } from "../../../src/encoding/index.js";
import { lookupMessage, messageTypeNames } from "../../../src/schema/index.js";
import { fullName } from "../../../src/schema/plan.js";
import type { FullMessageName } from "../../../src/schema/index.js";
import { toBinary } from "../../../src/codec/index.js";
import { toJson } from "../../../src/codec/index.js";
import { validate } from "../../../src/codec/index.js";
import { jsonText } from "../../../src/encoding/index.js";

/** One vector: what it shows, the canonical JSON, and the binary encoding as base64. */
export interface Vector {
  readonly name: string;
  readonly json: Record<string, unknown>;
  readonly binary: string;
}

/** The content of one `test/interop/vectors/<message>.json` file. */
export interface VectorFile {
  readonly message: FullMessageName;
  readonly cases: readonly Vector[];
}

/** The command that rewrites the vector files. */
export const VECTORS_COMMAND = "npm run vectors";

/** Realistic values for the string fields RBM sends; any other string field gets one from its name. */
const EXAMPLES: Record<string, string> = {
  senderPhoneNumber: "+14155550123",
  phoneNumber: "+447700900123",
  agentId: "coffee-bot@rbm.goog",
  messageId: "msg-4f9c1c6e",
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  mimeType: "image/jpeg",
  fileUri: "https://rcs-user-content-us.storage.googleapis.com/4f9c1c6e/file",
  regionId: "/v1/regions/fi-rcs",
};

/** Realistic values for the number fields; any other gets 7. */
const NUMBERS: Record<string, number> = { latitude: 37.422, longitude: -122.084056, fileSizeBytes: 127806, segmentCount: 2 };

/** Doubles as written and what each shows; written with jsonText, so -0 keeps its sign. */
const DOUBLES: ReadonlyArray<readonly [unknown, string]> = [
  [90, "an integer"],
  [-180, "a negative integer"],
  [37.422, "a fraction"],
  [-122.084056, "a negative fraction"],
  [0.1, "a fraction binary cannot hold exactly"],
  [-0, "negative zero, set (its bits are not zero)"],
  ["1e-7", "an exponent, in a string"],
  [6.02214076e23, "a large exponent"],
  ["NaN", "NaN"],
  ["Infinity", "Infinity"],
  ["-Infinity", "-Infinity"],
  [Number.MAX_VALUE, "the largest double"],
  [-Number.MAX_VALUE, "the most negative double"],
  [Number.MIN_VALUE, "the smallest subnormal"],
  [2.2250738585072014e-308, "the smallest normal double"],
  [9007199254740992, "2^53, past which not every integer is a double"],
];

/** 32-bit integers as written and what each shows. */
const INT32S: ReadonlyArray<readonly [unknown, string]> = [
  [1, "one"],
  [-1, "minus one (ten bytes in binary)"],
  [2147483647, "the int32 maximum"],
  [-2147483648, "the int32 minimum"],
  ["1280", "a decimal string"],
  [1.28e3, "an integral exponent"],
];

/** Timestamps as written (canonical or not) and what each shows. */
const TIMESTAMPS: ReadonlyArray<readonly [string, string]> = [
  ["1970-01-01T00:00:00Z", "the epoch, set (an empty message, not an absent one)"],
  ["2024-03-05T10:15:30Z", "0 fraction digits"],
  ["2024-03-05T10:15:30.120Z", "3 fraction digits"],
  ["2024-03-05T10:15:30.000120Z", "6 fraction digits"],
  ["2024-03-05T10:15:30.000000012Z", "9 fraction digits"],
  ["2024-03-05T10:15:30.5Z", "1 fraction digit, printed as 3"],
  ["2024-03-05T10:15:30.1234567Z", "7 fraction digits, printed as 9"],
  ["1969-12-31T23:59:59.999999999Z", "the last nanosecond before 1970"],
  ["1960-06-15T08:30:00.000001Z", "before 1970 with 6 fraction digits"],
  ["1900-02-28T23:59:59.5Z", "before 1970 with 3 fraction digits"],
  ["2000-02-29T12:00:00Z", "a leap day"],
  ["0001-01-01T00:00:00Z", "the lower bound"],
  ["9999-12-31T23:59:59.999999999Z", "the upper bound"],
  ["2014-10-02T15:01:23.045+05:30", "a positive offset, normalised to UTC"],
  ["2014-10-02T15:01:23-08:00", "a negative offset, normalised to UTC"],
];

/** Strings that exercise the UTF-8 encoding and the JSON escapes; each fills every string field. */
const STRINGS: ReadonlyArray<readonly [string, string]> = [
  ["BMP letters and symbols", "héllo wörld — ñ ü ß € ¥ 中文 日本語 한국어 Ελληνικά Кириллица"],
  ["astral characters and emoji", "😀 🎉 👩\u200d👩\u200d👧\u200d👦 🇺🇳 👍🏽 𝄞 𠀋 𝒳"],
  ["combining marks", "e\u0301 a\u0308 n\u0303 Z\u0351\u0357\u0325 क्षि ปั้"],
  ["right-to-left text and direction marks", "مرحبا بالعالم \u200f שלום עולם \u202b1 2\u202c"],
  ["JSON escapes and control characters", '"quoted" back\\slash /slash\ttab\nline\r\u0000\u0008\u000c\u001f\u007f'],
  ["line and paragraph separators, BOM and noncharacters", "\u2028\u2029\ufeff\ufffe\uffff\ufffd"],
  ["200 characters (a two-byte length prefix)", "0123456789".repeat(20)],
];

/** The vector file name of a message: `rbm.events.v1.UserEvent` is `user_event.json`. */
export function vectorFileName(typeName: string): string {
  const short = typeName.slice(typeName.lastIndexOf(".") + 1);
  return `${short.replace(/(?<=[a-z0-9])([A-Z])/g, "_$1").toLowerCase()}.json`;
}

/** Every vector file, by file name, as the exact text `npm run vectors` writes. */
export function vectorFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const typeName of messageTypeNames()) {
    const file: VectorFile = { message: typeName, cases: vectorCases(typeName) };
    files.set(vectorFileName(typeName), `${escapeInvisible(fileText(file))}\n`);
  }
  return files;
}

/**
 * The vectors of one message: defaults, every field set, each member of each oneof, each enum
 * value, Timestamps, doubles and int32s at their edges, nested messages empty and with one field
 * left out, strings.
 */
export function vectorCases(typeName: FullMessageName): Vector[] {
  const type = lookupMessage(typeName);
  const fields = sortedFields(type);
  const inputs: Array<[string, Record<string, unknown>]> = [
    ["defaults only", {}],
    ["every field set", fullObject(type)],
  ];
  for (const field of fields) {
    const resolved = field.resolvedType;
    const name = field.jsonName;
    const oneof = inOneof(field) ? ` (oneof ${field.partOf?.name})` : "";
    if (resolved instanceof protobuf.Enum) {
      const numbers = Object.values(resolved.values);
      for (const [value, number] of Object.entries(resolved.values)) {
        const note = number === 0 ? ", the default, left out" : "";
        inputs.push([`${name} ${value} (${number})${note}`, { [name]: value }]);
      }
      const unknown = Math.max(...numbers) + 1;
      inputs.push([`${name} ${unknown}, a number the enum does not name`, { [name]: unknown }]);
    } else if (isTimestamp(field)) {
      for (const [text, note] of TIMESTAMPS) inputs.push([`${name} ${text}: ${note}`, { [name]: text }]);
    } else if (resolved instanceof protobuf.Type) {
      inputs.push([`${name}${oneof} set, every field`, { [name]: fullObject(resolved) }]);
      inputs.push([`${name}${oneof} set, an empty message`, { [name]: {} }]);
      for (const nested of sortedFields(resolved)) {
        const { [nested.jsonName]: _, ...rest } = fullObject(resolved);
        inputs.push([`${name}${oneof} set, without ${nested.jsonName}`, { [name]: rest }]);
      }
    } else if (field.type === "double") {
      for (const [value, note] of DOUBLES) inputs.push([`${name} ${jsonText(value)}: ${note}`, { [name]: value }]);
    } else if (field.type === "int32") {
      for (const [value, note] of INT32S) inputs.push([`${name} ${jsonText(value)}: ${note}`, { [name]: value }]);
    } else if (oneof !== "") {
      inputs.push([`${name}${oneof} set`, { [name]: fullValue(typeName, field) }]);
      inputs.push([`${name}${oneof} set to the default, kept`, { [name]: field.type === "string" ? "" : 0 }]);
    }
  }
  const strings = fields.filter((f) => f.type === "string");
  for (const [note, text] of strings.length === 0 ? [] : STRINGS) {
    inputs.push([
      `${note} in every string field`,
      Object.fromEntries(strings.filter((f) => !inOneof(f) || f === strings.find(inOneof)).map((f) => [f.jsonName, text])),
    ]);
  }
  return inputs.map(([name, input]) => vector(typeName, name, input));
}

function sortedFields(type: protobuf.Type): protobuf.Field[] {
  return [...type.fieldsArray].sort((a, b) => a.id - b.id);
}

/** Whether a field is a member of a real oneof (not the synthetic one of a proto3 `optional`). */
function inOneof(field: protobuf.Field): boolean {
  return field.partOf !== null && !field.partOf.isProto3Optional;
}

/** A message with every field set; of each oneof, its first member only. */
function fullObject(type: protobuf.Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of sortedFields(type)) {
    if (inOneof(field) && field.partOf?.fieldsArray.some((m) => m.id < field.id)) continue;
    out[field.jsonName] = fullValue(fullName(type), field);
  }
  return out;
}

/**
 * Writes invisible characters (format controls such as bidi marks and the BOM, line and paragraph
 * separators, noncharacters) as \\u escapes, so the files show every character of a case.
 */
function escapeInvisible(json: string): string {
  return json.replace(/[\p{Cf}\p{Zl}\p{Zp}\p{Cn}]/gu, (c) =>
    [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""),
  );
}

function isTimestamp(field: protobuf.Field): boolean {
  return field.resolvedType instanceof protobuf.Type && field.resolvedType.fullName === ".google.protobuf.Timestamp";
}

/** A non-default value for a field of the "every field set" case. */
function fullValue(typeName: string, field: protobuf.Field): unknown {
  const resolved = field.resolvedType;
  if (field.type === "string") return EXAMPLES[field.jsonName] ?? `example ${field.name}`;
  if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values).at(-1);
  if (isTimestamp(field)) return "2024-03-05T10:15:30.123456789Z";
  if (resolved instanceof protobuf.Type) return fullObject(resolved);
  if (field.type === "double" || field.type === "int32") return NUMBERS[field.jsonName] ?? 7;
  throw new Error(`${typeName}.${field.name}: no vector value for type ${field.type}; extend test/interop/vectors/vectors.ts`);
}

function vector(typeName: FullMessageName, name: string, input: Record<string, unknown>): Vector {
  const result = validate(typeName, jsonText(input));
  if (result.issues) throw new Error(`${typeName} vector "${name}" is invalid: ${JSON.stringify(result.issues)}`);
  return { name, json: toJson(typeName, result.value), binary: base64Encode(toBinary(typeName, result.value)) };
}

/** A vector file's text: indented JSON, with -0 kept as -0.0 (see jsonText). */
function fileText(file: VectorFile): string {
  const marker = "\u0000negative zero\u0000";
  const text = JSON.stringify(file, (_key, value: unknown) => (Object.is(value, -0) ? marker : value), 2);
  return text.replaceAll(JSON.stringify(marker), "-0.0");
}
