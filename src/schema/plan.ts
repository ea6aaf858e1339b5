// Compiled plans: what validation and conversion need of a message type, worked out once.

import protobuf from "protobufjs";
import { RbmEventError } from "../errors.js";

/** A type's full name without the leading dot protobufjs gives it. */
export function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.startsWith(".") ? type.fullName.slice(1) : type.fullName;
}

/** How one value of a field is read and written: a scalar, an enum, a message or a well-known type. */
export type Kind =
  | "double" | "float" | "int32" | "uint32" | "int64" | "uint64" | "bool" | "string" | "bytes"
  | "enum" | "nullvalue" | "message" | "timestamp" | "duration" | "fieldmask"
  | "struct" | "listvalue" | "value" | "unsupported";

/** Every {@link Kind}; a kind's index here is its {@link FieldPlan.code}. */
export const KINDS: readonly Kind[] = [
  "double", "float", "int32", "uint32", "int64", "uint64", "bool", "string", "bytes",
  "enum", "nullvalue", "message", "timestamp", "duration", "fieldmask",
  "struct", "listvalue", "value", "unsupported",
];

/**
 * One field of a {@link MessagePlan}. Its names are the engine's shared copies of the strings,
 * as property keys are, so comparing one with a key of a parsed object is a pointer comparison.
 */
export interface FieldPlan {
  /** The property of the value: the camelCase name ts-proto and protobufjs give the field. */
  readonly key: string;
  /** Its position in {@link MessagePlan.fields}. */
  readonly index: number;
  readonly jsonName: string;
  readonly protoName: string;
  readonly shape: "singular" | "list" | "map";
  /** Of the value, or of each item or map value. */
  readonly kind: Kind;
  /** The kind as its index in {@link KINDS}, for a switch on a small integer. */
  readonly code: number;
  /** The declared scalar type ("sfixed64"), or the enum or message full name. */
  readonly typeName: string;
  /** Of a map's keys: always a scalar kind and its declared type. */
  readonly mapKey: { readonly kind: Kind; readonly typeName: string } | undefined;
  readonly enumType: protobuf.Enum | undefined;
  /** The names of the enum's values, in declaration order; empty for other kinds. */
  readonly enumNames: readonly string[];
  readonly messageType: protobuf.Type | undefined;
  /** A google.protobuf wrapper (Int32Value, …) holding one scalar of `kind`. */
  readonly wrapper: boolean;
  /** Tracks presence (message, oneof member, `optional`): the default is undefined. */
  readonly presence: boolean;
  /** The default of a singular field (bytes get a fresh Uint8Array, see {@link defaults}). */
  readonly zero: unknown;
  /** The other members of its oneof, if it is in one. */
  readonly oneof: readonly FieldPlan[] | undefined;
  readonly oneofName: string;
}

/** A message type compiled for validation and conversion. */
export interface MessagePlan {
  readonly type: protobuf.Type;
  /** The full name, without a leading dot. */
  readonly name: string;
  /** In field-number order. */
  readonly fields: readonly FieldPlan[];
  /** Every field under both its JSON name and its proto name. */
  readonly byKey: ReadonlyMap<string, FieldPlan>;
  /** Every field at its default, in field-number order; {@link defaults} copies it. */
  readonly template: Readonly<Record<string, unknown>>;
  /** The fields whose default is a new object each time: lists, maps and bytes. */
  readonly fresh: readonly FieldPlan[];
}

const WELL_KNOWN: Record<string, Kind> = {
  "google.protobuf.Timestamp": "timestamp",
  "google.protobuf.Duration": "duration",
  "google.protobuf.FieldMask": "fieldmask",
  "google.protobuf.Struct": "struct",
  "google.protobuf.ListValue": "listvalue",
  "google.protobuf.Value": "value",
  "google.protobuf.Any": "unsupported",
};

// A wrapper's kind is also the declared type of its one field, `value`.
const WRAPPERS: Record<string, Kind> = {
  "google.protobuf.DoubleValue": "double",
  "google.protobuf.FloatValue": "float",
  "google.protobuf.Int64Value": "int64",
  "google.protobuf.UInt64Value": "uint64",
  "google.protobuf.Int32Value": "int32",
  "google.protobuf.UInt32Value": "uint32",
  "google.protobuf.BoolValue": "bool",
  "google.protobuf.StringValue": "string",
  "google.protobuf.BytesValue": "bytes",
};

const SCALARS: Record<string, Kind> = {
  double: "double", float: "float", bool: "bool", string: "string", bytes: "bytes",
  int32: "int32", sint32: "int32", sfixed32: "int32", uint32: "uint32", fixed32: "uint32",
  int64: "int64", sint64: "int64", sfixed64: "int64", uint64: "uint64", fixed64: "uint64",
};

const plans = new WeakMap<protobuf.Type, MessagePlan>();

/**
 * The plan of a message type of any protobufjs Root, compiled on first use and kept; the types
 * its fields refer to are compiled when first reached, so recursive messages work.
 */
