// Reading proto3 JSON by reflection: a parsed JSON value against any protobufjs message type, to
// the value shape ts-proto generates.

import type protobuf from "protobufjs";
import { base64DecodeOrReason, isWellFormed } from "../encoding/index.js";
import { formatValue, isObject, jsonTypeOf, pathAt, pathKey } from "../errors.js";
import {
  KINDS,
  defaults,
  parseDuration,
  parseFieldMask,
  parseTimestamp,
  planOf,
  readJsonValue,
  resolveTypeUrl,
  unknownEnumValue,
  wellKnownPlanOf,
  type FieldPlan,
  type Kind,
  type MessagePlan,
  type OneofCase,
} from "../schema/index.js";
import { expected, fail, INVALID, UNSET } from "./json-issues.js";
import { parseFloating, parseInteger, parseIntegerKey, parseLong, parseLongKey } from "./json-numbers.js";
import { longsOf } from "./longs.js";
import { MAX_DEPTH, type Reader, type ValidateResult } from "./read-context.js";
import { writeBinary, writeFieldMessage } from "./to-binary.js";
import { unknownTypeUrl } from "./to-json.js";

// Object.hasOwn is slower in a for-in loop, where the engine answers this one from the loop's cache.
// oxlint-disable-next-line typescript/unbound-method -- only ever called as hasOwn.call(object, key)
const hasOwn = Object.prototype.hasOwnProperty;

// The codes of the kinds the hot paths test for.
const STRING = KINDS.indexOf("string"),
  ENUM = KINDS.indexOf("enum"),
  TIMESTAMP = KINDS.indexOf("timestamp");
const NULLVALUE = KINDS.indexOf("nullvalue"),
  VALUE = KINDS.indexOf("value"),
  MESSAGE = KINDS.indexOf("message");

/** Reads a parsed JSON value against a message plan with `reader`, to `{ value }` or `{ issues }`. */
export function readWith(plan: MessagePlan, value: unknown, reader: Reader): ValidateResult {
  if (!isObject(value)) return { issues: [{ path: "", message: `expected object, received ${jsonTypeOf(value)}` }] };
  const message = readObject(plan, value, reader);
  return reader.issues === undefined ? { value: message } : { issues: reader.issues };
}

/** Reads a JSON object with `reader`; the value is complete only if `reader.issues` stays undefined. */
export function readObject(plan: MessagePlan, value: Record<string, unknown>, reader: Reader): Record<string, unknown> {
  return readMessage(plan, value, reader, "", 0);
}

/** The length of a value as compact JSON: strings (taken as written unescaped), booleans, null; else NaN. */
function compactLength(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  return value === null || value === true ? 4 : value === false ? 5 : Number.NaN;
}

