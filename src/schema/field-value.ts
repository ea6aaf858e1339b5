// What a message value holds for one field of its plan: the value, through its oneof's union for a
// member of a oneof, and whether that value is the default proto3 leaves out.

import type { FieldPlan } from "./plan-types.js";

/** A member of a oneof as its union holds it, `{ $case, value }`. */
export interface OneofCase {
  readonly $case: string;
  readonly value: unknown;
}

/**
 * The value of field `f` in `message`: its property, or for a member of a oneof the union's
 * value when the union holds that member (else undefined).
 */
export function fieldValue(f: FieldPlan, message: Record<string, unknown>): unknown {
  if (f.union === undefined) return message[f.key];
  const held = message[f.union] as OneofCase | null | undefined;
  return held?.$case === f.key ? held.value : undefined;
}

/** Whether a singular field holds its default, which proto3 leaves out of JSON and binary. */
export function isDefault(f: FieldPlan, value: unknown): boolean {
  switch (f.kind) {
    case "bytes":
      return (value as Uint8Array).length === 0;
    case "enum":
      return value === f.zero || value === 0;
    // -0 is not the default: its bits are not zero, and the reference encoders write it.
    case "double":
    case "float":
      return Object.is(value, 0);
    case "nullvalue":
      return true;
    case "int64":
    case "uint64":
      return value === 0 || value === "0" || value === ZERO;
    default:
      return value === f.zero;
  }
}

const ZERO = BigInt(0);
