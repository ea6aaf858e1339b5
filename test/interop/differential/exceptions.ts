// The committed exceptions of the differential test (exceptions.json): where Python's json_format
// departs from the proto3 JSON specification, each rule says which documents it covers, exactly,
// and what the specification (and so our validator) does with them.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { jsonTypeOf } from "../../../src/errors.js";
import { jsonText } from "../../../src/encoding/index.js";
import { fieldsOf, type TestField } from "./fields.js";

/** Which validation: strict, or ignoring unknown fields. */
export type Mode = "strict" | "ignore";

/**
 * What we must do with a covered document: reject it, leave the matched field unset, or (when we
 * accept the document) hold a value in the matched field.
 */
export type Expectation = "reject" | "unset" | "set";

/** One rule of exceptions.json. */
export interface ExceptionRule {
  readonly id: string;
  /** Why Python is wrong here, citing the specification or the conformance suite. */
  readonly reason: string;
  /** The modes it applies to; both when absent. */
  readonly modes?: readonly Mode[];
  /**
   * What is matched: "text" the document text (only when JSON.parse rejects it), "top" the parsed
   * top-level value, "enum" / "timestamp" / "string" / "int32" / "double" / "message" the value
   * of a field of that kind, "unknown" each member whose key is not a field name (as
   * `"key":value` JSON), "both-names" an object that names a field by its JSON name and by its
   * proto name. All but "text" and "top" apply in nested messages too.
   */
  readonly on: "text" | "top" | "enum" | "timestamp" | "string" | "int32" | "double" | "message" | "unknown" | "both-names";
  /** The JSON type of the value ("string", "number", "boolean", "array", …). */
  readonly type?: string;
  /**
   * A regular expression (flag u) the value must match: a string itself, anything else as
   * JSON text (for a double, -0 as -0.0 and a number past the range as Infinity). `{fields}` stands for the message's field names, `{names}` for the enum's names.
   */
  readonly pattern?: string;
  /** A regular expression the value must not match, as `pattern`. */
  readonly unless?: string;
  /** For "timestamp": the instant, read as RFC 3339 with any offset, lies outside 0001 to 9999. */
  readonly outsideRange?: boolean;
  /** What we do with every document the rule covers, per mode or for both. */
  readonly ours?: Expectation | Partial<Record<Mode, Expectation>>;
}

/** A document as the rules see it: its text (if UTF-8) and its parsed value (if JSON). */
export interface Subject {
  readonly text: string | undefined;
  readonly parsed: { value: unknown } | undefined;
}

/** exceptions.json: named regular expression parts, and the rules that use them as `{name}`. */
export interface Exceptions {
  readonly definitions: Readonly<Record<string, string>>;
  readonly rules: readonly ExceptionRule[];
}

/** Loads exceptions.json next to this file. */
export function loadExceptions(): Exceptions {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, "exceptions.json"), "utf8")) as Exceptions;
}

/**
 * Replaces each `{name}` of a pattern by its definition, recursively; `{fields}` and `{names}`
 * come from `builtins`. Quantifiers such as `{4}` or `{0,8}` are left alone.
 */
function expand(source: string, definitions: Readonly<Record<string, string>>, builtins: Record<string, string>, depth = 0): string {
  if (depth > 10) throw new Error(`exceptions.json: definitions nest too deeply in ${source}`);
  return source.replace(/\{([a-z][a-z0-9-]*)\}/g, (_, name: string) => {
    const value = builtins[name] ?? definitions[name];
    if (value === undefined) throw new Error(`exceptions.json: {${name}} is not defined`);
    return Object.hasOwn(builtins, name) ? value : expand(value, definitions, builtins, depth + 1);
  });
}

/** The expectation of a rule in a mode, if it states one. */
export function expectation(rule: ExceptionRule, mode: Mode): Expectation | undefined {
  return typeof rule.ours === "string" || rule.ours === undefined ? rule.ours : rule.ours[mode];
}

/** Milliseconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59.999Z, computed by Date. */
const BOUNDS = (() => {
  const min = new Date(0);
  min.setUTCFullYear(1, 0, 1);
  min.setUTCHours(0, 0, 0, 0);
  return [min.getTime(), Date.UTC(9999, 11, 31, 23, 59, 59, 999)] as const;
})();

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Whether a well-formed RFC 3339 string names an instant outside 0001-01-01 to 9999-12-31, by Date. */
function outsideRange(text: string): boolean {
  const m = RFC3339.exec(text);
  if (m === null) return false;
  const [y, mo, d, h, mi, s, sign, oh, om] = m.slice(1).map((part) => (part === undefined ? 0 : part));
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), 0);
  const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60000;
  const ms = date.getTime() - offset;
  return ms < BOUNDS[0] || ms > BOUNDS[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles the rules for one message: each becomes a test of a subject in a mode. */
export function compileRules(typeName: string, { definitions, rules }: Exceptions) {
  const cache = new Map<string, RegExp>();
  const levels = new Map<string, { fields: readonly TestField[]; names: readonly string[]; pattern: string }>();
  const level = (name: string) => {
    let found = levels.get(name);
    if (found === undefined) {
      const fields = fieldsOf(name);
      const names = fields.flatMap((f) => [f.jsonName, f.protoName]);
      levels.set(name, (found = { fields, names, pattern: names.map(escapeRegExp).join("|") }));
    }
    return found;
  };
  return rules.map((rule) => {
    const regex = (source: string | undefined, fields: string, enumNames: readonly string[] = []) => {
      if (source === undefined) return undefined;
      const names = enumNames.map(escapeRegExp).join("|");
      const expanded = expand(source, definitions, { fields, names });
      let compiled = cache.get(expanded);
      if (compiled === undefined) cache.set(expanded, (compiled = new RegExp(expanded, "u")));
      return compiled;
    };
    const value = (v: unknown, fields: string, enumNames?: readonly string[]): boolean => {
      if (rule.type !== undefined && jsonTypeOf(v) !== rule.type) return false;
      // -0 as -0.0 for doubles only, where its sign matters (an enum takes -0 as 0)
      const subject =
        typeof v === "string" ? v : rule.on !== "double" ? JSON.stringify(v) : typeof v === "number" && !Number.isFinite(v) ? String(v) : jsonText(v); // a number past the range reads as Infinity
      if (rule.pattern !== undefined && !(regex(rule.pattern, fields, enumNames) as RegExp).test(subject)) return false;
      if (rule.unless !== undefined && (regex(rule.unless, fields, enumNames) as RegExp).test(subject)) return false;
      return rule.outsideRange !== true || (typeof v === "string" && outsideRange(v));
    };
    /** Collects the paths (JSON names, dotted) of the members of `obj`, a message `name`, the rule matches. */
    const walk = (obj: Record<string, unknown>, name: string, prefix: string, matched: string[], depth: number): void => {
      const { fields, names, pattern } = level(name);
      if (rule.on === "unknown") {
        for (const key of Object.keys(obj)) {
          if (!names.includes(key) && value(`${JSON.stringify(key)}:${jsonText(obj[key])}`, pattern)) matched.push(prefix + key);
        }
      }
      for (const f of fields) {
        // A one-word name is its own proto name: a set, so that it counts once.
        const keys = [...new Set([f.jsonName, f.protoName])].filter((k) => Object.hasOwn(obj, k));
        if (rule.on === "both-names" ? keys.length === 2 : f.kind === rule.on && keys.some((k) => value(obj[k], pattern, f.enumNames))) {
          matched.push(prefix + f.jsonName);
        }
        if (f.kind !== "message" || depth > 10) continue;
        for (const key of keys) {
          const nested = obj[key];
          if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) {
            walk(nested as Record<string, unknown>, f.messageType as string, `${prefix}${f.jsonName}.`, matched, depth + 1);
          }
        }
      }
    };
    /** The paths of the fields the rule matched, or undefined when it does not apply. */
    const match = (doc: Subject, mode: Mode): string[] | undefined => {
      if (rule.modes !== undefined && !rule.modes.includes(mode)) return undefined;
      const { pattern } = level(typeName);
      if (rule.on === "text") return doc.text !== undefined && doc.parsed === undefined && value(doc.text, pattern) ? [] : undefined;
      if (doc.parsed === undefined) return undefined;
      const top = doc.parsed.value;
      if (rule.on === "top") return value(top, pattern) ? [] : undefined;
      if (typeof top !== "object" || top === null || Array.isArray(top)) return undefined;
      const matched: string[] = [];
      walk(top as Record<string, unknown>, typeName, "", matched, 0);
      return matched.length > 0 ? matched : undefined;
    };
    return { rule, match };
  });
}

/** The value at a dotted path of JSON names in a JSON value, or undefined. */
export function valueAt(json: unknown, path: string): unknown {
  let at = json;
  for (const key of path.split(".")) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
