// proto3 JSON validation by reflection: any message of the schema, to the value shape ts-proto generates.

import protobuf from "protobufjs";
import { base64Encode, parseBase64 } from "./base64.js";
import { RbmEventError, formatValue, isRbmEventError, jsonTypeOf, pathIndex, pathKey, type Issue } from "./errors.js";
import { isWellFormed, parseJson } from "./json.js";
import { defaults, lookupMessage, planOf, type FieldPlan, type Kind, type MessagePlan } from "./schema.js";
import { parseTimestamp, timestampToJson } from "./timestamp.js";

/** Options for {@link validate} and {@link validateValue}. */
export interface ValidateOptions {
  /** Ignore fields the schema does not define, and enum names it does not know (the field is left unset), as the reference parsers' ignore-unknown-fields option does. Defaults to false. */
  ignoreUnknownFields?: boolean;
  /** Keep an enum name the schema does not know as the field's value (a string) instead of rejecting or dropping it; for forward-compatible decoding. Defaults to false. */
  keepUnknownEnumNames?: boolean;
}

/** The message, in the shape ts-proto generates for it, or every problem found (up to 100). */
export type ValidateResult<T = Record<string, unknown>> =
  | { value: T; issues?: undefined }
  | { value?: undefined; issues: Issue[] };

/** The most issues one validation reports. */
const MAX_ISSUES = 100;
/** The deepest nesting of messages (and of google.protobuf.Value) one validation follows. */
const MAX_DEPTH = 100;

interface Context {
  readonly ignoreUnknownFields: boolean;
  readonly keepUnknownEnumNames: boolean;
  issues: Issue[] | undefined;
}

/** Why a 64-bit integer is rejected although the type holds it: it would not stay exact. */
const UNSAFE = "is outside ±(2^53-1), the safe integer range of a JavaScript number";

const INVALID: unique symbol = Symbol("invalid");
const UNSET: unique symbol = Symbol("unset");

// ---------------------------------------------------------------------------------------------
// Reading proto3 JSON

/**
 * Validates JSON text against a message of the schema (full or short name), by the proto3 JSON
 * mapping. Returns `{ value }` or `{ issues }`; throws an {@link RbmEventError} (`UNKNOWN_TYPE`)
 * only for a type name the schema does not have. Accepted, as the reference parsers accept it:
 * - a field under its JSON name or its proto name (not both);
 * - `null` for "default", but as a value of google.protobuf.Value and NullValue;
 * - integers as numbers or decimal strings, exponent included ("1e5"), if the value is integral;
 * - floats as numbers, numeric strings, "NaN", "Infinity" or "-Infinity";
 * - an enum by exact name or by int32 number, a number the enum does not name kept as is;
 * - bytes as standard or URL-safe base64, padding optional.
 */
export function validate(typeName: string, json: string, options?: ValidateOptions): ValidateResult {
  const type = lookupMessage(typeName);
  let value: unknown;
  try {
    value = parseJson(json);
  } catch (error) {
    if (isRbmEventError(error)) return { issues: [...error.issues] };
    throw error;
  }
  return validateWith(type, value, options);
}

/**
 * Validates an already-parsed JSON value against a message of the schema, as {@link validate}
 * does JSON text.
 */
export function validateValue(typeName: string, value: unknown, options?: ValidateOptions): ValidateResult {
  return validateWith(lookupMessage(typeName), value, options);
}

