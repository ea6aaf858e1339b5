// The shape of a compiled plan: how each field of a message type is read and written. plan.ts
// compiles them.

import type protobuf from "protobufjs";

/** How one value of a field is read and written: a scalar, an enum, a message or a well-known type. */
export type Kind =
  | "double"
  | "float"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "bool"
  | "string"
  | "bytes"
  | "enum"
  | "nullvalue"
  | "message"
  | "timestamp"
  | "duration"
  | "fieldmask"
  | "struct"
  | "listvalue"
  | "value"
  | "any";

/** Every {@link Kind}; a kind's index here is its {@link FieldPlan.code}. */
export const KINDS: readonly Kind[] = [
  "double",
  "float",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "bool",
  "string",
  "bytes",
  "enum",
  "nullvalue",
  "message",
  "timestamp",
  "duration",
  "fieldmask",
  "struct",
  "listvalue",
  "value",
  "any",
];

/** How 64-bit integers are given in values: a number (exact within ±(2^53-1)), a decimal string, or a bigint. */
export type Longs = "number" | "string" | "bigint";

/**
 * One field of a {@link MessagePlan}. Its names are the engine's shared copies of the strings,
 * as property keys are, so comparing one with a key of a parsed object is a pointer comparison.
 */
export interface FieldPlan {
  /**
   * The property of the value: the camelCase name ts-proto and protobufjs give the field, or
   * for an extension its full name in brackets, `[pkg.name]`, as JSON names it.
   */
  readonly key: string;
  /** The field number. */
  readonly number: number;
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
  /** A 64-bit integer field's shape fixed by its `jstype` option (JS_STRING, JS_NUMBER), as ts-proto's useJsTypeOverride does. */
  readonly jstype: Longs | undefined;
  /** A repeated number, bool or enum written packed. */
  readonly packed: boolean;
  /** A message written as a group (proto2 `group`), between start and end tags. */
  readonly delimited: boolean;
  /** The other members of its oneof, if it is in one. */
  readonly oneof: readonly FieldPlan[] | undefined;
  readonly oneofName: string;
  /**
   * The property that holds this member's oneof as `{ $case: key, value }`, as ts-proto's
   * `oneof=unions-value` has it; undefined outside a oneof and for a proto3 `optional` field.
   */
  readonly union: string | undefined;
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
  /** Every field by its number. */
  readonly byNumber: ReadonlyMap<number, FieldPlan>;
  /** Every field at its default, in field-number order; {@link defaults} copies it. */
  readonly template: Readonly<Record<string, unknown>>;
  /** The fields whose default is a new object each time: lists, maps and bytes. */
  readonly fresh: readonly FieldPlan[];
  /** The singular 64-bit integer fields without presence, whose default takes the shape `longs` asks for. */
  readonly longs: readonly FieldPlan[];
}
