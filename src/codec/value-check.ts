// What a message value may hold for each field, in the shape ts-proto generates and the readers
// return. The JSON and binary writers check every value against it before writing, so neither
// writes a value of another type as it is ("[object Object]" in a double) nor drops one silently
// (a oneof whose $case names no member).

import { formatValue, isObject, jsonTypeOf, pathIndex, pathKey } from "../errors.js";
import { isUnknownEnumValue, timestampProblem, type FieldPlan, type Kind, type MessagePlan } from "../schema/index.js";
import { INT64_MAX, INT64_MIN, UINT64_MAX } from "./longs.js";

/** Thrown while writing, with where the value is below the field being written; the caller turns it into an RbmEventError. */
export class EncodeError extends Error {
  /** The path of the value, as issue paths are written (`inner.child.name`, `numbers[0]`). */
  readonly path: string;

  constructor(
    readonly reason: string,
    readonly segments: readonly (string | number)[] = [],
    options?: { cause?: unknown },
  ) {
    const path = segments.reduce<string>((at, s) => (typeof s === "number" ? pathIndex(at, s) : pathKey(at, s)), "");
    super(path === "" ? reason : `${path}: ${reason}`, options);
    this.path = path;
  }

  /** The same error one level up, inside field or map key `key`, or list item `key`. */
  within(key: string | number): EncodeError {
    return new EncodeError(this.reason, [key, ...this.segments], { cause: this.cause });
  }
}

/** Runs `write`, and puts `key` in front of the path of an {@link EncodeError} it throws. */
export function within<T>(key: string | number, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw error instanceof EncodeError ? error.within(key) : error;
  }
}

/** The error of a value that is not of the type its field takes. */
function expected(what: string, value: unknown): EncodeError {
  return new EncodeError(`invalid value: expected ${what}, received ${jsonTypeOf(value)}`);
}

/**
 * Throws an {@link EncodeError} unless `value` is one value of field `f` (a list item or a map
 * value for a repeated field or a map): a number for a float, an integer in range for an
 * integer (a 64-bit one also as a decimal string or a bigint), a declared name, an int32 or an
 * `{ unknown }` for an enum, an object for a message, a valid `{ seconds, nanos }` for a
 * Timestamp or Duration, JSON values for Struct, ListValue and Value (finite numbers only when
 * `json`, which has no NaN), and so on.
 */
export function checkValue(f: FieldPlan, value: unknown, json: boolean): void {
  switch (f.kind) {
    case "double":
    case "float":
      if (typeof value !== "number") throw expected("number", value);
      if (f.kind === "float" && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) throw outOfRange(f, value);
      return;
    case "int32":
    case "uint32": {
      if (typeof value !== "number" || !Number.isInteger(value)) throw expected("integer", value);
      if (f.kind === "int32" ? value < -0x80000000 || value > 0x7fffffff : value < 0 || value > 0xffffffff) throw outOfRange(f, value);
      return;
    }
    case "int64":
    case "uint64":
      return checkLong(f, value);
    case "bool":
      if (typeof value !== "boolean") throw expected("boolean", value);
      return;
    case "string":
      if (typeof value !== "string") throw expected("string", value);
      return;
    case "bytes":
      if (!(value instanceof Uint8Array)) throw expected("Uint8Array", value);
      return;
    case "enum":
      return checkEnum(f, value);
    case "nullvalue":
      if (value !== null && value !== "NULL_VALUE" && value !== 0) throw expected('null or "NULL_VALUE"', value);
      return;
    case "message":
    case "any":
      if (!isObject(value)) throw expected("object", value);
      return;
    case "timestamp": {
      if (!isObject(value)) throw expected("object", value);
      const problem = timestampProblem(value);
      if (problem !== undefined) throw new EncodeError(`invalid timestamp: ${problem.reason}`, [problem.path]);
      return;
    }
    case "duration":
      return checkDuration(value);
    case "fieldmask":
      if (!Array.isArray(value)) throw expected("array", value);
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] !== "string") throw expected("string", value[i]).within(i);
      }
      return;
    default:
      return checkJson(f.kind, value, json);
  }
}

function outOfRange(f: FieldPlan, value: unknown): EncodeError {
  return new EncodeError(`invalid ${f.typeName}: ${formatValue(value)} is out of range`);
}

function checkLong(f: FieldPlan, value: unknown): void {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isInteger(value)) n = BigInt(value);
  else if (typeof value === "string" && /^-?\d{1,40}$/.test(value)) n = BigInt(value);
  else throw expected("integer", value);
  const unsigned = f.kind === "uint64";
  if (unsigned ? n < BigInt(0) || n > UINT64_MAX : n < INT64_MIN || n > INT64_MAX) throw outOfRange(f, value);
}

function checkEnum(f: FieldPlan, value: unknown): void {
  if (typeof value === "string") {
    if (!f.enumNames.includes(value)) throw new EncodeError(`${formatValue(value)} is not a value of ${f.typeName}`);
    return;
  }
  const raw = isUnknownEnumValue(value) ? value.unknown : value;
  if (typeof raw === "string") return; // an unknown name kept as it came
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw expected("enum name, number or { unknown }", value);
  if (raw < -0x80000000 || raw > 0x7fffffff) throw new EncodeError(`invalid enum value: ${formatValue(raw)} is outside int32`);
}