/** Validates a parsed JSON value against any protobufjs message type, as {@link validateValue} does. */
export function validateWith(type: protobuf.Type, value: unknown, options?: ValidateOptions): ValidateResult {
  const ctx: Context = {
    ignoreUnknownFields: options?.ignoreUnknownFields === true,
    keepUnknownEnumNames: options?.keepUnknownEnumNames === true,
    issues: undefined,
  };
  if (!isObject(value)) return { issues: [{ path: "", message: `expected object, received ${jsonTypeOf(value)}` }] };
  const message = readMessage(planOf(type), value, ctx, "", 0);
  return ctx.issues === undefined ? { value: message } : { issues: ctx.issues };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(parent: string, key: string | number): string {
  return typeof key === "number" ? pathIndex(parent, key) : pathKey(parent, key);
}

function fail(ctx: Context, path: string, message: string): typeof INVALID {
  const issues = (ctx.issues ??= []);
  if (issues.length < MAX_ISSUES) issues.push({ path, message });
  return INVALID;
}

function readMessage(plan: MessagePlan, obj: Record<string, unknown>, ctx: Context, path: string, depth: number) {
  const out = defaults(plan);
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    const f = plan.byKey.get(key);
    if (f === undefined) {
      if (ctx.ignoreUnknownFields) continue;
      fail(ctx, pathKey(path, key), `unknown field: ${formatValue(key)} is not a field of ${plan.name}`);
      continue;
    }
    // Objects have no repeated keys, so only the two spellings of one name can set a field twice.
    if (key !== f.jsonName && Object.hasOwn(obj, f.jsonName)) {
      fail(ctx, pathKey(path, key), `duplicate field: ${formatValue(key)} and ${formatValue(f.jsonName)} name the same field`);
      continue;
    }
    const raw = obj[key];
    // null means "default" except for google.protobuf.Value and NullValue, where it is a value.
    if (raw === null && (f.shape !== "singular" || (f.kind !== "value" && f.kind !== "nullvalue"))) continue;
    const value = f.shape === "list" ? readList(f, raw, ctx, path, key, depth)
      : f.shape === "map" ? readMap(f, raw, ctx, path, key, depth)
      : readValue(f, raw, ctx, path, key, depth);
    if (value === INVALID || value === UNSET) continue;
    if (f.oneof !== undefined) {
      for (const other of f.oneof) {
        if (out[other.key] === undefined) continue;
        const names = `${formatValue(other.jsonName)} and ${formatValue(f.jsonName)}`;
        fail(ctx, pathKey(path, key), `duplicate oneof: ${names} both set oneof ${formatValue(f.oneofName)}`);
      }
    }
    out[f.key] = value;
  }
  return out;
}

function readList(f: FieldPlan, raw: unknown, ctx: Context, parent: string, key: string, depth: number): unknown {
  if (!Array.isArray(raw)) return fail(ctx, pathKey(parent, key), `invalid value: expected array, received ${jsonTypeOf(raw)}`);
  const path = pathKey(parent, key);
  const out: unknown[] = [];
  for (let i = 0; i < raw.length; i++) {
    const value = readValue(f, raw[i], ctx, path, i, depth);
    if (value !== INVALID && value !== UNSET) out.push(value);
  }
  return out;
}

function readMap(f: FieldPlan, raw: unknown, ctx: Context, parent: string, key: string, depth: number): unknown {
  if (!isObject(raw)) return fail(ctx, pathKey(parent, key), `invalid value: expected object, received ${jsonTypeOf(raw)}`);
  const path = pathKey(parent, key);
  const out: Record<string, unknown> = Object.create(null);
  for (const name in raw) {
    if (!Object.hasOwn(raw, name)) continue;
    const mapKey = readMapKey(f, name, ctx, path);
    if (mapKey === INVALID) continue;
    if (out[mapKey] !== undefined) {
      fail(ctx, pathKey(path, name), `duplicate map key: ${formatValue(name)} is key ${mapKey} again`);
      continue;
    }
    const value = readValue(f, raw[name], ctx, path, name, depth);
    if (value !== INVALID && value !== UNSET) out[mapKey] = value;
  }
  return out;
}

/** The canonical form of a JSON object key as a key of the map `f`. */
function readMapKey(f: FieldPlan, name: string, ctx: Context, path: string): string | typeof INVALID {
  const { kind, typeName } = f.mapKey as { kind: Kind; typeName: string };
  if (kind === "string") {
    return isWellFormed(name) ? name : fail(ctx, pathKey(path, name), "invalid key: contains a lone surrogate");
  }
  if (kind === "bool" ? name === "true" || name === "false" : /^-?\d+$/.test(name)) {
    if (kind === "bool") return name;
    const n = Number(name) + 0; // + 0 turns -0 into 0
    const [min, max] = RANGES[kind] as [number, number];
    if (n >= min && n <= max) return String(n);
    if (max === Number.MAX_SAFE_INTEGER && (n > 0 || min < 0)) {
      return fail(ctx, pathKey(path, name), `invalid map key: ${formatValue(name)} ${UNSAFE}`);
    }
  }
  return fail(ctx, pathKey(path, name), `invalid map key: expected ${typeName}, received ${formatValue(name)}`);
}

