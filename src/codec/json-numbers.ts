// proto3 JSON numbers: integer and float fields, and integer map keys, read as the reference
// parsers read them. Each function returns the value or the reason it is invalid.

import { formatValue } from "../errors.js";
import type { Kind } from "../schema/index.js";
import { INT64_MAX, INT64_MIN, UINT64_MAX, UNSAFE } from "./longs.js";

export { UNSAFE } from "./longs.js";

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

/**
 * Reads a 64-bit integer of `kind` (int64 or uint64) exactly, from a JSON number or a decimal
 * string, exponent included if the value is integral. Returns the bigint, or the reason.
 */
export function parseLong(raw: number | string, kind: Kind, typeName: string): bigint | string {
  let n: bigint;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
    if (!Number.isInteger(raw)) return `invalid ${typeName}: ${formatValue(raw)} is not an integer`;
    n = BigInt(raw);
  } else {
    const parts = NUMBER.exec(raw);
    if (parts === null) return `invalid ${typeName}: ${formatValue(raw)} is not a number`;
    if (!isIntegral(parts)) return `invalid ${typeName}: ${formatValue(raw)} is not an integer`;
    const exact = exactInteger(parts);
    if (exact === undefined) return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
    n = exact;
  }
  if (n >= (kind === "uint64" ? BigInt(0) : INT64_MIN) && n <= (kind === "uint64" ? UINT64_MAX : INT64_MAX)) return n;
  return `invalid ${typeName}: ${formatValue(raw)} is out of range`;
}

/** The integer an integral matched JSON number stands for; undefined when it has over 40 digits. */
function exactInteger(parts: RegExpExecArray): bigint | undefined {
  const whole = parts[1] as string;
  const fraction = parts[2] ?? "";
  const exponent = Number(parts[3] ?? 0) - fraction.length;
  const digits = (whole + fraction).replace(/^0+/, "");
  if (digits === "") return BigInt(0);
  if (digits.length + exponent > 40) return undefined;
  const sign = parts[0].startsWith("-") ? BigInt(-1) : BigInt(1);
  const mantissa = BigInt(exponent < 0 ? digits.slice(0, exponent) : digits);
  return sign * mantissa * BigInt(10) ** BigInt(Math.max(exponent, 0));
}

/**
 * Reads a 64-bit map key of `kind` exactly from its JSON object key, plain decimal digits only.
 * Returns the key in its canonical form (`String(n)`), or the reason.
 */
export function parseLongKey(name: string, kind: Kind, typeName: string): string | { reason: string } {
  if (/^-?\d+$/.test(name)) {
    const n = BigInt(name);
    if (n >= (kind === "uint64" ? BigInt(0) : INT64_MIN) && n <= (kind === "uint64" ? UINT64_MAX : INT64_MAX)) return n.toString();
  }
  return { reason: `invalid map key: expected ${typeName}, received ${formatValue(name)}` };
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
