// Writing canonical proto3 JSON from messages in the shape validation returns.

import type protobuf from "protobufjs";
import { base64Encode } from "../encoding/base64.js";
import { isDefault, planOf, unsupportedError, type FieldPlan, type MessagePlan } from "../schema/plan.js";
import { lookupMessage } from "../schema/registry.js";
import { timestampToJson } from "../schema/timestamp.js";
import { durationToJson, fieldMaskToJson, type Duration } from "../schema/well-known.js";

/**
 * Converts a message of the schema, in the shape `validate` returns, to canonical proto3
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
      return typeof value === "number" ? ((f.enumType as protobuf.Enum).valuesById[value] ?? value) : value;
    case "nullvalue":
      return null;
    case "timestamp":
      return timestampToJson(value as { seconds: number; nanos: number });
    case "duration":
      return durationToJson(value as Duration);
    case "fieldmask":
      return fieldMaskToJson(value as string[]);
    case "message":
      return writeMessage(planOf(f.messageType as protobuf.Type), value as Record<string, unknown>);
    case "unsupported":
      throw unsupportedError(f, "JSON");
    default:
      return value; // string, bool, 32-bit integers, Struct, ListValue and Value as they are
  }
}
