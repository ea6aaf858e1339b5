// Writing protobuf binary by reflection, from the value shape ts-proto generates; fields kept
// under UNKNOWN_FIELDS are written back after the known ones.

import protobuf from "protobufjs";
import { formatValue, isObject, jsonTypeOf } from "../errors.js";
import { timestampProblem } from "../schema/index.js";
import { planOf, type FieldPlan, type MessagePlan } from "../schema/index.js";
import { fieldValue, isDefault } from "../schema/index.js";
import { isUnknownEnumValue } from "../schema/index.js";
import { UNKNOWN_FIELDS, mapEntryPlans, wireTypeOf } from "./from-binary.js";
import { longToBits } from "./longs.js";
import { WireType } from "./wire-reader.js";

type Writer = protobuf.Writer;

/** Thrown while writing, with the path of the field; the caller turns it into an RbmEventError. */
export class BinaryWriteError extends Error {
  constructor(readonly path: string, readonly reason: string, options?: { cause?: unknown }) {
    super(path === "" ? reason : `${path}: ${reason}`, options);
  }

  /** The same error one level up, inside field `key`. */
  within(key: string): BinaryWriteError {
    return new BinaryWriteError(this.path === "" ? key : `${key}.${this.path}`, this.reason, { cause: this.cause });
  }
}

/** Writes a message of `plan` to protobuf binary. */
export function writeBinary(plan: MessagePlan, message: Record<string, unknown>): Uint8Array {
  // The plain Writer on Uint8Arrays, also in Node (Writer.create() would give a BufferWriter).
  const writer = new protobuf.Writer();
  writeMessage(plan, message, writer);
  // Bytes of their own: Writer#finish() may cut them from a shared slab.
  return writer.buf.slice(0, writer.pos);
}

/** The binary of a message-typed value as field `f` holds it (a Timestamp as {seconds, nanos}, a Struct as an object). */
export function writeFieldMessage(f: FieldPlan, value: unknown): Uint8Array {
  return writeBinary(planOf(f.messageType as protobuf.Type), toMessageShape(f, value));
}

function writeMessage(plan: MessagePlan, message: Record<string, unknown>, w: Writer): void {
  for (const f of plan.fields) {
    const value = fieldValue(f, message);
    if (value === undefined || (value === null && (f.shape !== "singular" || f.kind !== "value"))) continue;
    if (f.shape === "list") {
      const list = value as unknown[];
      if (list.length === 0) continue;
      if (f.packed) {
        tag(w, f.number, WireType.LengthDelimited).fork();
        for (const item of list) writeScalar(f, item, w);
        w.ldelim();
      } else {
        for (const item of list) writeField(f, item, w);
      }
    } else if (f.shape === "map") {
      const map = value as Record<string, unknown>;
      const [keyField, valueField] = mapEntryPlans(f);
      for (const name of Object.keys(map)) {
        tag(w, f.number, WireType.LengthDelimited).fork();
        writeField(keyField, mapKey(keyField, name), w);
        writeField(valueField, map[name], w);
        w.ldelim();
      }
    } else if (f.presence || !isDefault(f, value)) {
      writeField(f, value, w);
    }
  }
  const unknown = (message as { [UNKNOWN_FIELDS]?: unknown })[UNKNOWN_FIELDS];
  if (unknown instanceof Uint8Array) w.raw(unknown);
}

function tag(w: Writer, number: number, wireType: WireType): Writer {
  return w.uint32(((number << 3) | wireType) >>> 0);
}

/** A map key, kept as an object key (a string), as the value its type writes. */
function mapKey(keyField: FieldPlan, name: string): unknown {
  switch (keyField.kind) {
    case "bool": return name === "true";
    case "string": return name;
    case "int64": case "uint64": return BigInt(name);
    default: return Number(name);
  }
}

function writeField(f: FieldPlan, value: unknown, w: Writer): void {
  if (f.messageType === undefined) {
    tag(w, f.number, wireTypeOf(f));
    writeScalar(f, value, w);
    return;
  }
  checkMessage(f, value);
  const nested = planOf(f.messageType);
  const message = toMessageShape(f, value);
  try {
    writeNested(f, nested, message, w);
  } catch (error) {
    throw error instanceof BinaryWriteError ? error.within(f.key) : error;
  }
}

/** Refuses a value that is no object for a message field, and a Timestamp out of range. */
function checkMessage(f: FieldPlan, value: unknown): void {
  if (f.kind !== "message" && f.kind !== "any" && f.kind !== "timestamp" && f.kind !== "duration") return;
  if (!isObject(value)) throw new BinaryWriteError(f.key, `invalid value: expected object, received ${jsonTypeOf(value)}`);
  if (f.kind !== "timestamp") return;
  const problem = timestampProblem(value);
  if (problem !== undefined) throw new BinaryWriteError(`${f.key}.${problem.path}`, `invalid timestamp: ${problem.reason}`);
}

function writeNested(f: FieldPlan, nested: MessagePlan, message: Record<string, unknown>, w: Writer): void {
  if (f.delimited) {
    tag(w, f.number, WireType.StartGroup);
    writeMessage(nested, message, w);
    tag(w, f.number, WireType.EndGroup);
  } else {
    tag(w, f.number, WireType.LengthDelimited).fork();
    writeMessage(nested, message, w);
    w.ldelim();
  }
}