function readMessage(plan: MessagePlan, obj: Record<string, unknown>, r: Reader, path: string, depth: number) {
  const out = defaults(plan, r.longs);
  const measure = r.measure;
  const start = measure && depth > 0 ? ++r.length : -1; // a nested "{" (the reader starts with the top level's)
  const fields = plan.fields;
  let next = 0;
  for (const key in obj) {
    if (!hasOwn.call(obj, key)) continue;
    const raw = obj[key];
    // Printers write fields in field-number order, so the field after the last one is likely next.
    let f = fields[next];
    if (f === undefined || f.jsonName !== key) {
      f = plan.byKey.get(key);
      if (f === undefined) {
        if (measure) r.length += key.length + compactLength(raw) + 4;
        if (r.ignoreUnknownFields) r.noteUnknown(pathKey(path, key));
        else fail(r, pathKey(path, key), `unknown field: ${formatValue(key)} is not a field of ${plan.name}`);
        continue;
      }
      // Objects have no repeated keys, so only the two spellings of one name can set a field twice.
      if (key !== f.jsonName && Object.hasOwn(obj, f.jsonName)) {
        fail(r, pathKey(path, key), `duplicate field: ${formatValue(key)} and ${formatValue(f.jsonName)} name the same field`);
        continue;
      }
    }
    // Two quotes, a colon, a comma or "}", and a value of compactLength's or a message's (read below).
    if (measure) r.length += key.length + 4 + (f.code === MESSAGE && f.shape === "singular" && isObject(raw) ? 0 : compactLength(raw));
    next = f.index + 1;
    // null means "default" except for google.protobuf.Value and NullValue, where it is a value.
    if (raw === null && (f.shape !== "singular" || (f.code !== VALUE && f.code !== NULLVALUE))) continue;
    const value =
      f.shape === "singular"
        ? readValue(f, raw, r, path, key, depth)
        : f.shape === "list"
          ? readList(f, raw, r, path, key, depth)
          : readMap(f, raw, r, path, key, depth);
    if (value === INVALID || value === UNSET) continue;
    if (f.union === undefined) {
      out[f.key] = value;
    } else if (out[f.union] === undefined) {
      out[f.union] = { $case: f.key, value };
    } else {
      const held = (out[f.union] as OneofCase).$case;
      const other = (f.oneof as readonly FieldPlan[]).find((o) => o.key === held) as FieldPlan;
      const names = `${formatValue(other.jsonName)} and ${formatValue(f.jsonName)}`;
      fail(r, pathKey(path, key), `duplicate oneof: ${names} both set oneof ${formatValue(f.oneofName)}`);
    }
  }
  if (r.length === start) r.length += 1; // the "}" of a nested "{}" (a top-level one is left short, and scanned)
  return out;
}

function readList(f: FieldPlan, raw: unknown, r: Reader, parent: string, key: string, depth: number): unknown {
  if (!Array.isArray(raw)) return fail(r, pathKey(parent, key), `invalid value: expected array, received ${jsonTypeOf(raw)}`);
  const path = pathKey(parent, key);
  const out: unknown[] = [];
  for (let i = 0; i < raw.length; i++) {
    const value = readValue(f, raw[i], r, path, i, depth);
    if (value !== INVALID && value !== UNSET) out.push(value);
  }
  return out;
}

function readMap(f: FieldPlan, raw: unknown, r: Reader, parent: string, key: string, depth: number): unknown {
  if (!isObject(raw)) return fail(r, pathKey(parent, key), `invalid value: expected object, received ${jsonTypeOf(raw)}`);
  const path = pathKey(parent, key);
  const out: Record<string, unknown> = Object.create(null);
  for (const name in raw) {
    if (!hasOwn.call(raw, name)) continue;
    const mapKey = readMapKey(f, name, r, path);
    if (mapKey === INVALID) continue;
    if (out[mapKey] !== undefined) {
      fail(r, pathKey(path, name), `duplicate map key: ${formatValue(name)} is key ${mapKey} again`);
      continue;
    }
    const value = readValue(f, raw[name], r, path, name, depth);
    if (value !== INVALID && value !== UNSET) out[mapKey] = value;
  }
  return out;
}

/** The canonical form of a JSON object key as a key of the map `f`. */
function readMapKey(f: FieldPlan, name: string, r: Reader, path: string): string | typeof INVALID {
  const { kind, typeName } = f.mapKey as { kind: Kind; typeName: string };
  if (kind === "string") {
    return r.wellFormed || isWellFormed(name) ? name : fail(r, pathKey(path, name), "invalid key: contains a lone surrogate");
  }
  if (kind === "bool" && (name === "true" || name === "false")) return name;
  if ((kind === "int64" || kind === "uint64") && r.longs !== "number") {
    const exact = parseLongKey(name, kind, typeName);
    return typeof exact === "string" ? exact : fail(r, pathKey(path, name), exact.reason);
  }
  const n = kind === "bool" ? `invalid map key: expected bool, received ${formatValue(name)}` : parseIntegerKey(name, kind, typeName);
  return typeof n === "number" ? String(n) : fail(r, pathKey(path, name), n);
}

