// Writing canonical proto3 JSON from messages in the shape validation returns.

import type protobuf from "protobufjs";
import { base64Encode } from "../encoding/index.js";
import { RbmEventError, argumentError, formatValue, isObject } from "../errors.js";
import { planOf, resolveTypeUrl, wellKnownPlanOf, type FieldPlan, type MessagePlan } from "../schema/index.js";
import { fieldValue, isDefault } from "../schema/index.js";
import { lookupMessage } from "../schema/index.js";
import { isUnknownEnumValue, type Message, type MessageName } from "../schema/index.js";
import { timestampToJson } from "../schema/index.js";
import { durationError, durationToJson, fieldMaskError, fieldMaskToJson, type Duration } from "../schema/index.js";
import { checkConversionOptions, type ConversionOptions } from "./longs.js";
import { readBinary, readFieldMessage } from "./from-binary.js";
import { EncodeError, checkList, checkMap, checkMapKey, checkOneofs, checkValue, within } from "./value-check.js";

/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object, as `JSON.parse` returns it. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Converts a message of the schema (full or short name), such as `validate` or `decodeEvent`
 * returns it or the generated interface types it, to canonical proto3 JSON: JSON names in
 * field-number order, defaults omitted, 64-bit integers as strings, an unknown enum value as it
 * came. Throws an {@link RbmEventError}: `UNKNOWN_TYPE` for a name the schema does not have,
 * `INVALID_EVENT` for a value JSON cannot hold.
 */
export function toJson<N extends MessageName>(typeName: N, message: Message<N>, options?: ConversionOptions): JsonObject {
  // The plan reads the value by reflection, field by field.
  return toJsonWith(lookupMessage(typeName), message as object as Record<string, unknown>, options) as JsonObject;
}

/**
 * Converts a message of any protobufjs type to canonical proto3 JSON, as {@link toJson} does.
 * 64-bit integers may be numbers, strings or bigints whatever `longs` says. Throws an
 * {@link RbmEventError} (`INVALID_EVENT`, with the path) for a value JSON cannot hold: a value of
 * another type than its field's, an enum name the enum does not have, a oneof `$case` that names
 * no member, a Timestamp or Duration out of range, a FieldMask path that would not read back, an
 * Any of a type the schema does not have.
 */
export function toJsonWith(type: protobuf.Type, message: Record<string, unknown>, options?: ConversionOptions): Record<string, unknown> {
  if (!isObject(message)) throw argumentError("toJson()", "message", "an object", message);
  checkConversionOptions("toJson()", options);
  const plan = planOf(type);
  try {
    return writeMessage(plan, message);
  } catch (cause) {
    if (cause instanceof EncodeError) {
      const issues = [{ path: cause.path, message: cause.reason }];
      throw new RbmEventError("INVALID_EVENT", `cannot encode ${plan.name} to JSON: ${cause.message}`, { cause, issues });
    }
    // Only a value built by hand nests this deep: a decoded one stops at MAX_JSON_DEPTH.
    if (!(cause instanceof RangeError)) throw cause;
    throw new RbmEventError("INVALID_EVENT", `cannot encode ${plan.name} to JSON: too deeply nested`, { cause });
  }
}

function writeMessage(plan: MessagePlan, message: Record<string, unknown>): Record<string, unknown> {
  checkOneofs(plan, message);
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    const value = fieldValue(f, message);
    if (value === undefined || (value === null && (f.shape !== "singular" || f.kind !== "value"))) continue;
    let written: unknown;
    try {
      written = writeField(f, value);
    } catch (error) {
      throw error instanceof EncodeError ? error.within(f.key) : error;
    }
    if (written !== OMITTED) out[f.jsonName] = written;
  }
  return out;
}

const OMITTED: unique symbol = Symbol("omitted");

/** The JSON of a field's value, or OMITTED for a default proto3 leaves out. */
function writeField(f: FieldPlan, value: unknown): unknown {
  if (f.shape === "list") {
    const list = checkList(value);
    if (list.length === 0) return OMITTED;
    const out: unknown[] = [];
    // An index loop, not map(): map() skips the holes of a sparse array, and JSON would print null.
    for (let i = 0; i < list.length; i++) out.push(within(i, () => writeChecked(f, list[i])));
    return out;
  }
  if (f.shape === "map") {
    const map = checkMap(value);
    const names = Object.keys(map);
    if (names.length === 0) return OMITTED;
    const out: Record<string, unknown> = Object.create(null);
    for (const name of names) {
      out[name] = within(name, () => {
        checkMapKey(f, name);
        return writeChecked(f, map[name]);
      });
    }
    return out;
  }
  checkValue(f, value, true);
  return f.presence || !isDefault(f, value) ? writeValue(f, value) : OMITTED;
}

