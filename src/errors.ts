// The one error type of rbm-events, its issues, and safe formatting of input.

/** One problem found in the input: where (`a.b[0].c`, "" for the top level) and what. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Stable machine-readable error codes; messages may improve, codes do not change. */
export type RbmEventErrorCode =
  | "INVALID_ARGUMENT"
  | "INVALID_ENVELOPE"
  | "INVALID_BASE64"
  | "INVALID_UTF8"
  | "INVALID_JSON"
  | "INVALID_TIMESTAMP"
  | "INVALID_EVENT"
  | "UNKNOWN_TYPE"
  | "INVALID_REQUEST"
  | "UNAUTHORIZED"
  | "EVENT_IN_FLIGHT"
  | "HANDLER_FAILED";

const brand = Symbol.for("rbm-events.RbmEventError");

/** Options for {@link RbmEventError}. */
export interface RbmEventErrorOptions {
  /** Where and what, one entry a problem. Defaults to none. */
  issues?: readonly Issue[];
  /** The error this one wraps. Defaults to none. */
  cause?: unknown;
}

/** The longest message, and the longest issue message, an error keeps; longer ones lose their middle. */
const MAX_MESSAGE = 300;
/** The longest issue path an error keeps; a longer one loses its middle. */
const MAX_PATH = 120;

/**
 * The error every rbm-events function throws or returns for bad input. Its message, and each
 * issue's path and message, are kept short: a longer one is cut in the middle, at `…`.
 */
export class RbmEventError extends Error {
  override readonly name = "RbmEventError";
  readonly code: RbmEventErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: RbmEventErrorCode, message: string, options: RbmEventErrorOptions = {}) {
    super(clip(message, MAX_MESSAGE), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    const issues = options.issues ?? [];
    this.issues = issues.some(isLong) ? issues.map(shorten) : issues;
    Object.defineProperty(this, brand, { value: true });
  }
}

function isLong(issue: Issue): boolean {
  return issue.path.length > MAX_PATH || issue.message.length > MAX_MESSAGE;
}

function shorten(issue: Issue): Issue {
  return isLong(issue) ? { path: clip(issue.path, MAX_PATH), message: clip(issue.message, MAX_MESSAGE) } : issue;
}

/** Cuts the middle out of text over `max` characters, never between the halves of a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = (max >> 1) - 1;
  let tail = text.length - (max - head - 1);
  if (isHighSurrogate(text.charCodeAt(head - 1))) head--;
  if (isHighSurrogate(text.charCodeAt(tail - 1))) tail++;
  return `${text.slice(0, head)}…${text.slice(tail)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Tells whether a value is an {@link RbmEventError}, also one thrown by another
 * copy of this package (where `instanceof` answers false).
 */
export function isRbmEventError(value: unknown): value is RbmEventError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[brand] === true;
}

/**
 * Makes a switch exhaustive: call it in the `default` of a switch over a union (a payload kind, a
 * `content.$case`), and the build fails while a member is left out, because only `never` is
 * accepted. Should a value the code was compiled without arrive anyway, it throws an
 * `INVALID_ARGUMENT` {@link RbmEventError} naming the value's `kind` or `$case`.
 */
export function assertNever(value: never, what = "value"): never {
  const tag = isObject(value) ? (Object.hasOwn(value, "kind") ? value["kind"] : Object.hasOwn(value, "$case") ? value["$case"] : undefined) : value;
  throw new RbmEventError("INVALID_ARGUMENT", `unhandled ${what}: ${formatValue(tag)}`);
}

/**
 * Shows a value in an error message without echoing long or secret input: a
 * string over 30 characters is shown as `string`, bytes as `Uint8Array(n)`.
 */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value.length > 30 ? "string" : JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "undefined";
    case "object":
      if (value === null) return "null";
      if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
      if (Array.isArray(value)) return "array";
      return "object";
    default:
      return typeof value;
  }
}

/**
 * The error for an argument of the wrong type, a caller's mistake: `INVALID_ARGUMENT`,
 * `fn(): name: expected …, received <type>`.
 */
export function argumentError(fn: string, name: string, expected: string, value: unknown): RbmEventError {
  return new RbmEventError("INVALID_ARGUMENT", `${fn}: ${name}: expected ${expected}, received ${jsonTypeOf(value)}`);
}

/** Names the JSON type of a value the way issues do: "string", "number", "array", "null", … */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "Uint8Array";
  return typeof value;
}

/** Tells whether a value is a JSON object: not null, an array or bytes. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * The error for input that cannot be decoded, from the first of its issues:
 * `cannot decode <what>: <path>: <reason>`, without the path part at the top level.
 */
export function decodeError(code: RbmEventErrorCode, what: string, issues: readonly [Issue, ...Issue[]], cause?: unknown): RbmEventError {
  const [{ path, message }] = issues;
  return new RbmEventError(code, `cannot decode ${what}: ${path === "" ? "" : `${path}: `}${message}`, { issues, cause });
}

/**
 * Appends an object key to a path: `a` + `b` is `a.b`; a key that is not an identifier is quoted,
 * and one over 30 characters is shown as `["…"]`.
 */
export function pathKey(path: string, key: string): string {
  if (key.length > 30) return `${path}["…"]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a path: `a` + 0 is `a[0]`. */
export function pathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Appends a key or an index to a path: {@link pathKey} for a string, {@link pathIndex} for a number. */
export function pathAt(path: string, key: string | number): string {
  return typeof key === "number" ? pathIndex(path, key) : pathKey(path, key);
}

const SEGMENT = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|"…")\]/y;

/**
 * Splits a path as {@link pathKey} and {@link pathIndex} write it into its keys and indexes:
 * `a.b[0]["x-y"]` is `["a", "b", 0, "x-y"]`, "" is `[]`. A key shortened to `"…"` stays `"…"`.
 */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (match === null || (start === 0 && path.startsWith("."))) return [path];
    const [, name, index, quoted] = match;
    segments.push(name ?? (index === undefined ? (JSON.parse(quoted as string) as string) : Number(index)));
  }
  return segments;
}

// "Did you mean …?": the known name closest to a mistyped one.

/** The edit distance between two strings (insertions, deletions, substitutions), case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/**
 * The candidate closest to `name` when it is close enough to be a typo (at most a third of its
 * length, and 3, apart), or one that ends with `.name` (a short message name); else undefined.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name === "" || name.length > 200) return undefined;
  const bySuffix = candidates.filter((c) => c.toLowerCase().endsWith(`.${name.toLowerCase()}`));
  if (bySuffix.length === 1) return bySuffix[0];
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(name.length / 3));
  for (const candidate of candidates) {
    const short = candidate.slice(candidate.lastIndexOf(".") + 1);
    const d = Math.min(distance(name, candidate), distance(name, short));
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` for the closest candidate, or "". */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const match = closest(name, candidates);
  return match === undefined ? "" : `; did you mean ${JSON.stringify(match)}?`;
}

/**
 * Checks that an options object names only `known` options: a misspelt one (`maxBodyByte`) would
 * otherwise be ignored without a word. Returns the first unknown name with a hint, or undefined.
 */
export function unknownOption(options: object, known: readonly string[]): string | undefined {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) return `unknown option ${formatValue(key)}${didYouMean(key, known)}`;
  }
  return undefined;
}
