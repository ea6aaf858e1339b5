// The state of one proto3 JSON read (options, issues found, depth limit), and its result.

import type { Issue } from "../errors.js";
import { MAX_JSON_DEPTH } from "../encoding/index.js";
import type { Longs } from "../schema/index.js";
import type { ConversionOptions } from "./longs.js";
import type { JsonValueReader } from "../schema/index.js";

/** Options for `validate`, `validateValue` and `validateWith`. */
export interface ValidateOptions extends ConversionOptions {
  /** Ignore fields the schema does not define, and enum names it does not know (the field is left unset), as the reference parsers' ignore-unknown-fields option does. Defaults to false. */
  ignoreUnknownFields?: boolean;
  /** Keep an enum name the schema does not know as the field's value (a string) instead of rejecting or dropping it; for forward-compatible decoding. Defaults to false. */
  keepUnknownEnumNames?: boolean;
}

/** The message, in the shape ts-proto generates for it, or every problem found (up to 100). */
export type ValidateResult<T = Record<string, unknown>> = { value: T; issues?: undefined } | { value?: undefined; issues: Issue[] };

/**
 * A part of the input this version of the schema does not know, kept or skipped by lenient
 * reading: a field (`path` names it, as issue paths do: `userFile.payload.newThing`, `items[0].x`),
 * or an enum value kept as `{ unknown }` (`value` is the name or number read).
 */
export interface UnknownPart {
  readonly path: string;
  readonly kind: "field" | "enumValue";
  /** The enum value's name or number; absent for a field, whose value is never kept. */
  readonly value?: string | number;
}

/** The most issues one validation reports, and the most unknown parts one read notes. */
const MAX_ISSUES = 100;
/** The deepest nesting of messages (and of google.protobuf.Value) one validation follows. */
export const MAX_DEPTH = MAX_JSON_DEPTH;

/** How one validation reads, and what it found. */
export class Reader implements JsonValueReader {
  /** Every problem found so far, up to 100; undefined while there is none. */
  issues: [Issue, ...Issue[]] | undefined = undefined;
  /** Every field and enum value read that the schema does not know, up to 100; undefined while there is none. */
  unknown: UnknownPart[] | undefined = undefined;
  readonly maxDepth = MAX_DEPTH;
  /**
   * With `measure`: the length of the top-level object written as compact JSON if it holds
   * only strings, booleans, null and objects read as messages that hold the same (else NaN),
   * each string taken as written without escapes.
   */
  length = 1;
  /** The shape of 64-bit integers read. */
  longs: Longs = "number";

  constructor(
    readonly ignoreUnknownFields: boolean,
    readonly keepUnknownEnumNames: boolean,
    /**
     * Strings and keys need no check for lone surrogates: they came from a strict parse, or from
     * well-formed text whose escapes (the only way to write a lone surrogate) fail the `length`
     * measure, after which the caller scans the text in full.
     */
    readonly wellFormed: boolean,
    /** Measure `length` while reading. Defaults to false. */
    readonly measure = false,
  ) {}

  /** Notes a problem, unless there are 100 already. */
  report(path: string, message: string): void {
    if (this.issues === undefined) this.issues = [{ path, message }];
    else if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }

  /** Notes a field, or an enum value (with `value`), that the schema does not know, unless there are 100 already. */
  noteUnknown(path: string, value?: string | number): void {
    const part: UnknownPart = value === undefined ? { path, kind: "field" } : { path, kind: "enumValue", value };
    if (this.unknown === undefined) this.unknown = [part];
    else if (this.unknown.length < MAX_ISSUES) this.unknown.push(part);
  }
}