const RANGES: Partial<Record<Kind, [number, number]>> = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

function readValue(f: FieldPlan, raw: unknown, ctx: Context, parent: string, key: string | number, depth: number): unknown {
  switch (f.kind) {
    case "string":
      if (typeof raw !== "string") break;
      return isWellFormed(raw) ? raw : fail(ctx, at(parent, key), "invalid string: contains a lone surrogate");
    case "bool":
      if (typeof raw === "boolean") return raw;
      break;
    case "int32":
    case "uint32":
    case "int64":
    case "uint64":
      if (typeof raw !== "number" && typeof raw !== "string") break;
      return readInteger(f, raw, ctx, parent, key);
    case "double":
    case "float":
      if (typeof raw !== "number" && typeof raw !== "string") break;
      return readFloat(f, raw, ctx, parent, key);
    case "bytes": {
      if (typeof raw !== "string") break;
      const bytes = parseBase64(raw);
      return typeof bytes === "string" ? fail(ctx, at(parent, key), bytes) : bytes;
    }
    case "enum":
    case "nullvalue":
      return readEnum(f, raw, ctx, parent, key);
    case "timestamp": {
      if (typeof raw !== "string") break;
      const ts = parseTimestamp(raw);
      return typeof ts === "string" ? fail(ctx, at(parent, key), ts) : ts;
    }
    case "duration": {
      if (typeof raw !== "string") break;
      const duration = parseDuration(raw);
      return typeof duration === "string" ? fail(ctx, at(parent, key), duration) : duration;
    }
    case "fieldmask":
      if (typeof raw !== "string") break;
      return readFieldMask(raw, ctx, at(parent, key));
    case "message":
      if (!isObject(raw)) break;
      if (depth >= MAX_DEPTH) return fail(ctx, at(parent, key), `too deeply nested: more than ${MAX_DEPTH} levels`);
      return readMessage(planOf(f.messageType as protobuf.Type), raw, ctx, at(parent, key), depth + 1);
    case "struct":
      if (!isObject(raw)) break;
      return readAny(raw, ctx, parent, key, depth);
    case "listvalue":
      if (!Array.isArray(raw)) break;
      return readAny(raw, ctx, parent, key, depth);
    case "value":
      return readAny(raw, ctx, parent, key, depth);
    case "unsupported":
      return fail(ctx, at(parent, key), `unsupported well-known type ${f.typeName}`);
  }
  return fail(ctx, at(parent, key), `invalid value: expected ${expected(f)}, received ${jsonTypeOf(raw)}`);
}

function expected(f: FieldPlan): string {
  switch (f.kind) {
    case "bool": return "boolean";
    case "bytes": return "base64 string";
    case "enum": return `${f.typeName} name or number`;
    case "nullvalue": return "null";
    case "timestamp": return "RFC 3339 timestamp string";
    case "duration": return "duration string";
    case "fieldmask": return "field mask string";
    case "message": case "struct": return "object";
    case "listvalue": return "array";
    default: return f.typeName;
  }
}

/** A JSON number: what the references accept, in a string, for integer and float fields. */
const NUMBER = /^-?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function readInteger(f: FieldPlan, raw: number | string, ctx: Context, parent: string, key: string | number): unknown {
  let n: number;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is out of range`);
    if (!Number.isInteger(raw)) return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is not an integer`);
    n = raw;
  } else {
    const parts = NUMBER.exec(raw);
    if (parts === null) return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is not a number`);
    if (!isIntegral(parts)) return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is not an integer`);
    n = Number(raw);
  }
  const [min, max] = RANGES[f.kind] as [number, number];
  if (n >= min && n <= max) return n + 0; // + 0 turns -0 into 0
  if (max === Number.MAX_SAFE_INTEGER && (n > 0 || min < 0)) {
    return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} ${UNSAFE}`);
  }
  return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is out of range`);
}

/** Whether a matched JSON number has no fraction once its exponent is applied ("1.5e1" has none). */
function isIntegral(parts: RegExpExecArray): boolean {
  const fraction = parts[2];
  if (fraction === undefined && parts[3] === undefined) return true;
  const digits = (parts[1] as string) + (fraction ?? "");
  const point = (parts[1] as string).length + Number(parts[3] ?? 0);
  return point >= digits.length || /^0*$/.test(digits.slice(Math.max(point, 0)));
}

