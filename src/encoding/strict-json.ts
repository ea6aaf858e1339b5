// Strict JSON text parsing: JSON.parse, plus the duplicate keys and lone surrogates it lets through.

import { describeSyntaxError } from "./json-syntax-error.js";
import { RbmEventError, argumentError, decodeError, formatValue, pathIndex, pathKey, type Issue } from "../errors.js";

// Character codes the scan looks at; everything else is skipped.
const QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44,
  LBRACE = 123,
  RBRACE = 125,
  LBRACKET = 91,
  RBRACKET = 93;
const LOWER_U = 117,
  LOWER_D = 100,
  UPPER_D = 68;

/**
 * The most levels of objects and arrays a JSON value may nest below its top level: deeper input
 * is rejected, so nothing that reads, prints or hashes a decoded value recurses further.
 */
export const MAX_JSON_DEPTH = 100;

/** Objects with up to this many keys are searched linearly; larger ones get a Set. */
const LINEAR_KEYS = 8;

// Reused between calls (scanning never re-enters), as stacks whose sizes are `depth` and `count`
// (resetting a counter is much cheaper than truncating an array); fresh stacks per call cost
// decodeEvent about 3% on the bench's user messages, whose nested payloads are scanned (events are
// scanned only when reading cannot vouch for them). `stack` has an entry per open container: an
// object's is the index of its first key in `starts`, an array's is -1 minus its current index.
// A key is kept as its range in the text, `starts[k]` to `ends[k]`, so that the common case
// allocates nothing; a key written with escapes is kept decoded, `starts[k]` being -1 minus its
// index in `escaped`.
const stack: number[] = [];
const starts: number[] = [];
const ends: number[] = [];
const escaped: string[] = [];
const sets: Array<Set<string> | undefined> = [];
let depth = 0;
let count = 0;
let escapedCount = 0;
let surrogateEscape = false;
let source = "";

/**
 * Parses JSON text strictly: as `JSON.parse`, but a key repeated in one object, a string or
 * key holding a lone surrogate, or nesting deeper than {@link MAX_JSON_DEPTH}, is an error too. `path` prefixes the paths of issues.
 * Throws an {@link RbmEventError} (`INVALID_JSON`) that never echoes the input.
 */
export function parseJson(text: string, path = ""): unknown {
  const value = parseJsonSyntax(text, path);
  checkStrictJson(text, value, path);
  return value;
}

/**
 * Parses JSON text as `JSON.parse` does, reporting a syntax error as {@link parseJson} does,
 * but checks neither repeated keys nor lone surrogates: {@link checkStrictJson} does that.
 */
export function parseJsonSyntax(text: string, path = ""): unknown {
  if (typeof text !== "string") {
    throw argumentError("parseJson()", "text", "a string", text);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw invalid({ path, message: describeSyntaxError(text) ?? syntaxReason(cause) }, cause);
  }
}

/**
 * Checks JSON text that `JSON.parse` turned into `value` for what it lets through: throws the
 * {@link RbmEventError} {@link parseJson} throws for a repeated key, a lone surrogate or too deep
 * nesting.
 */
export function checkStrictJson(text: string, value: unknown, path = ""): void {
  const found = scan(text, path);
  release();
  if (found !== undefined) throw invalid(found);
  // A lone surrogate is either raw in the text or written as a \uD800-\uDFFF escape; both are
  // rare, so only then is the parsed value walked to find (and name) the string that has one.
  if (surrogateEscape || !isWellFormed(text)) {
    const lone = findLoneSurrogate(value, path);
    if (lone !== undefined) throw invalid(lone);
  }
}

/** Tells whether a string is valid Unicode: no lone surrogates. */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function invalid(issue: Issue, cause?: unknown): RbmEventError {
  return decodeError("INVALID_JSON", "JSON", [issue], cause);
}

/** The reason of a JSON.parse SyntaxError without the input it may quote. */
function syntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (message === "Unexpected end of JSON input") return "unexpected end of input";
  const positioned = /^(.+?) in JSON at position (\d+)/.exec(message);
  if (positioned !== null) {
    const what = positioned[1] as string;
    return `${what.charAt(0).toLowerCase()}${what.slice(1)} at position ${positioned[2]}`;
  }
  const token = /^Unexpected token '(.)'/u.exec(message);
  if (token !== null) return `unexpected character ${JSON.stringify(token[1])}`;
  return "invalid syntax";
}

/**
 * One linear pass over text that JSON.parse accepted, tracking the keys of open objects only.
 * Returns the issue of the first duplicate key or too deep container; sets `surrogateEscape` on the way.
 */
