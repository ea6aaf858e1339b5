// Reading protobuf binary by reflection, to the value shape ts-proto generates. Fields the type
// does not know are kept, as bytes, under the symbol UNKNOWN_FIELDS, so writing binary again
// gives them back.

import type protobuf from "protobufjs";
import { defaults, planOf, type FieldPlan, type MessagePlan } from "../schema/index.js";
import { fieldValue, type OneofCase } from "../schema/index.js";
import { unknownEnumValue } from "../schema/index.js";
import { longValue, longsOf, UNSAFE } from "./longs.js";
import { type Longs } from "../schema/index.js";
import { BinaryReadError, WireReader, WireType, wireError } from "./wire-reader.js";

/** Where a value decoded from binary keeps the fields its type does not know: their bytes, tags included. */
export const UNKNOWN_FIELDS: unique symbol = Symbol.for("rbm-events.unknownFields") as never;

/** The deepest nesting of messages one read follows. */
const MAX_DEPTH = 100;

/** Reads `bytes` as a message of `plan`, 64-bit integers in the shape `longs`. */
export function readBinary(plan: MessagePlan, bytes: Uint8Array, longs: Longs): Record<string, unknown> {
  try {
    return readMessage(plan, new WireReader(bytes), bytes.length, longs, undefined, 0, undefined);
  } catch (error) {
    throw wireError(error);
  }
}

/** Reads the bytes of a message-typed value as field `f` holds it (a Timestamp as {seconds, nanos}, a Struct as an object). */
export function readFieldMessage(f: FieldPlan, bytes: Uint8Array, longs: Longs): unknown {
  const plan = planOf(f.messageType as protobuf.Type);
  return fromMessageShape(f, readBinary(plan, bytes, wellKnownLongs(f, longs)));
}

function readMessage(
  plan: MessagePlan,
  reader: WireReader,
  end: number,
  longs: Longs,
  group: number | undefined,
  depth: number,
  into: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new BinaryReadError(`too deeply nested: more than ${MAX_DEPTH} levels`);
  const out = into ?? defaults(plan, longs);
  let unknown: Uint8Array[] | undefined;
  while (reader.pos < end) {
    const start = reader.pos;
    const [number, wireType] = reader.fieldTag();
    if (wireType === WireType.EndGroup) {
      if (number !== group) throw new BinaryReadError(`unexpected end group tag ${number}`);
      return finish(out, unknown);
    }
    const f = plan.byNumber.get(number);
    if (f === undefined || !readField(f, out, reader, wireType, longs, depth)) {
      reader.skipField(wireType, number);
      (unknown ??= []).push(reader.buf.subarray(start, reader.pos));
    }
    if (reader.pos > end) throw new BinaryReadError("premature EOF");
  }
  if (group !== undefined) throw new BinaryReadError(`missing end group tag ${group}`);
  if (reader.pos > end) throw new BinaryReadError("premature EOF");
  return finish(out, unknown);
}

function finish(out: Record<string, unknown>, unknown: Uint8Array[] | undefined): Record<string, unknown> {
  if (unknown === undefined) return out;
  const previous = (out as { [UNKNOWN_FIELDS]?: Uint8Array })[UNKNOWN_FIELDS];
  if (previous !== undefined) unknown.unshift(previous);
  const bytes = new Uint8Array(unknown.reduce((n, chunk) => n + chunk.length, 0));
  let at = 0;
  for (const chunk of unknown) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  (out as { [UNKNOWN_FIELDS]?: Uint8Array })[UNKNOWN_FIELDS] = bytes;
  return out;
}

/** Reads one occurrence of field `f` into `out`; false when its wire type does not fit (kept as unknown). */
function readField(f: FieldPlan, out: Record<string, unknown>, reader: WireReader, wireType: WireType, longs: Longs, depth: number): boolean {
  if (f.shape === "map") {
    if (wireType !== WireType.LengthDelimited) return false;
    readMapEntry(f, out[f.key] as Record<string, unknown>, reader, longs, depth);
    return true;
  }
  const expected = wireTypeOf(f);
  if (f.shape === "list") {
    const list = out[f.key] as unknown[];
    if (wireType === WireType.LengthDelimited && expected !== WireType.LengthDelimited && expected !== WireType.StartGroup) {
      const end = reader.delimitedEnd();
      while (reader.pos < end) list.push(readValue(f, reader, longs, depth));
      if (reader.pos !== end) throw new BinaryReadError("premature EOF");
      return true;
    }
    if (wireType !== expected) return false;
    list.push(readValue(f, reader, longs, depth));
    return true;
  }
  if (wireType !== expected) return false;
  const previous = fieldValue(f, out);
  // A message field that occurs again is merged into what was read before; a member of a oneof
  // replaces whichever member was read before.
  const value =
    (f.kind === "message" || f.kind === "any") && previous !== undefined
      ? readNested(f, reader, longs, depth, previous as Record<string, unknown>)
      : readValue(f, reader, longs, depth);
  if (f.union === undefined) out[f.key] = value;
  else out[f.union] = { $case: f.key, value };
  return true;
}