function readFloat(f: FieldPlan, raw: number | string, ctx: Context, parent: string, key: string | number): unknown {
  let n: number;
  if (typeof raw === "number") {
    n = raw;
  } else if (raw === "NaN" || raw === "Infinity" || raw === "-Infinity") {
    return Number(raw);
  } else if (NUMBER.test(raw)) {
    n = Number(raw);
  } else {
    return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is not a number`);
  }
  // JSON.parse turns a number too large for a double into Infinity; the references reject it.
  if (!Number.isFinite(n) || (f.kind === "float" && !Number.isFinite(Math.fround(n)))) {
    return fail(ctx, at(parent, key), `invalid ${f.typeName}: ${formatValue(raw)} is out of range`);
  }
  return n;
}

function readEnum(f: FieldPlan, raw: unknown, ctx: Context, parent: string, key: string | number): unknown {
  if (typeof raw === "string") {
    // Own properties only: protobufjs's `values` inherits the number-to-name table ("1").
    if (Object.hasOwn((f.enumType as protobuf.Enum).values, raw)) return raw;
    if (ctx.keepUnknownEnumNames && isWellFormed(raw)) return raw;
    if (ctx.ignoreUnknownFields) return UNSET;
    return fail(ctx, at(parent, key), `invalid enum value: ${formatValue(raw)} is not a value of ${f.typeName}`);
  }
  if (typeof raw === "number") {
    if (!Number.isInteger(raw)) return fail(ctx, at(parent, key), `invalid enum value: ${formatValue(raw)} is not an integer`);
    if (raw < -2147483648 || raw > 2147483647) {
      return fail(ctx, at(parent, key), `invalid enum value: ${formatValue(raw)} is out of int32 range`);
    }
    // proto3 enums are open: a number the schema does not name is kept as the number.
    return (f.enumType as protobuf.Enum).valuesById[raw] ?? raw;
  }
  if (raw === null && f.kind === "nullvalue") return "NULL_VALUE";
  return fail(ctx, at(parent, key), `invalid value: expected ${expected(f)}, received ${jsonTypeOf(raw)}`);
}

/** Reads google.protobuf.Struct, ListValue and Value: any JSON, copied, objects without prototype. */
function readAny(raw: unknown, ctx: Context, parent: string, key: string | number, depth: number): unknown {
  switch (typeof raw) {
    case "string":
      return isWellFormed(raw) ? raw : fail(ctx, at(parent, key), "invalid string: contains a lone surrogate");
    case "boolean":
      return raw;
    case "number":
      return Number.isFinite(raw) ? raw : fail(ctx, at(parent, key), `invalid number: ${formatValue(raw)} is out of range`);
    case "object": {
      if (raw === null) return null;
      const path = at(parent, key);
      if (depth >= MAX_DEPTH) return fail(ctx, path, `too deeply nested: more than ${MAX_DEPTH} levels`);
      if (Array.isArray(raw)) {
        const list: unknown[] = [];
        for (let i = 0; i < raw.length; i++) {
          const value = readAny(raw[i], ctx, path, i, depth + 1);
          if (value !== INVALID) list.push(value);
        }
        return list;
      }
      const struct: Record<string, unknown> = Object.create(null);
      for (const name in raw) {
        if (!Object.hasOwn(raw, name)) continue;
        if (!isWellFormed(name)) {
          fail(ctx, pathKey(path, name), "invalid key: contains a lone surrogate");
          continue;
        }
        const value = readAny((raw as Record<string, unknown>)[name], ctx, path, name, depth + 1);
        if (value !== INVALID) struct[name] = value;
      }
      return struct;
    }
  }
  return fail(ctx, at(parent, key), `invalid value: expected JSON value, received ${jsonTypeOf(raw)}`);
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
const DURATION_MAX_SECONDS = 315576000000;

/** Parses the JSON form of a google.protobuf.Duration ("-1.5s"), or returns the reason it is invalid. */
function parseDuration(text: string): { seconds: number; nanos: number } | string {
  const parts = DURATION.exec(text);
  if (parts === null) {
    return `invalid duration: expected seconds with up to 9 fraction digits and an "s" suffix, received ${formatValue(text)}`;
  }
  const seconds = Number(parts[2]);
  if (seconds > DURATION_MAX_SECONDS) {
    return `invalid duration: ${formatValue(text)} is out of range (±${DURATION_MAX_SECONDS}s)`;
  }
  const nanos = parts[3] === undefined ? 0 : Number(parts[3].padEnd(9, "0"));
  // Both parts carry the sign; - 0 + 0 keeps a zero part from becoming -0.
  return parts[1] === undefined ? { seconds, nanos } : { seconds: -seconds + 0, nanos: -nanos + 0 };
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Reads the JSON form of a google.protobuf.FieldMask, "fooBar,baz.qux", into proto paths. */
function readFieldMask(raw: string, ctx: Context, path: string): unknown {
  if (raw === "") return [];
  const paths = raw.split(",");
  for (let i = 0; i < paths.length; i++) {
    const camel = paths[i] as string;
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (camel.includes("_") || !FIELD_PATH.test(snake)) {
      return fail(ctx, path, `invalid field mask: ${formatValue(camel)} is not a path of lowerCamelCase field names`);
    }
    paths[i] = snake;
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Writing proto3 JSON, and the binary encoding

/**
 * Converts a message of the schema, in the shape {@link validate} returns, to canonical proto3
 * JSON: JSON names in field-number order, defaults omitted, 64-bit integers as strings.
 */
export function toJson(typeName: string, message: Record<string, unknown>): Record<string, unknown> {
  return toJsonWith(lookupMessage(typeName), message);
}

/** Converts a message of any protobufjs type to canonical proto3 JSON, as {@link toJson} does. */
export function toJsonWith(type: protobuf.Type, message: Record<string, unknown>): Record<string, unknown> {
  return writeMessage(planOf(type), message);
}

function writeMessage(plan: MessagePlan, message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    const value = message[f.key];
    if (value === undefined || (value === null && (f.shape !== "singular" || f.kind !== "value"))) continue;
    if (f.shape === "list") {
      const list = value as unknown[];
      if (list.length > 0) out[f.jsonName] = list.map((item) => writeValue(f, item));
    } else if (f.shape === "map") {
      const names = Object.keys(value as object);
      if (names.length === 0) continue;
      const map: Record<string, unknown> = Object.create(null);
      for (const name of names) map[name] = writeValue(f, (value as Record<string, unknown>)[name]);
      out[f.jsonName] = map;
    } else if (f.presence || !isZero(f, value)) {
      out[f.jsonName] = writeValue(f, value);
    }
  }
  return out;
}

function isZero(f: FieldPlan, value: unknown): boolean {
  switch (f.kind) {
    case "bytes": return (value as Uint8Array).length === 0;
    case "enum": return value === f.zero || value === 0;
    case "nullvalue": return true;
    default: return value === f.zero;
  }
}

function writeValue(f: FieldPlan, value: unknown): unknown {
  switch (f.kind) {
    case "int64":
    case "uint64":
      return String(value);
    case "double":
    case "float":
      return Number.isFinite(value) ? value : String(value); // "NaN", "Infinity", "-Infinity"
    case "bytes":
      return base64Encode(value as Uint8Array);
    case "enum":
      return typeof value === "number" ? ((f.enumType as protobuf.Enum).valuesById[value] ?? value) : value;
    case "nullvalue":
      return null;
    case "timestamp":
      return timestampToJson(value as { seconds: number; nanos: number });
    case "duration":
      return durationToJson(value as { seconds: number; nanos: number });
    case "fieldmask":
      return (value as string[]).map((path) => path.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())).join(",");
    case "message":
      return writeMessage(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    case "unsupported":
      throw unsupported(f, "JSON");
    default:
      return value; // string, bool, 32-bit integers, Struct, ListValue and Value as they are
  }
}

function durationToJson({ seconds, nanos }: { seconds: number; nanos: number }): string {
  const sign = seconds < 0 || nanos < 0 ? "-" : "";
  const n = Math.abs(nanos);
  if (n === 0) return `${sign}${Math.abs(seconds)}s`;
  const digits = n % 1000000 === 0 ? 3 : n % 1000 === 0 ? 6 : 9;
  return `${sign}${Math.abs(seconds)}.${String(1000000000 + n).slice(1, 1 + digits)}s`;
}

function unsupported(f: FieldPlan, what: string): RbmEventError {
  return new RbmEventError("INVALID_ARGUMENT", `cannot encode ${f.key} to ${what}: unsupported well-known type ${f.typeName}`);
}

/** Encodes a message of the schema, in the shape {@link validate} returns, to protobuf binary. */
export function toBinary(typeName: string, message: Record<string, unknown>): Uint8Array {
  return toBinaryWith(lookupMessage(typeName), message);
}

/** Encodes a message of any protobufjs type to protobuf binary, as {@link toBinary} does. */
export function toBinaryWith(type: protobuf.Type, message: Record<string, unknown>): Uint8Array {
  // A plain Writer, not the Node BufferWriter protobufjs picks by default: the result is then a
  // Uint8Array of its own, never a Buffer that shares Node's pool.
  return type.encode(toProtobufjs(planOf(type), message), new protobuf.Writer()).finish();
}

/** The object protobufjs encodes: enums as numbers, well-known types as messages, defaults left out. */
function toProtobufjs(plan: MessagePlan, message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    const value = message[f.key];
    if (value === undefined || (value === null && (f.shape !== "singular" || f.kind !== "value"))) continue;
    if (f.shape === "list") {
      out[f.key] = (value as unknown[]).map((item) => toProtobufjsValue(plan, f, item));
    } else if (f.shape === "map") {
      const map: Record<string, unknown> = Object.create(null);
      const entries = value as Record<string, unknown>;
      for (const name of Object.keys(entries)) map[name] = toProtobufjsValue(plan, f, entries[name]);
      out[f.key] = map;
    } else if (f.presence || !isZero(f, value)) {
      out[f.key] = toProtobufjsValue(plan, f, value);
    }
  }
  return out;
}

function toProtobufjsValue(plan: MessagePlan, f: FieldPlan, value: unknown): unknown {
  switch (f.kind) {
    case "enum": {
      if (typeof value === "number") return value;
      const values = (f.enumType as protobuf.Enum).values;
      if (Object.hasOwn(values, value as string)) return values[value as string];
      const reason = `${formatValue(value)} is not a value of ${f.typeName}`;
      throw new RbmEventError("INVALID_ARGUMENT", `cannot encode ${plan.name} to binary: ${f.key}: ${reason}`);
    }
    case "nullvalue":
      return 0;
    case "message":
      return toProtobufjs(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    case "fieldmask":
      return { paths: value };
    case "struct":
      return structToProtobufjs(value as Record<string, unknown>);
    case "listvalue":
      return { values: (value as unknown[]).map(valueToProtobufjs) };
    case "value":
      return valueToProtobufjs(value);
    case "unsupported":
      throw unsupported(f, "binary");
    default:
      return f.wrapper ? { value } : value; // Timestamp and Duration already have the message's shape
  }
}

function structToProtobufjs(struct: Record<string, unknown>): { fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = Object.create(null);
  for (const name of Object.keys(struct)) fields[name] = valueToProtobufjs(struct[name]);
  return { fields };
}

function valueToProtobufjs(value: unknown): Record<string, unknown> {
  switch (typeof value) {
    case "number": return { numberValue: value };
    case "string": return { stringValue: value };
    case "boolean": return { boolValue: value };
  }
  if (Array.isArray(value)) return { listValue: { values: value.map(valueToProtobufjs) } };
  if (typeof value === "object" && value !== null) return { structValue: structToProtobufjs(value as Record<string, unknown>) };
  return { nullValue: 0 };
}

/** Decodes protobuf binary into a message of the schema, in the shape {@link validate} returns. */
export function fromBinary(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  return fromBinaryWith(lookupMessage(typeName), bytes);
}

/**
 * Decodes protobuf binary into a message of any protobufjs type, as {@link fromBinary} does.
 * Throws an {@link RbmEventError} (`INVALID_EVENT`) for malformed bytes.
 */
export function fromBinaryWith(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  const plan = planOf(type);
  let decoded: protobuf.Message;
  try {
    decoded = type.decode(bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RbmEventError("INVALID_EVENT", `cannot decode ${plan.name} from binary: ${reason}`, { cause });
  }
  return fromProtobufjs(plan, decoded as unknown as Record<string, unknown>);
}

function fromProtobufjs(plan: MessagePlan, decoded: Record<string, unknown>): Record<string, unknown> {
  const out = defaults(plan);
  for (const f of plan.fields) {
    // protobufjs sets what it decoded as own properties; its defaults live on the prototype.
    if (!Object.hasOwn(decoded, f.key)) continue;
    const value = decoded[f.key];
    if (value === null || value === undefined) continue;
    if (f.shape === "list") {
      out[f.key] = (value as unknown[]).map((item) => fromProtobufjsValue(plan, f, item));
    } else if (f.shape === "map") {
      const map = out[f.key] as Record<string, unknown>;
      for (const name of Object.keys(value)) {
        map[mapKeyFromProtobufjs(plan, f, name)] = fromProtobufjsValue(plan, f, (value as Record<string, unknown>)[name]);
      }
    } else {
      out[f.key] = fromProtobufjsValue(plan, f, value);
    }
  }
  return out;
}

function fromProtobufjsValue(plan: MessagePlan, f: FieldPlan, value: unknown): unknown {
  if (f.wrapper) value = (value as { value: unknown }).value;
  switch (f.kind) {
    case "int64":
    case "uint64":
      return toSafeNumber(plan, f, value, f.kind === "uint64");
    case "bytes":
      return new Uint8Array(value as Uint8Array); // a copy, and never a Node Buffer
    case "enum":
      return (f.enumType as protobuf.Enum).valuesById[value as number] ?? value;
    case "nullvalue":
      return "NULL_VALUE";
    case "timestamp":
    case "duration": {
      const { seconds, nanos } = value as { seconds: unknown; nanos: number };
      return { seconds: toSafeNumber(plan, f, seconds, false), nanos };
    }
    case "fieldmask":
      return [...(value as { paths: string[] }).paths];
    case "struct":
      return structFromProtobufjs(value);
    case "listvalue":
      return (value as { values: unknown[] }).values.map(valueFromProtobufjs);
    case "value":
      return valueFromProtobufjs(value);
    case "message":
    case "unsupported":
      return fromProtobufjs(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    default:
      return value;
  }
}

function structFromProtobufjs(struct: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const fields = (struct as { fields: Record<string, unknown> }).fields;
  for (const name of Object.keys(fields)) out[name] = valueFromProtobufjs(fields[name]);
  return out;
}

function valueFromProtobufjs(value: unknown): unknown {
  const v = value as Record<string, unknown>;
  if (Object.hasOwn(v, "numberValue")) return v["numberValue"];
  if (Object.hasOwn(v, "stringValue")) return v["stringValue"];
  if (Object.hasOwn(v, "boolValue")) return v["boolValue"];
  if (Object.hasOwn(v, "structValue")) return structFromProtobufjs(v["structValue"]);
  if (Object.hasOwn(v, "listValue")) return (v["listValue"] as { values: unknown[] }).values.map(valueFromProtobufjs);
  return null;
}

/** A 64-bit integer from protobufjs (a Long object, or a number without the long package) as a number. */
function toSafeNumber(plan: MessagePlan, f: FieldPlan, value: unknown, unsigned: boolean): number {
  const n = typeof value === "number" ? value : protobuf.util.LongBits.from(value as protobuf.Long).toNumber(unsigned);
  if (Number.isSafeInteger(n)) return n;
  const reason = `${f.key}: ${n} ${UNSAFE}`;
  throw new RbmEventError("INVALID_EVENT", `cannot decode ${plan.name} from binary: ${reason}`);
}

/** protobufjs keys a map with 64-bit keys by an 8-character hash of each key when it has Long. */
function mapKeyFromProtobufjs(plan: MessagePlan, f: FieldPlan, name: string): string {
  const kind = f.mapKey?.kind;
  if ((kind !== "int64" && kind !== "uint64") || !protobuf.util.Long) return name;
  const unsigned = kind === "uint64";
  return String(toSafeNumber(plan, f, protobuf.util.LongBits.fromHash(name).toLong(unsigned), unsigned));
}