function scan(text: string, path: string): Issue | undefined {
  source = text;
  depth = count = escapedCount = 0;
  surrogateEscape = false;
  let expectKey = false;
  let backslash = -1; // the next backslash at or after the current string, once searched
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      // Strings are skipped with native searches; only one holding a backslash is walked.
      i = text.indexOf('"', start);
      if (backslash < start) backslash = text.indexOf("\\", start) >>> 0; // -1 becomes 2^32 - 1
      const hasEscape = backslash < i;
      if (hasEscape) i = skipEscapedString(text, start);
      if (!expectKey) continue;
      expectKey = false;
      if (hasEscape) {
        const key = JSON.parse(text.slice(start - 1, i + 1)) as string;
        if (isDuplicate(-1, -1, key)) return duplicate(path, key);
        escaped[escapedCount] = key;
        starts[count] = -1 - escapedCount++;
      } else {
        if (isDuplicate(start, i, undefined)) return duplicate(path, text.slice(start, i));
        starts[count] = start;
        ends[count] = i;
      }
      count++;
    } else if (c === LBRACE) {
      if (depth > MAX_JSON_DEPTH) return tooDeep(path);
      if (depth < sets.length) sets[depth] = undefined;
      stack[depth++] = count;
      expectKey = true;
    } else if (c === RBRACE) {
      count = stack[--depth] as number;
      expectKey = false;
    } else if (c === LBRACKET) {
      if (depth > MAX_JSON_DEPTH) return tooDeep(path);
      stack[depth++] = -1;
    } else if (c === RBRACKET) {
      depth--;
    } else if (c === COMMA) {
      const entry = stack[depth - 1] as number;
      if (entry < 0) stack[depth - 1] = entry - 1;
      else expectKey = true;
    }
  }
  return undefined;
}

/** Lets go of the input, and of the memory a deeply nested or key-heavy input made the stacks take. */
function release(): void {
  source = "";
  if (escapedCount > 0) escaped.length = 0;
  if (stack.length > 1024 || starts.length > 1024) stack.length = starts.length = ends.length = sets.length = 0;
}

function duplicate(path: string, key: string): Issue {
  return { path: pathKey(openPath(path, depth - 1), key), message: `duplicate key ${formatValue(key)}` };
}

function tooDeep(path: string): Issue {
  return { path: openPath(path, depth), message: `too deeply nested: more than ${MAX_JSON_DEPTH} levels` };
}

/** Returns the index of the closing quote of a string holding escapes; notes surrogate escapes. */
function skipEscapedString(text: string, i: number): number {
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) return i;
    if (d !== BACKSLASH) {
      i++;
      continue;
    }
    if (text.charCodeAt(i + 1) === LOWER_U && isSurrogateEscape(text, i + 2)) surrogateEscape = true;
    i += 2;
  }
}

/** Whether the four hex digits at `i` are a surrogate, D800 to DFFF. */
function isSurrogateEscape(text: string, i: number): boolean {
  const d = text.charCodeAt(i);
  if (d !== LOWER_D && d !== UPPER_D) return false;
  const e = text.charCodeAt(i + 1) | 0x20; // lowercase a letter; digits keep their codes
  return e === 56 || e === 57 || (e >= 97 && e <= 102); // 8, 9, a-f
}

/** Key `k` of the scan as a string. */
function keyAt(k: number): string {
  const start = starts[k] as number;
  return start >= 0 ? source.slice(start, ends[k]) : (escaped[-1 - start] as string);
}

/**
 * Whether the innermost open object already has the key at `start` to `end` of the text, or,
 * for a key written with escapes, the decoded `key`.
 */
function isDuplicate(start: number, end: number, key: string | undefined): boolean {
  const first = stack[depth - 1] as number;
  if (count - first < LINEAR_KEYS) {
    const length = end - start;
    for (let k = first; k < count; k++) {
      const s = starts[k] as number;
      if (key === undefined && s >= 0) {
        if ((ends[k] as number) - s === length && sameText(s, start, length)) return true;
      } else if (keyAt(k) === (key ?? source.slice(start, end))) {
        return true;
      }
    }
    return false;
  }
  let set = sets[depth - 1];
  if (set === undefined) {
    set = new Set<string>();
    for (let k = first; k < count; k++) set.add(keyAt(k));
    sets[depth - 1] = set;
  }
  const name = key ?? source.slice(start, end);
  if (set.has(name)) return true;
  set.add(name);
  return false;
}

function sameText(a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (source.charCodeAt(a + i) !== source.charCodeAt(b + i)) return false;
  return true;
}

/**
 * The path of the current position inside the outermost `levels` open containers, from the
 * keys and indexes on the stack.
 */
function openPath(path: string, levels: number): string {
  for (let level = 0; level < levels; level++) {
    const entry = stack[level] as number;
    if (entry < 0) {
      path = pathIndex(path, -1 - entry);
      continue;
    }
    // This object's current key is the last one it pushed before the next object opened.
    let next = level + 1;
    while (next < depth && (stack[next] as number) < 0) next++;
    path = pathKey(path, keyAt((next < depth ? (stack[next] as number) : count) - 1));
  }
  return path;
}

/** Finds the first string or key (in document order) holding a lone surrogate; iterative. */
function findLoneSurrogate(value: unknown, path: string): Issue | undefined {
  // Entries are [value, path] or, to check a key before its value, [key, path, true].
  const todo: Array<[unknown, string, boolean?]> = [[value, path]];
  for (let item = todo.pop(); item !== undefined; item = todo.pop()) {
    const [v, p, isKey] = item;
    if (typeof v === "string") {
      if (!isWellFormed(v)) {
        return { path: p, message: `invalid ${isKey ? "key" : "string"}: contains a lone surrogate` };
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) todo.push([v[i], pathIndex(p, i)]);
    } else if (typeof v === "object" && v !== null) {
      const names = Object.keys(v);
      for (let i = names.length - 1; i >= 0; i--) {
        const name = names[i] as string;
        const at = pathKey(p, name);
        todo.push([(v as Record<string, unknown>)[name], at], [name, at, true]);
      }
    }
  }
  return undefined;
}
