// proto3 JSON numbers: integer and float fields, and integer map keys, read as the reference
// parsers read them. Each function returns the value or the reason it is invalid.

import { formatValue } from "../errors.js";
import type { Kind } from "../schema/plan.js";

/** Why a 64-bit integer is rejected although the type holds it: it would not stay exact. */
export const UNSAFE = "is outside ±(2^53-1), the safe integer range of a JavaScript number";

const RANGES: Partial<Record<Kind, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** A JSON number: what the references accept, in a string, for integer and float fields. */
const NUMBER = /^-?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Reads an integer of `kind` (int32, uint32, int64 or uint64) from a JSON number or a decimal
 * string, exponent included ("1e5") if the value is integral. `typeName` is the declared type
 * ("sfixed64"), as reasons name it. Returns the number (never -0), or the reason.
 */
export function parseInteger(raw: number | string, kind: Kind, typeName: string): number | string {
  let n: number;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
    if (!Number.isInteger(raw)) return `invalid ${typeName}: ${formatValue(raw)} is not an integer`;
    n = raw;
  } else {
    const parts = NUMBER.exec(raw);
    if (parts === null) return `invalid ${typeName}: ${formatValue(raw)} is not a number`;
    if (!isIntegral(parts)) return `invalid ${typeName}: ${formatValue(raw)} is not an integer`;
    n = Number(raw);
  }
  const [min, max] = RANGES[kind] as readonly [number, number];
  if (n >= min && n <= max) return n + 0; // + 0 turns -0 into 0
  if (max === Number.MAX_SAFE_INTEGER && (n > 0 || min < 0)) return `invalid ${typeName}: ${formatValue(raw)} ${UNSAFE}`;
  return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
}

/** Whether a matched JSON number has no fraction once its exponent is applied ("1.5e1" has none). */
function isIntegral(parts: RegExpExecArray): boolean {
  const fraction = parts[2];
  if (fraction === undefined && parts[3] === undefined) return true;
  const digits = (parts[1] as string) + (fraction ?? "");
  const point = (parts[1] as string).length + Number(parts[3] ?? 0);
  return point >= digits.length || /^0*$/.test(digits.slice(Math.max(point, 0)));
}

/**
 * Reads a float or double (`kind`) from a JSON number, a numeric string, or "NaN", "Infinity"
 * or "-Infinity". A number outside the type's range is rejected, as the references reject it.
 * Returns the number, or the reason.
 */
export function parseFloating(raw: number | string, kind: Kind, typeName: string): number | string {
  let n: number;
  if (typeof raw === "number") {
    n = raw;
  } else if (raw === "NaN" || raw === "Infinity" || raw === "-Infinity") {
    return Number(raw);
  } else if (NUMBER.test(raw)) {
    n = Number(raw);
  } else {
    return `invalid ${typeName}: ${formatValue(raw)} is not a number`;
  }
  // JSON.parse turns a number too large for a double into Infinity; the references reject it.
  if (!Number.isFinite(n) || (kind === "float" && !Number.isFinite(Math.fround(n)))) {
    return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
  }
  return n;
}

/**
 * Reads a map key of an integer `kind` from its JSON object key, plain decimal digits only.
 * Returns the key as a number (its canonical form is `String(n)`), or the reason.
 */
export function parseIntegerKey(name: string, kind: Kind, typeName: string): number | string {
  if (/^-?\d+$/.test(name)) {
    const n = Number(name) + 0; // + 0 turns -0 into 0
    const [min, max] = RANGES[kind] as readonly [number, number];
    if (n >= min && n <= max) return n;
    if (max === Number.MAX_SAFE_INTEGER && (n > 0 || min < 0)) return `invalid map key: ${formatValue(name)} ${UNSAFE}`;
  }
  return `invalid map key: expected ${typeName}, received ${formatValue(name)}`;
}