function readValue(f: FieldPlan, raw: unknown, r: Reader, parent: string, key: string | number, depth: number): unknown {
  // The kinds of the event schema, in a function small enough for the engine to inline.
  if (typeof raw === "string") {
    if (f.code === STRING && r.wellFormed) return raw;
    if (f.code === TIMESTAMP) {
      const time = parseTimestamp(raw);
      return typeof time === "string" ? fail(r, pathAt(parent, key), time) : time;
    }
    if (f.code === ENUM) for (const name of f.enumNames) if (name === raw) return name;
  }
  return readAnyKind(f, raw, r, parent, key, depth);
}

/** Reads a value of any kind, or reports why it cannot. */
function readAnyKind(f: FieldPlan, raw: unknown, r: Reader, parent: string, key: string | number, depth: number): unknown {
  let result: unknown;
  switch (f.kind) {
    case "string":
      if (typeof raw !== "string") break;
      return r.wellFormed || isWellFormed(raw) ? raw : fail(r, pathAt(parent, key), "invalid string: contains a lone surrogate");
    case "enum":
    case "nullvalue":
      return readEnum(f, raw, r, parent, key);
    case "bool":
      if (typeof raw === "boolean") return raw;
      break;
    case "int32":
    case "uint32":
    case "int64":
    case "uint64":
    case "double":
    case "float":
      if (typeof raw !== "number" && typeof raw !== "string") break;
      if ((f.kind === "int64" || f.kind === "uint64") && longsOf(f, r.longs) !== "number") return readLong(f, raw, r, pathAt(parent, key));
      result = f.kind === "double" || f.kind === "float" ? parseFloating(raw, f.kind, f.typeName) : parseInteger(raw, f.kind, f.typeName);
      return typeof result === "string" ? fail(r, pathAt(parent, key), result) : result;
    case "timestamp":
    case "duration":
    case "fieldmask":
    case "bytes":
      if (typeof raw !== "string") break;
      result =
        f.kind === "timestamp"
          ? parseTimestamp(raw)
          : f.kind === "duration"
            ? parseDuration(raw)
            : f.kind === "fieldmask"
              ? parseFieldMask(raw)
              : base64DecodeOrReason(raw);
      return typeof result === "string" ? fail(r, pathAt(parent, key), result) : result;
    case "message":
      if (!isObject(raw)) break;
      if (depth >= MAX_DEPTH) return fail(r, pathAt(parent, key), `too deeply nested: more than ${MAX_DEPTH} levels`);
      return readMessage(planOf(f.messageType as protobuf.Type), raw, r, pathAt(parent, key), depth + 1);
    case "struct":
    case "listvalue":
    case "value":
      if (f.kind === "struct" ? !isObject(raw) : f.kind === "listvalue" && !Array.isArray(raw)) break;
      result = readJsonValue(raw, parent, key, depth, r);
      return result === undefined ? INVALID : result;
    case "any":
      if (!isObject(raw)) break;
      if (depth >= MAX_DEPTH) return fail(r, pathAt(parent, key), `too deeply nested: more than ${MAX_DEPTH} levels`);
      return readAny(f, raw, r, pathAt(parent, key), depth + 1);
  }
  return fail(r, pathAt(parent, key), `invalid value: expected ${expected(f)}, received ${jsonTypeOf(raw)}`);
}

/** Reads a 64-bit integer exactly, as a string or a bigint (`longs`). */
function readLong(f: FieldPlan, raw: number | string, r: Reader, path: string): unknown {
  const exact = parseLong(raw, f.kind, f.typeName);
  if (typeof exact === "string") return fail(r, path, exact);
  return longsOf(f, r.longs) === "string" ? exact.toString() : exact;
}

/**
 * Reads a google.protobuf.Any: `{"@type": url, ...fields}`, or `{"@type": url, "value": …}` for a
 * well-known type with a JSON form of its own, its type looked up in the schema of `f`; `{}` is
 * the empty Any. The result is the message as ts-proto has it, `{ typeUrl, value }` (the bytes of the message held).
 */