function writeChecked(f: FieldPlan, value: unknown): unknown {
  checkValue(f, value, true);
  return writeValue(f, value);
}

/** Writes a value {@link checkValue} accepted. */
function writeValue(f: FieldPlan, value: unknown): unknown {
  switch (f.kind) {
    case "int64":
    case "uint64":
      return longToJson(value as number | string | bigint);
    case "double":
    case "float":
      return Number.isFinite(value) ? value : String(value); // "NaN", "Infinity", "-Infinity"
    case "bytes":
      return base64Encode(value as Uint8Array);
    case "enum":
      return enumToJson(f, value);
    case "nullvalue":
      return null;
    case "timestamp":
      return timestampToJson(value as { seconds: number; nanos: number });
    case "duration":
      return durationToJson(checked(value as Duration, durationError(value as Duration)));
    case "fieldmask":
      return fieldMaskToJson(checked(value as string[], fieldMaskError(value as string[])));
    case "message":
      return writeMessage(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    case "any":
      return writeAny(f, value as Record<string, unknown>);
    default:
      return value; // string, bool, 32-bit integers, Struct, ListValue and Value as they are
  }
}

/** A 64-bit integer as its decimal string: "007" and "-0" as 7 and 0 print it. */
function longToJson(value: number | string | bigint): string {
  if (typeof value !== "string") return String(value);
  return /^(?:0|-?[1-9]\d*)$/.test(value) ? value : BigInt(value).toString();
}

function checked<T>(value: T, reason: string | undefined): T {
  if (reason === undefined) return value;
  throw new EncodeError(reason);
}

/**
 * A google.protobuf.Any: `{"@type": url, ...fields}`, or `{"@type": url, "value": …}` for a
 * well-known type with a JSON form of its own; its type is looked up in the schema of `f`.
 */
function writeAny(f: FieldPlan, message: Record<string, unknown>): Record<string, unknown> {
  // By number: protobufjs's own copy of any.proto names the first field type_url.
  const fields = planOf(f.messageType as protobuf.Type).byNumber;
  const [urlField, valueField] = [fields.get(1) as FieldPlan, fields.get(2) as FieldPlan];
  const typeUrl = message[urlField.key] ?? "";
  const bytes = message[valueField.key] ?? new Uint8Array(0);
  within(urlField.key, () => checkValue(urlField, typeUrl, true));
  within(valueField.key, () => checkValue(valueField, bytes, true));
  const any = { typeUrl: typeUrl as string, value: bytes as Uint8Array };
  if (any.typeUrl === "" && any.value.length === 0) return {};
  const type = resolveTypeUrl((f.messageType as protobuf.Type).root, any.typeUrl);
  if (type === undefined) throw new EncodeError(unknownTypeUrl(any.typeUrl));
  const wellKnown = wellKnownPlanOf(type);
  try {
    if (wellKnown !== undefined) return { "@type": any.typeUrl, value: writeChecked(wellKnown, readFieldMessage(wellKnown, any.value, "bigint")) };
    const plan = planOf(type);
    return { "@type": any.typeUrl, ...writeMessage(plan, readBinary(plan, any.value, "bigint")) };
  } catch (cause) {
    if (cause instanceof EncodeError || cause instanceof RangeError) throw cause;
    const reason = `cannot decode ${formatValue(any.typeUrl)} from binary: ${cause instanceof Error ? cause.message : String(cause)}`;
    throw new EncodeError(reason, [], { cause });
  }
}

/** Why an Any's type URL is refused: it names no message of the schema (the name shown if short enough). */
export function unknownTypeUrl(typeUrl: string): string {
  const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
  const shown = /^[A-Za-z_][\w.]{0,99}$/.test(name) && typeUrl.includes("/") ? JSON.stringify(name) : formatValue(typeUrl);
  return `unknown type in Any: ${shown} is not a message of the schema`;
}

/** A declared name as it is, an unknown value as it came (its number, or its name). */
function enumToJson(f: FieldPlan, value: unknown): unknown {
  if (typeof value === "string") return value;
  const n = isUnknownEnumValue(value) ? value.unknown : value;
  return typeof n === "number" ? ((f.enumType as protobuf.Enum).valuesById[n] ?? n) : n;
}