export function planOf(type: protobuf.Type): MessagePlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    plan = compile(type);
    plans.set(type, plan);
  }
  return plan;
}

/** A new value of the plan's message with every field at its default, in field-number order. */
export function defaults(plan: MessagePlan): Record<string, unknown> {
  // A spread copies the template's layout too, so every value of a type shares one hidden class.
  const out: Record<string, unknown> = { ...plan.template };
  for (const f of plan.fresh) out[f.key] = freshZero(f);
  return out;
}

/** Whether a singular field holds its default, which proto3 leaves out of JSON and binary. */
export function isDefault(f: FieldPlan, value: unknown): boolean {
  switch (f.kind) {
    case "bytes": return (value as Uint8Array).length === 0;
    case "enum": return value === f.zero || value === 0;
    case "nullvalue": return true;
    default: return value === f.zero;
  }
}

/** The error for a field of a well-known type this package does not convert (google.protobuf.Any). */
export function unsupportedError(f: FieldPlan, to: string): RbmEventError {
  return new RbmEventError("INVALID_ARGUMENT", `cannot encode ${f.key} to ${to}: unsupported well-known type ${f.typeName}`);
}

function freshZero(f: FieldPlan): unknown {
  return f.shape === "list" ? [] : f.shape === "map" ? Object.create(null) : new Uint8Array(0);
}

function compile(type: protobuf.Type): MessagePlan {
  const sorted = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  const fields = sorted.map((field, index) => compileField(field, index));
  const byKey = new Map<string, FieldPlan>();
  for (const f of fields) byKey.set(f.jsonName, f).set(f.protoName, f);
  sorted.forEach((field, i) => {
    if (field.partOf === null) return;
    const plan = fields[i] as { -readonly [K in keyof FieldPlan]: FieldPlan[K] };
    plan.oneof = field.partOf.fieldsArray.filter((m) => m !== field).map((m) => byKey.get(m.jsonName) as FieldPlan);
    plan.oneofName = field.partOf.name;
  });
  const template: Record<string, unknown> = {};
  const fresh = fields.filter((f) => f.shape !== "singular" || (f.kind === "bytes" && !f.presence));
  for (const f of fields) template[f.key] = fresh.includes(f) ? undefined : f.zero;
  return { type, name: fullName(type), fields, byKey, template, fresh };
}

function compileField(field: protobuf.Field, index: number): FieldPlan {
  field.resolve();
  const resolved = field.resolvedType;
  const messageType = resolved instanceof protobuf.Type ? resolved : undefined;
  const enumType = resolved instanceof protobuf.Enum ? resolved : undefined;
  const typeName = resolved === null ? field.type : fullName(resolved);
  const wrapped = WRAPPERS[typeName];
  let kind: Kind;
  if (enumType !== undefined) kind = typeName === "google.protobuf.NullValue" ? "nullvalue" : "enum";
  else if (messageType !== undefined) kind = wrapped ?? WELL_KNOWN[typeName] ?? "message";
  else kind = SCALARS[field.type] as Kind;
  const shape = field.map ? "map" : field.repeated ? "list" : "singular";
  const keyType = field instanceof protobuf.MapField ? field.keyType : undefined;
  // protobufjs's hasPresence may be the oneof itself, and is false for message fields of proto3
  // files, which always have presence.
  const presence = shape === "singular" && (Boolean(field.hasPresence) || messageType !== undefined);
  return {
    key: internalize(field.name),
    index,
    jsonName: internalize(field.jsonName),
    protoName: internalize(field.protoName),
    shape,
    kind,
    code: KINDS.indexOf(kind),
    typeName: wrapped ?? typeName,
    mapKey: keyType === undefined ? undefined : { kind: SCALARS[keyType] as Kind, typeName: keyType },
    enumType,
    enumNames: namesOf(enumType),
    messageType,
    wrapper: wrapped !== undefined,
    presence,
    zero: presence ? undefined : zeroOf(kind, enumType),
    oneof: undefined,
    oneofName: "",
  };
}

/**
 * The same string, as the engine's one shared copy of it (the copy property keys use). Keys
 * that JSON.parse makes are such copies, so a lookup or a comparison of one with a name
 * internalized here is a pointer comparison, and storing under it needs no lookup first.
 */
function internalize(name: string): string {
  return Object.keys({ [name]: 0 })[0] as string;
}

function namesOf(enumType: protobuf.Enum | undefined): string[] {
  // Own keys only: protobufjs's `values` inherits the number-to-name table ("1").
  return Object.keys(enumType?.values ?? {});
}

function zeroOf(kind: Kind, enumType: protobuf.Enum | undefined): unknown {
  switch (kind) {
    case "string": return "";
    case "bool": return false;
    case "enum": return enumType?.valuesById[0] ?? Object.keys(enumType?.values ?? {})[0];
    case "nullvalue": return "NULL_VALUE";
    default: return 0;
  }
}
