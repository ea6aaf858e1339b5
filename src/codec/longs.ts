// 64-bit integers in values: the shape the caller chose (`longs`), and the exact bounds.

import { RbmEventError, formatValue, isObject, jsonTypeOf, unknownOption } from "../errors.js";
import type { FieldPlan, Longs } from "../schema/index.js";

/** Options for the conversions: `toBinary`, `fromBinary`, `toJson` and, through `ValidateOptions`, `validate`. */
export interface ConversionOptions {
  /**
   * The shape of 64-bit integer values (int64, uint64, sint64, fixed64, sfixed64 and their
   * wrappers) that readers return: `"number"` (a value beyond ±(2^53-1) is rejected), `"string"`
   * (decimal) or `"bigint"`, exact. Writers take all three. A field with `[jstype = JS_STRING]`
   * is always a string, and one with `JS_NUMBER` a number. Another value throws an RbmEventError
   * (`INVALID_ARGUMENT`). Defaults to "number".
   */
  longs?: Longs;
}

/** Tells whether a value is one of the shapes of 64-bit integers. */
function isLongs(value: unknown): value is Longs {
  return value === "number" || value === "string" || value === "bigint";
}

/** The options of {@link ConversionOptions}; its type makes the compiler keep the list whole. */
const CONVERSION_OPTIONS = Object.keys({ longs: true } satisfies Record<keyof ConversionOptions, true>);

/**
 * The `longs` of the options of a conversion, "number" when not given. Throws an RbmEventError
 * (`INVALID_ARGUMENT`) for options that are not an object and for a `longs` of another value:
 * a caller's mistake, which would otherwise leave 64-bit integers in a shape the caller did not ask for.
 */
export function checkConversionOptions(fn: string, options: ConversionOptions | undefined, known: readonly string[] = CONVERSION_OPTIONS): Longs {
  if (options === undefined) return "number";
  if (!isObject(options)) {
    throw new RbmEventError("INVALID_ARGUMENT", `${fn}: options: expected an object, received ${jsonTypeOf(options)}`);
  }
  const unknown = unknownOption(options, known);
  if (unknown !== undefined) throw new RbmEventError("INVALID_ARGUMENT", `${fn}: options: ${unknown}`);
  const longs: unknown = options.longs;
  if (longs === undefined) return "number";
  if (!isLongs(longs)) {
    throw new RbmEventError("INVALID_ARGUMENT", `${fn}: options.longs: expected "number", "string" or "bigint", received ${formatValue(longs)}`);
  }
  return longs;
}

export const INT64_MIN = -(BigInt(1) << BigInt(63));
export const INT64_MAX = (BigInt(1) << BigInt(63)) - BigInt(1);
export const UINT64_MAX = (BigInt(1) << BigInt(64)) - BigInt(1);
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Why a 64-bit integer is rejected although the type holds it: it would not stay exact. */
export const UNSAFE = "is outside ±(2^53-1), the safe integer range of a JavaScript number; the longs option keeps it exact";

/** The shape a 64-bit field's values take: its `jstype`, else the caller's choice. */
export function longsOf(f: FieldPlan, longs: Longs): Longs {
  return f.jstype ?? longs;
}

/** An exact 64-bit integer in the shape `longs`; undefined when `longs` is "number" and it is not safe. */
export function longValue(n: bigint, longs: Longs): number | string | bigint | undefined {
  switch (longs) {
    case "bigint":
      return n;
    case "string":
      return n.toString();
    case "number":
      return n >= -SAFE && n <= SAFE ? Number(n) : undefined;
  }
}

// One scratch view turns a 64-bit integer into its two 32-bit halves and back, exactly.
const scratch = new DataView(new ArrayBuffer(8));

/** The 64-bit integer whose two's complement halves are `lo` and `hi`, read as signed or unsigned. */
export function longFromBits(lo: number, hi: number, signed: boolean): bigint {
  scratch.setUint32(0, lo, true);
  scratch.setUint32(4, hi, true);
  return signed ? scratch.getBigInt64(0, true) : scratch.getBigUint64(0, true);
}

/**
 * The two 32-bit halves of a 64-bit integer, in the shape protobufjs's writer takes a Long.
 * Throws an Error for a value outside int64 (or, when `unsigned`, uint64).
 */
export function longToBits(value: number | string | bigint, unsigned: boolean): { low: number; high: number; unsigned: boolean } {
  const n = typeof value === "bigint" ? value : BigInt(value);
  if (unsigned ? n < BigInt(0) || n > UINT64_MAX : n < INT64_MIN || n > INT64_MAX) {
    throw new Error(`invalid ${unsigned ? "uint64" : "int64"}: ${value}`);
  }
  scratch.setBigUint64(0, BigInt.asUintN(64, n), true);
  return { low: scratch.getInt32(0, true), high: scratch.getInt32(4, true), unsigned };
}
