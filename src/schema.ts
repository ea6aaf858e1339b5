// The shipped schema as protobufjs reflection: loaded once, its messages by name, and per-type
// plans compiled for validation and conversion.

import protobuf from "protobufjs";
// Adds Root.fromDescriptor.
import "protobufjs/ext/descriptor.js";
import { descriptorSetBase64 } from "../gen/descriptor-set.js";
import { RbmEventError, formatValue, jsonTypeOf } from "./errors.js";

let root: protobuf.Root | undefined;
let fullNames: Map<string, protobuf.Type> | undefined;
/** Short names; null marks one that several messages share. */
let shortNames: Map<string, protobuf.Type | null> | undefined;

/**
 * Loads the shipped schema (gen/descriptor-set.ts, google/protobuf/timestamp.proto included)
 * into a resolved protobufjs Root, once; later calls return the same Root.
 */
export function loadSchema(): protobuf.Root {
  if (root === undefined) {
    const bytes = Uint8Array.from(atob(descriptorSetBase64), (c) => c.charCodeAt(0));
    const loaded = protobuf.Root.fromDescriptor(bytes);
    loaded.resolveAll();
    root = loaded;
  }
  return root;
}

/**
 * Finds a message of the schema by full name (`rbm.events.v1.UserEvent`, a leading dot allowed)
 * or short name (`UserEvent`). Throws an {@link RbmEventError} (`UNKNOWN_TYPE`) for a name that
 * matches no message, or a short name that matches several.
 */
export function lookupMessage(name: string): protobuf.Type {
  if (typeof name !== "string") {
    throw new TypeError(`lookupMessage(): expected a string, received ${jsonTypeOf(name)}`);
  }
  if (fullNames === undefined) index();
  const type = fullNames?.get(name.startsWith(".") ? name.slice(1) : name) ?? shortNames?.get(name);
  if (type instanceof protobuf.Type) return type;
  const reason = type === null ? ": several messages have that name, use the full name" : "";
  throw new RbmEventError("UNKNOWN_TYPE", `unknown message type ${formatValue(name)}${reason}`);
}

/** Full names of the schema's own messages (package `rbm.*`, nested ones included), sorted. */
export function messageTypeNames(): string[] {
  if (fullNames === undefined) index();
  return [...(fullNames as Map<string, protobuf.Type>).keys()].filter((name) => name.startsWith("rbm.")).sort();
}

/** A type's full name without the leading dot protobufjs gives it. */
export function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.startsWith(".") ? type.fullName.slice(1) : type.fullName;
}

function index(): void {
  const types: protobuf.Type[] = [];
  collect(loadSchema(), types);
  const full = new Map<string, protobuf.Type>();
  const short = new Map<string, protobuf.Type | null>();
  for (const type of types) {
    full.set(fullName(type), type);
    short.set(type.name, short.has(type.name) ? null : type);
  }
  fullNames = full;
  shortNames = short;
}

function collect(namespace: protobuf.NamespaceBase, into: protobuf.Type[]): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) into.push(nested);
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Namespace) collect(nested, into);
  }
}

// ---------------------------------------------------------------------------------------------
// Compiled plans: what validation and conversion need of a message type, worked out once

/** How one value of a field is read and written: a scalar, an enum, a message or a well-known type. */
export type Kind =
  | "double" | "float" | "int32" | "uint32" | "int64" | "uint64" | "bool" | "string" | "bytes"
  | "enum" | "nullvalue" | "message" | "timestamp" | "duration" | "fieldmask"
  | "struct" | "listvalue" | "value" | "unsupported";

/** One field of a {@link MessagePlan}. */
export interface FieldPlan {
  /** The property of the value: the camelCase name ts-proto and protobufjs give the field. */
  readonly key: string;
  readonly jsonName: string;
  readonly protoName: string;
  readonly shape: "singular" | "list" | "map";
  /** Of the value, or of each item or map value. */
  readonly kind: Kind;
  /** The declared scalar type ("sfixed64"), or the enum or message full name. */
  readonly typeName: string;
  /** Of a map's keys: always a scalar kind and its declared type. */
  readonly mapKey: { readonly kind: Kind; readonly typeName: string } | undefined;
  readonly enumType: protobuf.Enum | undefined;
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
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    out[f.key] = f.shape === "list" ? [] : f.shape === "map" ? Object.create(null)
      : f.kind === "bytes" && !f.presence ? new Uint8Array(0) : f.zero;
  }
  return out;
}

function compile(type: protobuf.Type): MessagePlan {
  const sorted = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  const fields = sorted.map(compileField);
  const byKey = new Map<string, FieldPlan>();
  for (const f of fields) byKey.set(f.jsonName, f).set(f.protoName, f);
  sorted.forEach((field, i) => {
    if (field.partOf === null) return;
    const plan = fields[i] as { -readonly [K in keyof FieldPlan]: FieldPlan[K] };
    plan.oneof = field.partOf.fieldsArray.filter((m) => m !== field).map((m) => byKey.get(m.jsonName) as FieldPlan);
    plan.oneofName = field.partOf.name;
  });
  return { type, name: fullName(type), fields, byKey };
}

function compileField(field: protobuf.Field): FieldPlan {
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
    key: field.name,
    jsonName: field.jsonName,
    protoName: field.protoName,
    shape,
    kind,
    typeName: wrapped ?? typeName,
    mapKey: keyType === undefined ? undefined : { kind: SCALARS[keyType] as Kind, typeName: keyType },
    enumType,
    messageType,
    wrapper: wrapped !== undefined,
    presence,
    zero: presence ? undefined : zeroOf(kind, enumType),
    oneof: undefined,
    oneofName: "",
  };
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
