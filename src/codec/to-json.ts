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
import type { ConversionOptions } from "./longs.js";
import { readBinary, readFieldMessage } from "./from-binary.js";

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
 * {@link RbmEventError} (`INVALID_EVENT`) for a value JSON cannot hold: a Timestamp or
 * Duration out of range, a FieldMask path that would not read back, an Any of a type the
 * schema does not have.
 */
export function toJsonWith(type: protobuf.Type, message: Record<string, unknown>, _options?: ConversionOptions): Record<string, unknown> {
  if (!isObject(message)) throw argumentError("toJson()", "message", "an object", message);
  const plan = planOf(type);
  try {
    return writeMessage(plan, message);
  } catch (cause) {
    // Only a value built by hand nests this deep: a decoded one stops at MAX_JSON_DEPTH.
    if (!(cause instanceof RangeError)) throw cause;
    throw new RbmEventError("INVALID_EVENT", `cannot encode ${plan.name} to JSON: too deeply nested`, { cause });
  }
}

function writeMessage(plan: MessagePlan, message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    const value = fieldValue(f, message);
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
    } else if (f.presence || !isDefault(f, value)) {
      out[f.jsonName] = writeValue(f, value);
    }
  }
  return out;
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
      return enumToJson(f, value);
    case "nullvalue":
      return null;
    case "timestamp":
      return timestampToJson(value as { seconds: number; nanos: number });
    case "duration":
      return durationToJson(checked(f, value as Duration, durationError(value as Duration)));
    case "fieldmask":
      return fieldMaskToJson(checked(f, value as string[], fieldMaskError(value as string[])));
    case "message":
      return writeMessage(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    case "any":
      return writeAny(f, value as Record<string, unknown>);
    default:
      return value; // string, bool, 32-bit integers, Struct, ListValue and Value as they are
  }
}

function checked<T>(f: FieldPlan, value: T, reason: string | undefined): T {
  if (reason === undefined) return value;
  throw new RbmEventError("INVALID_EVENT", `cannot encode ${f.key} to JSON: ${reason}`);
}

/**
 * A google.protobuf.Any: `{"@type": url, ...fields}`, or `{"@type": url, "value": …}` for a
 * well-known type with a JSON form of its own; its type is looked up in the schema of `f`.
 */
function writeAny(f: FieldPlan, message: Record<string, unknown>): Record<string, unknown> {
  // By number: protobufjs's own copy of any.proto names the first field type_url.
  const fields = planOf(f.messageType as protobuf.Type).byNumber;
  const any = { typeUrl: message[(fields.get(1) as FieldPlan).key] as string, value: message[(fields.get(2) as FieldPlan).key] as Uint8Array };
  if (any.typeUrl === "" && any.value.length === 0) return {};
  const type = resolveTypeUrl((f.messageType as protobuf.Type).root, any.typeUrl);
  if (type === undefined) throw new RbmEventError("INVALID_EVENT", `cannot encode ${f.key} to JSON: ${unknownTypeUrl(any.typeUrl)}`);
  const wellKnown = wellKnownPlanOf(type);
  try {
    if (wellKnown !== undefined) return { "@type": any.typeUrl, value: writeValue(wellKnown, readFieldMessage(wellKnown, any.value, "bigint")) };
    const plan = planOf(type);
    return { "@type": any.typeUrl, ...writeMessage(plan, readBinary(plan, any.value, "bigint")) };
  } catch (cause) {
    if (cause instanceof RbmEventError) throw cause;
    const reason = `cannot decode ${formatValue(any.typeUrl)} from binary: ${cause instanceof Error ? cause.message : String(cause)}`;
    throw new RbmEventError("INVALID_EVENT", `cannot encode ${f.key} to JSON: ${reason}`, { cause });
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