function readAny(f: FieldPlan, raw: Record<string, unknown>, r: Reader, path: string, depth: number): unknown {
  const typeUrl = hasOwn.call(raw, "@type") ? raw["@type"] : undefined;
  if (typeUrl === undefined) {
    for (const name in raw) if (hasOwn.call(raw, name)) return fail(r, path, 'invalid Any: "@type" is missing');
    return anyValue(f, "", new Uint8Array(0));
  }
  if (typeof typeUrl !== "string") return fail(r, pathKey(path, "@type"), `invalid value: expected type URL string, received ${jsonTypeOf(typeUrl)}`);
  const type = resolveTypeUrl((f.messageType as protobuf.Type).root, typeUrl);
  if (type === undefined) return fail(r, pathKey(path, "@type"), unknownTypeUrl(typeUrl));
  const before = r.issues?.length ?? 0;
  const wellKnown = wellKnownPlanOf(type);
  let value: Uint8Array | undefined;
  if (wellKnown !== undefined) {
    for (const name in raw) {
      if (!hasOwn.call(raw, name) || name === "@type" || name === "value") continue;
      if (r.ignoreUnknownFields) r.noteUnknown(pathKey(path, name));
      else fail(r, pathKey(path, name), `unknown field: ${formatValue(name)} is not a field of an Any holding ${wellKnown.typeName}`);
    }
    const inner = hasOwn.call(raw, "value") ? readValue(wellKnown, raw["value"], r, path, "value", depth) : UNSET;
    if (inner !== INVALID && (r.issues?.length ?? 0) === before) value = inner === UNSET ? new Uint8Array(0) : writeFieldMessage(wellKnown, inner);
  } else {
    const fields: Record<string, unknown> = {};
    for (const name in raw) if (hasOwn.call(raw, name) && name !== "@type") fields[name] = raw[name];
    const plan = planOf(type);
    const message = readMessage(plan, fields, r, path, depth);
    if ((r.issues?.length ?? 0) === before) value = writeBinary(plan, message);
  }
  return value === undefined ? INVALID : anyValue(f, typeUrl, value);
}

/** An Any as its message type has it: the keys of fields 1 and 2 (`typeUrl` and `value`, or `type_url` in protobufjs's own copy). */
function anyValue(f: FieldPlan, typeUrl: string, value: Uint8Array): Record<string, unknown> {
  const plan = planOf(f.messageType as protobuf.Type);
  return { ...defaults(plan), [(plan.byNumber.get(1) as FieldPlan).key]: typeUrl, [(plan.byNumber.get(2) as FieldPlan).key]: value };
}

function readEnum(f: FieldPlan, raw: unknown, r: Reader, parent: string, key: string | number): unknown {
  if (typeof raw === "string") {
    // A short list: comparing strings of other lengths costs next to nothing.
    for (const name of f.enumNames) if (name === raw) return name;
    if (r.keepUnknownEnumNames && (r.wellFormed || isWellFormed(raw))) return keepUnknown(r, pathAt(parent, key), raw);
    if (r.ignoreUnknownFields) {
      r.noteUnknown(pathAt(parent, key), raw);
      return UNSET;
    }
    return fail(r, pathAt(parent, key), `invalid enum value: ${formatValue(raw)} is not a value of ${f.typeName}`);
  }
  if (typeof raw === "number") {
    // Range first, so 1e400 (Infinity once parsed) is reported as out of range.
    if (raw < -2147483648 || raw > 2147483647) {
      return fail(r, pathAt(parent, key), `invalid enum value: ${formatValue(raw)} is out of int32 range`);
    }
    if (!Number.isInteger(raw)) return fail(r, pathAt(parent, key), `invalid enum value: ${formatValue(raw)} is not an integer`);
    // proto3 enums are open: a number the schema does not name is kept as the number.
    return (f.enumType as protobuf.Enum).valuesById[raw] ?? keepUnknown(r, pathAt(parent, key), raw);
  }
  if (raw === null && f.code === NULLVALUE) return "NULL_VALUE";
  return fail(r, pathAt(parent, key), `invalid value: expected ${expected(f)}, received ${jsonTypeOf(raw)}`);
}

/** An enum value the schema does not name, kept as `{ unknown }` and noted as unknown. */
function keepUnknown(r: Reader, path: string, raw: string | number): unknown {
  r.noteUnknown(path, raw);
  return unknownEnumValue(raw);
}
