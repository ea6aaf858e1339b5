// The failing half of reading proto3 JSON: reporting an issue, what a field expected, and the
// markers a reader returns instead of a value.

import type { FieldPlan, Kind } from "../schema/index.js";
import type { Reader } from "./read-context.js";

/** Returned for a value that was reported as invalid. */
export const INVALID: unique symbol = Symbol("invalid");
/** Returned for a value left out: a null, or an unknown enum name skipped. */
export const UNSET: unique symbol = Symbol("unset");

/** Reports `message` at `path` to `r`, and returns {@link INVALID}. */
export function fail(r: Reader, path: string, message: string): typeof INVALID {
  r.report(path, message);
  return INVALID;
}

/** What a field takes, as issues name it, where that is not simply its type. */
const EXPECTED: Partial<Record<Kind, string>> = {
  bool: "boolean",
  bytes: "base64 string",
  nullvalue: "null",
  timestamp: "RFC 3339 timestamp string",
  duration: "duration string",
  fieldmask: "field mask string",
  message: "object",
  struct: "object",
  listvalue: "array",
  any: "object",
};

/** What `f` takes, as an issue's "expected …" names it. */
export function expected(f: FieldPlan): string {
  return f.kind === "enum" ? `${f.typeName} name or number` : (EXPECTED[f.kind] ?? f.typeName);
}
