// Writing protobuf binary by reflection, from the value shape ts-proto generates; fields kept
// under UNKNOWN_FIELDS are written back after the known ones.

import protobuf from "protobufjs";
import { formatValue } from "../errors.js";
import { planOf, type FieldPlan, type MessagePlan } from "../schema/index.js";
import { fieldValue, isDefault } from "../schema/index.js";
import { isUnknownEnumValue } from "../schema/index.js";
import { UNKNOWN_FIELDS, mapEntryPlans, wireTypeOf } from "./from-binary.js";
import { longToBits } from "./longs.js";
import { EncodeError, checkList, checkMap, checkMapKey, checkOneofs, checkValue, within } from "./value-check.js";
import { WireType } from "./wire-reader.js";

type Writer = protobuf.Writer;

/** Writes a message of `plan` to protobuf binary; throws an {@link EncodeError} for a value its field cannot hold. */
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
  checkOneofs(plan, message);
  for (const f of plan.fields) {
    const value = fieldValue(f, message);
    if (value === undefined || (value === null && (f.shape !== "singular" || f.kind !== "value"))) continue;
    try {
      writeFieldValue(f, value, w);
    } catch (error) {
      throw error instanceof EncodeError ? error.within(f.key) : error;
    }
  }
  const unknown = (message as { [UNKNOWN_FIELDS]?: unknown })[UNKNOWN_FIELDS];
  if (unknown instanceof Uint8Array) w.raw(unknown);
}

/** Writes what field `f` holds: a list, a map or one value, checked first. */
function writeFieldValue(f: FieldPlan, value: unknown, w: Writer): void {
  if (f.shape === "list") {
    const list = checkList(value);
    if (list.length === 0) return;
    // Index loops, not forEach(): it skips the holes of a sparse array, which must be refused.
    for (let i = 0; i < list.length; i++) within(i, () => checkValue(f, list[i], false));
    if (f.packed) {
      tag(w, f.number, WireType.LengthDelimited).fork();
      for (const item of list) writeScalar(f, item, w);
      w.ldelim();
    } else {
      for (let i = 0; i < list.length; i++) within(i, () => writeField(f, list[i], w));
    }
  } else if (f.shape === "map") {
    const map = checkMap(value);
    const [keyField, valueField] = mapEntryPlans(f);
    for (const name of Object.keys(map)) {
      within(name, () => {
        checkMapKey(f, name);
        checkValue(valueField, map[name], false);
        tag(w, f.number, WireType.LengthDelimited).fork();
        writeField(keyField, mapKey(keyField, name), w);
        writeField(valueField, map[name], w);
        w.ldelim();
      });
    }
  } else {
    checkValue(f, value, false);
    if (f.presence || !isDefault(f, value)) writeField(f, value, w);
  }
}

function tag(w: Writer, number: number, wireType: WireType): Writer {
  return w.uint32(((number << 3) | wireType) >>> 0);
}

/** A map key, kept as an object key (a string), as the value its type writes. */
function mapKey(keyField: FieldPlan, name: string): unknown {
  switch (keyField.kind) {
    case "bool":
      return name === "true";
    case "string":
      return name;
    case "int64":
    case "uint64":
      return BigInt(name);
    default:
      return Number(name);
  }
}

/** Writes one value of `f` that {@link checkValue} accepted, with its tag. */
function writeField(f: FieldPlan, value: unknown, w: Writer): void {
  if (f.messageType === undefined) {
    tag(w, f.number, wireTypeOf(f));
    writeScalar(f, value, w);
    return;
  }
  writeNested(f, planOf(f.messageType), toMessageShape(f, value), w);
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

/** Writes one scalar value of `f` that {@link checkValue} accepted, without its tag. */
function writeScalar(f: FieldPlan, value: unknown, w: Writer): void {
  try {
    switch (f.kind) {
      case "enum": {
        const raw = isUnknownEnumValue(value) ? value.unknown : value;
        if (typeof raw === "number") return void w.int32(raw);
        const values = (f.enumType as protobuf.Enum).values;
        if (typeof raw === "string" && Object.hasOwn(values, raw)) return void w.int32(values[raw] as number);
        throw new EncodeError(`${formatValue(raw)} is not a value of ${f.typeName}, and a name this version does not know has no number to write`);
      }
      case "nullvalue":
        return void w.int32(0);
      case "double":
        return void w.double(value as number);
      case "float":
        return void w.float(value as number);
      case "bool":
        return void w.bool(value as boolean);
      // protobufjs would write a lone surrogate as invalid UTF-8; it becomes U+FFFD, as TextEncoder writes it.
      case "string":
        return void w.string(wellFormed(value as string));
      case "bytes":
        return void w.bytes(value as Uint8Array);
      default:
        return writeInteger(f, value as number | string | bigint, w);
    }
  } catch (error) {
    if (error instanceof EncodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EncodeError(reason, [], { cause: error });
  }
}

// protobufjs's writer takes any value and wraps it into range silently: checkValue has checked each
// integer, and a 64-bit one is handed over as its exact two halves, never as a lossy double.
function writeInteger(f: FieldPlan, value: number | string | bigint, w: Writer): void {
  switch (f.typeName) {
    case "int32":
      return void w.int32(value as number);
    case "sint32":
      return void w.sint32(value as number);
    case "sfixed32":
      return void w.sfixed32(value as number);
    case "uint32":
      return void w.uint32(value as number);
    case "fixed32":
      return void w.fixed32(value as number);
    case "int64":
      return void w.int64(longToBits(value, false));
    case "sint64":
      return void w.sint64(longToBits(value, false));
    case "sfixed64":
      return void w.sfixed64(longToBits(value, false));
    case "uint64":
      return void w.uint64(longToBits(value, true));
    default:
      return void w.fixed64(longToBits(value, true));
  }
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
    case "fieldmask":
      return { paths: value };
    case "struct":
      return { fields: value };
    case "listvalue":
      return { values: value };
    case "value":
      return valueMessage(value);
    case "message":
    case "any":
    case "timestamp":
    case "duration":
      return value as Record<string, unknown>;
    default:
      return { value }; // a wrapper
  }
}

/** A google.protobuf.Value as its message: one member of the oneof `kind`. */
function valueMessage(value: unknown): Record<string, unknown> {
  const kind = (name: string, held: unknown) => ({ kind: { $case: name, value: held } });
  switch (typeof value) {
    case "number":
      return kind("numberValue", value);
    case "string":
      return kind("stringValue", value);
    case "boolean":
      return kind("boolValue", value);
  }
  if (Array.isArray(value)) return kind("listValue", value);
  if (typeof value === "object" && value !== null) return kind("structValue", value);
  return kind("nullValue", "NULL_VALUE");
}