function readMapEntry(f: FieldPlan, map: Record<string, unknown>, reader: WireReader, longs: Longs, depth: number): void {
  const end = reader.delimitedEnd();
  const [keyField, valueField] = mapEntryPlans(f);
  // A missing key or value is the default of its type.
  let key: unknown = keyField.kind === "bool" ? false : keyField.kind === "string" ? "" : 0;
  let value: unknown;
  while (reader.pos < end) {
    const [number, wireType] = reader.fieldTag();
    if (number === 1 && wireType === wireTypeOf(keyField)) key = readValue(keyField, reader, "string", depth);
    else if (number === 2 && wireType === wireTypeOf(valueField)) value = readValue(valueField, reader, longs, depth);
    else reader.skipField(wireType, number);
  }
  if (reader.pos !== end) throw new BinaryReadError("premature EOF");
  if (keyField.kind === "int64" || keyField.kind === "uint64") key = checkedLong(keyField, BigInt(key as string), longs === "number" ? "number" : "string");
  map[String(key)] = value ?? mapValueDefault(f, longs);
}

function mapValueDefault(f: FieldPlan, longs: Longs): unknown {
  if (f.messageType !== undefined) return fromMessageShape(f, readBinary(planOf(f.messageType), new Uint8Array(0), longs));
  if (f.kind === "int64" || f.kind === "uint64") return longValue(BigInt(0), longsOf(f, longs));
  return f.kind === "bytes" ? new Uint8Array(0) : f.zero;
}

const entryPlans = new WeakMap<FieldPlan, readonly [FieldPlan, FieldPlan]>();

/** A map's key and value as fields of its entry message, numbers 1 and 2, so the field readers and writers serve them. */
export function mapEntryPlans(f: FieldPlan): readonly [FieldPlan, FieldPlan] {
  let plans = entryPlans.get(f);
  if (plans === undefined) {
    const { kind, typeName } = f.mapKey as { kind: FieldPlan["kind"]; typeName: string };
    const key: FieldPlan = {
      ...f,
      kind,
      typeName,
      number: 1,
      shape: "singular",
      wrapper: false,
      jstype: undefined,
      enumType: undefined,
      messageType: undefined,
      delimited: false,
    };
    plans = [key, { ...f, number: 2, shape: "singular" }];
    entryPlans.set(f, plans);
  }
  return plans;
}

/** The wire type of one value of `f`. */
export function wireTypeOf(f: FieldPlan): WireType {
  if (f.messageType !== undefined) return f.delimited ? WireType.StartGroup : WireType.LengthDelimited;
  switch (f.kind) {
    case "double":
      return WireType.Bit64;
    case "float":
      return WireType.Bit32;
    case "int32":
    case "uint32":
      return f.typeName.includes("fixed") ? WireType.Bit32 : WireType.Varint;
    case "int64":
    case "uint64":
      return f.typeName.includes("fixed") ? WireType.Bit64 : WireType.Varint;
    case "bool":
    case "enum":
    case "nullvalue":
      return WireType.Varint;
    default:
      return WireType.LengthDelimited;
  }
}

function readValue(f: FieldPlan, reader: WireReader, longs: Longs, depth: number): unknown {
  if (f.messageType !== undefined) return fromMessageShape(f, readNested(f, reader, wellKnownLongs(f, longs), depth, undefined));
  switch (f.kind) {
    case "double":
      return reader.double();
    case "float":
      return reader.float();
    case "bool":
      return reader.bool();
    case "string":
      return reader.string();
    case "bytes":
      return reader.bytes();
    case "int32":
      return f.typeName === "sint32" ? reader.sint32() : f.typeName === "sfixed32" ? reader.sfixed32() : reader.int32();
    case "uint32":
      return f.typeName === "fixed32" ? reader.fixed32() : reader.uint32();
    case "int64":
    case "uint64":
      return checkedLong(f, reader.long(f.typeName), longsOf(f, longs));
    case "enum": {
      const n = reader.int32();
      return (f.enumType as protobuf.Enum).valuesById[n] ?? unknownEnumValue(n);
    }
    default: // nullvalue
      reader.int32();
      return "NULL_VALUE";
  }
}

function readNested(f: FieldPlan, reader: WireReader, longs: Longs, depth: number, into: Record<string, unknown> | undefined): Record<string, unknown> {
  const plan = planOf(f.messageType as protobuf.Type);
  if (f.delimited) return readMessage(plan, reader, reader.len, longs, f.number, depth + 1, into);
  const end = reader.delimitedEnd();
  return readMessage(plan, reader, end, longs, undefined, depth + 1, into);
}

function checkedLong(f: FieldPlan, n: bigint, longs: Longs): unknown {
  const value = longValue(n, longs);
  if (value === undefined) throw new BinaryReadError(`${f.key}: ${n} ${UNSAFE}`);
  return value;
}

/** Timestamp and Duration keep `seconds` a number whatever `longs` says: their range fits. */
function wellKnownLongs(f: FieldPlan, longs: Longs): Longs {
  return f.kind === "timestamp" || f.kind === "duration" ? "number" : longs;
}

/** A decoded message as field `f` holds it: the JSON-like shape of the well-known types. */
function fromMessageShape(f: FieldPlan, m: Record<string, unknown>): unknown {
  switch (f.kind) {
    case "timestamp":
    case "duration":
      return { seconds: m["seconds"], nanos: m["nanos"] };
    case "fieldmask":
      return m["paths"];
    case "struct":
      return m["fields"];
    case "listvalue":
      return m["values"];
    case "value": {
      // Value's members form the oneof `kind`; a null_value (or none) is null.
      const held = m["kind"] as OneofCase | undefined;
      return held === undefined || held.$case === "nullValue" ? null : held.value;
    }
    default:
      return f.wrapper ? m["value"] : m;
  }
}