function writeScalar(f: FieldPlan, value: unknown, w: Writer): void {
  try {
    const expected = SCALAR_TYPES[f.kind];
    // The writer would take a wrong type silently (5 as "5", "x" as 0): refuse it instead.
    if (expected !== undefined && !expected.test(value)) {
      throw new BinaryWriteError(f.key, `invalid value: expected ${expected.name}, received ${jsonTypeOf(value)}`);
    }
    switch (f.kind) {
      case "enum": {
        const raw = isUnknownEnumValue(value) ? value.unknown : value;
        if (typeof raw === "number") return void w.int32(int32(raw, false));
        const values = (f.enumType as protobuf.Enum).values;
        if (typeof raw === "string" && Object.hasOwn(values, raw)) return void w.int32(values[raw] as number);
        if (isUnknownEnumValue(value)) {
          throw new BinaryWriteError(f.key, `${formatValue(raw)} is not a value of ${f.typeName}, and a name this version does not know has no number to write`);
        }
        throw new BinaryWriteError(f.key, `${formatValue(value)} is not a value of ${f.typeName}`);
      }
      case "nullvalue": return void w.int32(0);
      case "double": return void w.double(value as number);
      case "float": return void w.float(float32(value as number));
      case "bool": return void w.bool(value as boolean);
      // protobufjs would write a lone surrogate as invalid UTF-8; it becomes U+FFFD, as TextEncoder writes it.
      case "string": return void w.string(wellFormed(value as string));
      case "bytes": return void w.bytes(value as Uint8Array);
      default: return writeInteger(f, value as number | string | bigint, w);
    }
  } catch (error) {
    if (error instanceof BinaryWriteError && error.path === f.key) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BinaryWriteError(f.key, reason, { cause: error });
  }
}

const isInteger = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint" || (typeof v === "string" && /^-?\d+$/.test(v));

/** What each scalar kind takes, as ts-proto's shapes hold it (64-bit integers also as strings and bigints). */
const SCALAR_TYPES: Partial<Record<string, { name: string; test: (value: unknown) => boolean }>> = {
  enum: { name: "enum name or number", test: (v) => typeof v === "string" || (typeof v === "number" && Number.isInteger(v)) || isUnknownEnumValue(v) },
  double: { name: "number", test: (v) => typeof v === "number" },
  float: { name: "number", test: (v) => typeof v === "number" },
  bool: { name: "boolean", test: (v) => typeof v === "boolean" },
  string: { name: "string", test: (v) => typeof v === "string" },
  bytes: { name: "Uint8Array", test: (v) => v instanceof Uint8Array },
  int32: { name: "integer", test: isInteger },
  sint32: { name: "integer", test: isInteger },
  sfixed32: { name: "integer", test: isInteger },
  uint32: { name: "integer", test: isInteger },
  fixed32: { name: "integer", test: isInteger },
  int64: { name: "integer", test: isInteger },
  sint64: { name: "integer", test: isInteger },
  sfixed64: { name: "integer", test: isInteger },
  uint64: { name: "integer", test: isInteger },
  fixed64: { name: "integer", test: isInteger },
};

// protobufjs's writer takes any value and wraps it into range silently: each integer is checked
// here first, and a 64-bit one is handed over as its exact two halves, never as a lossy double.
function writeInteger(f: FieldPlan, value: number | string | bigint, w: Writer): void {
  switch (f.typeName) {
    case "int32": return void w.int32(int32(value, false));
    case "sint32": return void w.sint32(int32(value, false));
    case "sfixed32": return void w.sfixed32(int32(value, false));
    case "uint32": return void w.uint32(int32(value, true));
    case "fixed32": return void w.fixed32(int32(value, true));
    case "int64": return void w.int64(longToBits(value, false));
    case "sint64": return void w.sint64(longToBits(value, false));
    case "sfixed64": return void w.sfixed64(longToBits(value, false));
    case "uint64": return void w.uint64(longToBits(value, true));
    default: return void w.fixed64(longToBits(value, true));
  }
}

/** A 32-bit integer given as a number or a decimal string, checked against its range. */
function int32(value: unknown, unsigned: boolean): number {
  const name = unsigned ? "uint32" : "int32";
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number") throw new Error(`invalid ${name}: ${typeof value}`);
  if (!Number.isInteger(n) || n > (unsigned ? 0xffffffff : 0x7fffffff) || n < (unsigned ? 0 : -0x80000000)) throw new Error(`invalid ${name}: ${n}`);
  return n;
}

/** A float: a finite number beyond float32's range would be written as Infinity. */
function float32(value: number): number {
  if (Number.isFinite(value) && !Number.isFinite(Math.fround(value))) throw new Error(`invalid float32: ${value}`);
  return value;
}

const isWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

/** A string with every lone surrogate replaced by U+FFFD. */
function wellFormed(value: string): string {
  if (isWellFormed !== undefined ? isWellFormed.call(value) : !/\p{Cs}/u.test(value)) return value;
  return value.replace(/\p{Cs}/gu, "\uFFFD");
}

/** A value as field `f` holds it, as the message its type is: the inverse of the reader's shapes. */
function toMessageShape(f: FieldPlan, value: unknown): Record<string, unknown> {
  switch (f.kind) {
    case "fieldmask": return { paths: value };
    case "struct": return { fields: value };
    case "listvalue": return { values: value };
    case "value": return valueMessage(value);
    case "message": case "any": case "timestamp": case "duration": return value as Record<string, unknown>;
    default: return { value }; // a wrapper
  }
}

/** A google.protobuf.Value as its message: one member of the oneof `kind`. */
function valueMessage(value: unknown): Record<string, unknown> {
  const kind = (name: string, held: unknown) => ({ kind: { $case: name, value: held } });
  switch (typeof value) {
    case "number": return kind("numberValue", value);
    case "string": return kind("stringValue", value);
    case "boolean": return kind("boolValue", value);
  }
  if (Array.isArray(value)) return kind("listValue", value);
  if (typeof value === "object" && value !== null) return kind("structValue", value);
  return kind("nullValue", "NULL_VALUE");
}
