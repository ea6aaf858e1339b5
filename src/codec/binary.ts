// The protobuf binary encoding of messages in the shape validation returns, through protobufjs.

import protobuf from "protobufjs";
import { RbmEventError, formatValue } from "../errors.js";
import { UNSAFE } from "./json-numbers.js";
import { defaults, isDefault, planOf, unsupportedError, type FieldPlan, type MessagePlan } from "../schema/plan.js";
import { lookupMessage } from "../schema/registry.js";

/** Encodes a message of the schema, in the shape `validate` returns, to protobuf binary. */
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
    } else if (f.presence || !isDefault(f, value)) {
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
      throw unsupportedError(f, "binary");
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

/** Decodes protobuf binary into a message of the schema, in the shape `validate` returns. */
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
