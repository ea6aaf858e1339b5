// JSON text that keeps the sign of zero: JSON.stringify writes -0 as 0, which reads back as
// another double (a -0 double is written in binary, a 0 is not).
//
// It is written -0.0, as Python's and Java's proto3 JSON printers write it: readers that tell
// integers from floats (Python's json) read "-0" as the integer 0, and "-0.0" as -0.

/**
 * Writes a JSON value as JSON.stringify does (no indentation, `undefined` members left out),
 * except that -0 is written `-0.0`. Values without a -0 take JSON.stringify's own path.
 */
export function jsonText(value: unknown): string {
  return hasNegativeZero(value, 0) ? write(value) : JSON.stringify(value);
}

/** The deepest nesting {@link jsonText} looks into for a -0; deeper values are written by JSON.stringify. */
const MAX_DEPTH = 200;

function hasNegativeZero(value: unknown, depth: number): boolean {
  if (typeof value === "number") return value === 0 && 1 / value < 0;
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => hasNegativeZero(item, depth + 1));
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  for (const key of Object.keys(value)) if (hasNegativeZero((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function write(value: unknown): string {
  if (typeof value === "number" && value === 0 && 1 / value < 0) return "-0.0";
  if (typeof value !== "object" || value === null || typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(write).join(",")}]`;
  const members: string[] = [];
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    members.push(`${JSON.stringify(key)}:${write(item)}`);
  }
  return `{${members.join(",")}}`;
}
