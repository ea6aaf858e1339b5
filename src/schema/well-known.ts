// The JSON forms of the well-known types Duration, FieldMask, Struct, Value and ListValue, read
// and written (google.protobuf.Timestamp has a module of its own).

import { formatValue, jsonTypeOf, pathAt, pathKey } from "../errors.js";
import { isWellFormed } from "../encoding/index.js";

/** A google.protobuf.Duration: both parts carry the sign. */
export interface Duration {
  seconds: number;
  nanos: number;
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
const DURATION_MAX_SECONDS = 315576000000;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Parses the JSON form of a google.protobuf.Duration ("-1.5s"): seconds with up to 9 fraction
 * digits and an "s" suffix, within ±315576000000s. Returns the Duration, or the reason.
 */
export function parseDuration(text: string): Duration | string {
  const parts = DURATION.exec(text);
  if (parts === null) {
    return `invalid duration: expected seconds with up to 9 fraction digits and an "s" suffix, received ${formatValue(text)}`;
  }
  const seconds = Number(parts[2]);
  if (seconds > DURATION_MAX_SECONDS) {
    return `invalid duration: ${formatValue(text)} is out of range (±${DURATION_MAX_SECONDS}s)`;
  }
  const nanos = parts[3] === undefined ? 0 : Number(parts[3].padEnd(9, "0"));
  // Both parts carry the sign; - 0 + 0 keeps a zero part from becoming -0.
  return parts[1] === undefined ? { seconds, nanos } : { seconds: -seconds + 0, nanos: -nanos + 0 };
}

/** Why a google.protobuf.Duration has no JSON form (out of range, or parts of different signs); undefined if it has one. */
export function durationError({ seconds, nanos }: Duration): string | undefined {
  if (!(Math.abs(seconds) <= DURATION_MAX_SECONDS) || !(Math.abs(nanos) <= 999999999) || !Number.isInteger(nanos)) {
    return `invalid duration: ${formatValue(seconds)}s ${formatValue(nanos)}ns is out of range (±${DURATION_MAX_SECONDS}s)`;
  }
  if ((seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) {
    return `invalid duration: seconds ${formatValue(seconds)} and nanos ${formatValue(nanos)} have different signs`;
  }
  return undefined;
}

/** Converts a google.protobuf.Duration to its JSON form, with 0, 3, 6 or 9 fraction digits. */
export function durationToJson({ seconds, nanos }: Duration): string {
  const sign = seconds < 0 || nanos < 0 ? "-" : "";
  const n = Math.abs(nanos);
  if (n === 0) return `${sign}${Math.abs(seconds)}s`;
  const digits = n % 1000000 === 0 ? 3 : n % 1000 === 0 ? 6 : 9;
  return `${sign}${Math.abs(seconds)}.${String(1000000000 + n).slice(1, 1 + digits)}s`;
}

/**
 * Parses the JSON form of a google.protobuf.FieldMask, "fooBar,baz.qux", into its proto paths
 * (`["foo_bar", "baz.qux"]`). Returns the paths, or the reason.
 */
export function parseFieldMask(text: string): string[] | string {
  if (text === "") return [];
  const paths = text.split(",");
  for (let i = 0; i < paths.length; i++) {
    const camel = paths[i] as string;
    const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (camel.includes("_") || !FIELD_PATH.test(snake)) {
      return `invalid field mask: ${formatValue(camel)} is not a path of lowerCamelCase field names`;
    }
    paths[i] = snake;
  }
  return paths;
}

/**
 * Why the paths of a google.protobuf.FieldMask have no JSON form: a path that would not read
 * back the same (an uppercase letter, or "_" not followed by a lowercase letter); undefined if
 * they have one.
 */
export function fieldMaskError(paths: readonly string[]): string | undefined {
  for (const path of paths) {
    if (/[A-Z]|_(?![a-z])/.test(path)) return `invalid field mask: ${formatValue(path)} cannot be written as lowerCamelCase`;
  }
  return undefined;
}

/** Converts the proto paths of a google.protobuf.FieldMask to its JSON form, "fooBar,baz.qux". */
export function fieldMaskToJson(paths: readonly string[]): string {
  return paths.map((path) => path.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())).join(",");
}

/** How {@link readJsonValue} reads: what it may trust, how deep it goes, where problems go. */
export interface JsonValueReader {
  /** Every string and key is known to hold no lone surrogate. */
  readonly wellFormed: boolean;
  /** The deepest nesting it follows. */
  readonly maxDepth: number;
  /** Takes one problem, at its path. */
  report(path: string, message: string): void;
}

/**
 * Reads google.protobuf.Struct, ListValue or Value, `raw` at key `key` of `parent`, whose nesting
 * is `depth`: any JSON, copied, objects without prototype. A string or key holding a lone
 * surrogate, a non-finite number and anything JSON does not have are reported and left out;
 * returns undefined when `raw` itself is one of them.
 */
export function readJsonValue(raw: unknown, parent: string, key: string | number, depth: number, reader: JsonValueReader): unknown {
  switch (typeof raw) {
    case "string":
      if (reader.wellFormed || isWellFormed(raw)) return raw;
      reader.report(pathAt(parent, key), "invalid string: contains a lone surrogate");
      return undefined;
    case "boolean":
      return raw;
    case "number":
      if (Number.isFinite(raw)) return raw;
      reader.report(pathAt(parent, key), `invalid number: ${formatValue(raw)} is out of range`);
      return undefined;
    case "object": {
      if (raw === null) return null;
      const path = pathAt(parent, key);
      if (depth >= reader.maxDepth) {
        reader.report(path, `too deeply nested: more than ${reader.maxDepth} levels`);
        return undefined;
      }
      if (Array.isArray(raw)) {
        const list: unknown[] = [];
        for (let i = 0; i < raw.length; i++) {
          const value = readJsonValue(raw[i], path, i, depth + 1, reader);
          if (value !== undefined) list.push(value);
        }
        return list;
      }
      const struct: Record<string, unknown> = Object.create(null);
      for (const name in raw) {
        if (!Object.hasOwn(raw, name)) continue;
        if (!reader.wellFormed && !isWellFormed(name)) {
          reader.report(pathKey(path, name), "invalid key: contains a lone surrogate");
          continue;
        }
        const value = readJsonValue((raw as Record<string, unknown>)[name], path, name, depth + 1, reader);
        if (value !== undefined) struct[name] = value;
      }
      return struct;
    }
  }
  reader.report(pathAt(parent, key), `invalid value: expected JSON value, received ${jsonTypeOf(raw)}`);
  return undefined;
}
