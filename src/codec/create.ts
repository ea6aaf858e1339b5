// Building a message in code: the fields given, every other field at its default, nested messages
// too, checked as the writers check a value.

import type protobuf from "protobufjs";
import { argumentError, formatValue, isObject, isRbmEventError, RbmEventError } from "../errors.js";
import { defaults, planOf, type FieldPlan, type MessagePlan, type UnknownEnumValue } from "../schema/index.js";
import { toJsonWith } from "./to-json.js";

type Leaf = string | number | boolean | bigint | Uint8Array | UnknownEnumValue | null | undefined;

/**
 * A message's value with every field optional, at any depth: what `create()` takes. A oneof
 * member still names its `$case`, and a list or map holds partial messages.
 */
export type PartialMessage<T> = T extends Leaf
  ? T
  : T extends readonly (infer U)[]
    ? PartialMessage<U>[]
    : T extends { $case: infer C; value: infer V }
      ? { $case: C; value: PartialMessage<V> }
      : { [K in keyof T]?: PartialMessage<T[K]> };

/**
 * A message of `type` from `init`: the fields it gives, every other field at its default, nested
 * messages (Timestamps too) filled in the same way. Throws an {@link RbmEventError}:
 * `INVALID_ARGUMENT` for an `init` that is not an object, `INVALID_EVENT` (with the path) for a
 * field the message does not have or a value its field cannot hold.
 */
export function createWith(type: protobuf.Type, init: unknown): Record<string, unknown> {
  if (init !== undefined && !isObject(init)) throw argumentError("create()", "init", "an object", init);
  const plan = planOf(type);
  const message = build(plan, init ?? {}, "");
  try {
    toJsonWith(type, message); // checks every value as the writers do, naming its path
  } catch (error) {
    const [issue] = isRbmEventError(error) ? error.issues : [];
    if (issue === undefined) throw error;
    throw invalid(plan.name, issue.path, issue.message, error);
  }
  return message;
}

function build(plan: MessagePlan, init: Record<string, unknown>, path: string): Record<string, unknown> {
  const out = defaults(plan);
  for (const key of Object.keys(init)) {
    const value = init[key];
    if (value === undefined) continue;
    const at = path === "" ? key : `${path}.${key}`;
    const field = plan.fields.find((f) => f.key === key && f.union === undefined);
    if (field !== undefined) {
      out[key] = fill(field, value, at);
      continue;
    }
    const members = plan.fields.filter((f) => f.union === key);
    if (members.length === 0) throw invalid(plan.name, at, `unknown field: ${formatValue(key)} is not a field of ${plan.name}`);
    const chosen = isObject(value) ? members.find((f) => f.key === value["$case"]) : undefined;
    if (chosen === undefined || !isObject(value)) {
      throw invalid(plan.name, at, `invalid oneof: expected { $case, value } with $case one of ${members.map((f) => formatValue(f.key)).join(", ")}`);
    }
    out[key] = { $case: chosen.key, value: fill(chosen, value["value"], `${at}.value`) };
  }
  return out;
}

/** A field's value from a partial one: lists and maps item by item, messages filled in. */
function fill(f: FieldPlan, value: unknown, path: string): unknown {
  if (f.shape === "list" && Array.isArray(value)) return value.map((item, i) => fillOne(f, item, `${path}[${i}]`));
  if (f.shape === "map" && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, fillOne(f, item, `${path}[${JSON.stringify(k)}]`)]));
  }
  return f.shape === "singular" ? fillOne(f, value, path) : value;
}

function fillOne(f: FieldPlan, value: unknown, path: string): unknown {
  if (!isObject(value)) return value;
  if (f.kind === "timestamp" || f.kind === "duration") return { seconds: 0, nanos: 0, ...value };
  if (f.kind === "message" && !f.wrapper && f.messageType !== undefined) return build(planOf(f.messageType), value, path);
  return value;
}

/** `cannot create <type>: <path>: <reason>`, as the readers' and writers' errors are worded. */
function invalid(typeName: string, path: string, message: string, cause?: unknown): RbmEventError {
  const at = path === "" ? "" : `${path}: `;
  return new RbmEventError("INVALID_EVENT", `cannot create ${typeName}: ${at}${message}`, { issues: [{ path, message }], cause });
}