function checkDuration(value: unknown): void {
  if (!isObject(value)) throw expected("object", value);
  for (const part of ["seconds", "nanos"]) {
    const n = value[part];
    if (typeof n !== "number" || !Number.isInteger(n)) throw expected("integer", n).within(part);
  }
}

/**
 * Checks a Struct (a plain object), a ListValue (an array) or a Value: null, a boolean, a
 * number (finite when `json`), a string, or arrays and plain objects of these, at any depth.
 */
function checkJson(kind: Kind, value: unknown, json: boolean): void {
  if (kind === "struct" && !isPlainObject(value)) throw expected("object", value);
  if (kind === "listvalue" && !Array.isArray(value)) throw expected("array", value);
  checkJsonValue(value, json);
}

function checkJsonValue(value: unknown, json: boolean): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (json && !Number.isFinite(value)) throw new EncodeError(`invalid value: ${formatValue(value)} is not a JSON number`);
      return;
  }
  if (value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) within(i, () => checkJsonValue(value[i], json));
    return;
  }
  if (!isPlainObject(value)) throw expected("JSON value", value);
  for (const key of Object.keys(value)) within(key, () => checkJsonValue(value[key], json));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Throws an {@link EncodeError} unless `value` can be a repeated field's list: an array. */
export function checkList(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw expected("array", value);
  return value;
}

/** Throws an {@link EncodeError} unless `value` can be a map field's value: an object. */
export function checkMap(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw expected("object", value);
  return value;
}

/** Throws an {@link EncodeError} unless `name` is a key of map `f` in its canonical form ("5", "true", any string). */
export function checkMapKey(f: FieldPlan, name: string): void {
  const { kind, typeName } = f.mapKey as { kind: Kind; typeName: string };
  if (kind === "string") return;
  const valid = kind === "bool" ? name === "true" || name === "false" : /^(?:0|-?[1-9]\d{0,19})$/.test(name) && inRange(kind, BigInt(name));
  if (!valid) throw new EncodeError(`invalid map key: expected ${typeName}, received ${formatValue(name)}`);
}

function inRange(kind: Kind, n: bigint): boolean {
  switch (kind) {
    case "int32":
      return n >= BigInt(-0x80000000) && n <= BigInt(0x7fffffff);
    case "uint32":
      return n >= BigInt(0) && n <= BigInt(0xffffffff);
    case "int64":
      return n >= INT64_MIN && n <= INT64_MAX;
    default:
      return n >= BigInt(0) && n <= UINT64_MAX;
  }
}

/** A oneof as a message value holds it: the property, and the members its `$case` may name. */
interface Oneof {
  readonly key: string;
  readonly name: string;
  readonly members: readonly FieldPlan[];
}

const oneofsOf = new WeakMap<MessagePlan, readonly Oneof[]>();

/**
 * Throws an {@link EncodeError} for a oneof of the message that is set but not to one of its
 * members, `{ $case, value }` with a `$case` the oneof has and a value.
 */
export function checkOneofs(plan: MessagePlan, message: Record<string, unknown>): void {
  let oneofs = oneofsOf.get(plan);
  if (oneofs === undefined) {
    const byKey = new Map<string, Oneof>();
    for (const f of plan.fields) {
      if (f.union === undefined) continue;
      const oneof = byKey.get(f.union) ?? { key: f.union, name: f.oneofName, members: [] };
      byKey.set(f.union, { ...oneof, members: [...oneof.members, f] });
    }
    oneofs = [...byKey.values()];
    oneofsOf.set(plan, oneofs);
  }
  for (const { key, name, members } of oneofs) {
    const held = message[key];
    if (held === undefined || held === null) continue;
    if (!isObject(held)) throw expected("{ $case, value }", held).within(key);
    const member = members.find((m) => m.key === held["$case"]);
    if (member === undefined) {
      const cases = members.map((m) => JSON.stringify(m.key)).join(", ");
      throw new EncodeError(`invalid oneof: ${formatValue(held["$case"])} is not a member of oneof ${formatValue(name)} (${cases})`, [key, "$case"]);
    }
    if (held["value"] === undefined) throw expected(member.kind === "value" ? "JSON value" : kindName(member), undefined).within(member.key);
  }
}

/** What a value of `f` is, as errors name it. */
function kindName(f: FieldPlan): string {
  switch (f.kind) {
    case "double":
    case "float":
      return "number";
    case "int32":
    case "uint32":
    case "int64":
    case "uint64":
      return "integer";
    case "bool":
      return "boolean";
    case "string":
      return "string";
    case "bytes":
      return "Uint8Array";
    case "enum":
      return "enum name, number or { unknown }";
    case "fieldmask":
    case "listvalue":
      return "array";
    default:
      return "object";
  }
}
