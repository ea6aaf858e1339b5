// Compiled plans: what validation and conversion need of a message type, worked out once.

import protobuf from "protobufjs";
import { KINDS, type FieldPlan, type Kind, type Longs, type MessagePlan } from "./plan-types.js";

/** A type's full name without the leading dot protobufjs gives it. */
export function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.startsWith(".") ? type.fullName.slice(1) : type.fullName;
}

const WELL_KNOWN: Record<string, Kind> = {
  "google.protobuf.Timestamp": "timestamp",
  "google.protobuf.Duration": "duration",
  "google.protobuf.FieldMask": "fieldmask",
  "google.protobuf.Struct": "struct",
  "google.protobuf.ListValue": "listvalue",
  "google.protobuf.Value": "value",
  "google.protobuf.Any": "any",
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
  double: "double",
  float: "float",
  bool: "bool",
  string: "string",
  bytes: "bytes",
  int32: "int32",
  sint32: "int32",
  sfixed32: "int32",
  uint32: "uint32",
  fixed32: "uint32",
  int64: "int64",
  sint64: "int64",
  sfixed64: "int64",
  uint64: "uint64",
  fixed64: "uint64",
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

/**
 * A new value of the plan's message with every field at its default, in field-number order; a
 * 64-bit integer's default is 0 in the shape `longs` (or the field's `jstype`) gives its values.
 */
export function defaults(plan: MessagePlan, longs: Longs = "number"): Record<string, unknown> {
  // A spread copies the template's layout too, so every value of a type shares one hidden class.
  const out: Record<string, unknown> = { ...plan.template };
  for (const f of plan.fresh) out[f.key] = freshZero(f);
  // The template holds the zeros of "number" already.
  if (longs !== "number") for (const f of plan.longs) out[f.key] = longZero(f.jstype ?? longs);
  return out;
}

const BIG_ZERO = BigInt(0);

/** 0 as a 64-bit integer of the shape `longs`. */
function longZero(longs: Longs): number | string | bigint {
  return longs === "bigint" ? BIG_ZERO : longs === "string" ? "0" : 0;
}

/**
 * The message type an Any's `typeUrl` ("type.googleapis.com/pkg.Name") names, looked up among
 * the messages of `root`; undefined when it names none.
 */
export function resolveTypeUrl(root: protobuf.Root, typeUrl: string): protobuf.Type | undefined {
  const name = typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
  if (!typeUrl.includes("/") || !/^[A-Za-z_][\w.]*$/.test(name)) return undefined;
  const found = root.lookup(`.${name}`, [protobuf.Type]);
  return found instanceof protobuf.Type ? found : undefined;
}

/**
 * For a well-known type with a JSON form of its own (Timestamp, Duration, FieldMask, Struct,
 * ListValue, Value, the wrappers, Any), a plan of a singular field of that type: how an Any
 * holding one reads and writes its `value`. Undefined for other messages.
 */
export function wellKnownPlanOf(type: protobuf.Type): FieldPlan | undefined {
  if (!wellKnownPlans.has(type)) wellKnownPlans.set(type, compileWellKnown(type));
  return wellKnownPlans.get(type);
}

const wellKnownPlans = new WeakMap<protobuf.Type, FieldPlan | undefined>();

function compileWellKnown(type: protobuf.Type): FieldPlan | undefined {
  const typeName = fullName(type);
  const kind = WRAPPERS[typeName] ?? WELL_KNOWN[typeName];
  if (kind === undefined) return undefined;
  const value = "value";
  return {
    key: value,
    number: 1,
    index: 0,
    jsonName: value,
    protoName: value,
    shape: "singular",
    kind,
    code: KINDS.indexOf(kind),
    typeName: WRAPPERS[typeName] ?? typeName,
    mapKey: undefined,
    enumType: undefined,
    enumNames: [],
    messageType: type,
    wrapper: WRAPPERS[typeName] !== undefined,
    presence: true,
    zero: undefined,
    jstype: undefined,
    packed: false,
    delimited: false,
    oneof: undefined,
    oneofName: "",
    union: undefined,
  };
}

function freshZero(f: FieldPlan): unknown {
  return f.shape === "list" ? [] : f.shape === "map" ? Object.create(null) : new Uint8Array(0);
}

function compile(type: protobuf.Type): MessagePlan {
  const sorted = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  const fields = sorted.map((field, index) => compileField(field, index));
  const byKey = new Map<string, FieldPlan>();
  const byNumber = new Map<number, FieldPlan>();
  for (const f of fields) {
    byKey.set(f.jsonName, f).set(f.protoName, f);
    byNumber.set(f.number, f);
  }
  sorted.forEach((field, i) => {
    if (field.partOf === null) return;
    const plan = fields[i] as { -readonly [K in keyof FieldPlan]: FieldPlan[K] };
    plan.oneof = field.partOf.fieldsArray.filter((m) => m !== field).map((m) => byKey.get(m.jsonName) as FieldPlan);
    plan.oneofName = field.partOf.name;
    // A proto3 `optional` field is a oneof of one in the descriptor, but a plain property in ts-proto.
    if (!field.partOf.isProto3Optional) plan.union = protobuf.util.jsonName(field.partOf.name);
  });
  const template: Record<string, unknown> = {};
  const fresh = fields.filter((f) => f.shape !== "singular" || (f.kind === "bytes" && !f.presence));
  const longs = fields.filter((f) => f.shape === "singular" && !f.presence && (f.kind === "int64" || f.kind === "uint64"));
  for (const f of fields) {
    if (f.union !== undefined) template[f.union] = undefined;
    else if (longs.includes(f)) template[f.key] = longZero(f.jstype ?? "number");
    else template[f.key] = fresh.includes(f) ? undefined : f.zero;
  }
  return { type, name: fullName(type), fields, byKey, byNumber, template, fresh, longs };
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
  // An extension is added to the type it extends under its full name; JSON names it `[pkg.name]`.
  const declared = field.declaringField;
  // (protobufjs names it by its full name, with a leading dot, also when it lost the declaring field.)
  const extension =
    declared !== null
      ? `[${fullName(declared.parent as protobuf.ReflectionObject)}.${declared.protoName}]`
      : field.name.startsWith(".")
        ? `[${field.name.slice(1)}]`
        : undefined;
  return {
    key: extension ?? field.name,
    number: field.id,
    index,
    jsonName: extension ?? field.jsonName,
    protoName: extension ?? field.protoName,
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
    jstype: kind === "int64" || kind === "uint64" ? jstypeOf(field) : undefined,
    // An explicit `packed` option first: protobufjs's features may be resolved before it was set.
    packed:
      shape === "list" &&
      messageType === undefined &&
      kind !== "string" &&
      kind !== "bytes" &&
      ((field.options?.["packed"] as boolean | undefined) ?? field.packed),
    delimited: field.delimited,
    oneof: undefined,
    oneofName: "",
    union: undefined,
  };
}

function jstypeOf(field: protobuf.Field): Longs | undefined {
  const jstype: unknown = (field.declaringField ?? field).options?.["jstype"];
  return jstype === "JS_STRING" || jstype === 1 ? "string" : jstype === "JS_NUMBER" || jstype === 2 ? "number" : undefined;
}

function namesOf(enumType: protobuf.Enum | undefined): string[] {
  // Own keys only: protobufjs's `values` inherits the number-to-name table ("1").
  return Object.keys(enumType?.values ?? {});
}

function zeroOf(kind: Kind, enumType: protobuf.Enum | undefined): unknown {
  switch (kind) {
    case "string":
      return "";
    case "bool":
      return false;
    case "enum":
      return enumType?.valuesById[0] ?? Object.keys(enumType?.values ?? {})[0];
    case "nullvalue":
      return "NULL_VALUE";
    default:
      return 0;
  }
}
