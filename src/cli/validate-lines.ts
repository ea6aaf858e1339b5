// The verdicts of `rbm-events validate`: one JSON line per input line.

import { base64Encode } from "../encoding/base64.js";
import { BLANK_LINE, STRAY_BOM, longLineReason, startsWithBom, type BatchResult, type Item, type ValidateJob, type Verdicts } from "./batches.js";
import { checkStrictJson, parseJsonSyntax } from "../encoding/strict-json.js";
import { forEachLine, isBlank } from "./ndjson.js";
import { isRbmEventError, jsonTypeOf, type Issue } from "../errors.js";
import { planOf, lookupMessage, type MessagePlan } from "../schema/registry.js";
import { Reader, readObject } from "../codec/json-read.js";
import { toBinaryWith } from "../codec/binary.js";
import { toJsonWith } from "../codec/json-print.js";
import { utf8Decode } from "../encoding/utf8.js";
import { jsonText } from "../encoding/json-text.js";

/**
 * Makes the verdicts of `validate` for a job: `{"ok":true,"json":…}` (with `"binary"` too when
 * asked) or `{"ok":false,"errors":[…]}` per line, the same verdicts `validate()` gives.
 */
export function validateVerdicts(job: ValidateJob): Verdicts {
  // Looked up once per run, not once per line.
  const type = lookupMessage(job.typeName);
  const plan = planOf(type);
  const lenient = job.ignoreUnknownFields;
  // jsonText walks each value for a -0 to keep its sign; a message without a floating-point
  // number or a JSON value anywhere inside it cannot hold one.
  const stringify = mayHoldNegativeZero(plan, new Set()) ? jsonText : JSON.stringify;

  let rejected = false;
  const rejectLine = (issues: readonly Issue[]) => {
    rejected = true;
    return `{"ok":false,"errors":${JSON.stringify(issues)}}\n`;
  };
  const reject = (message: string) => rejectLine([{ path: "", message }]);

  const verdict = (line: Uint8Array): string => {
    if (line.length > job.maxLineBytes) return reject(longLineReason(line.length, job.maxLineBytes));
    if (startsWithBom(line)) return reject(STRAY_BOM);
    let text: string;
    let value: unknown;
    try {
      text = utf8Decode(line);
      value = parseJsonSyntax(text);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      return isBlank(line) ? reject(BLANK_LINE) : rejectLine(error.issues);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const strict = checkStrict(text, value);
      return strict !== undefined ? rejectLine(strict) : reject(`expected object, received ${jsonTypeOf(value)}`);
    }
    // As decodeEvent does: text without a backslash whose compact length the reader measured as
    // its own length repeats no key and holds no lone surrogate, so the strict scan is skipped.
    const plain = text.indexOf("\\") === -1;
    const reader = new Reader(lenient, false, true, plain);
    reader.longs = job.longs ?? "number";
    const message = readObject(plan, value as Record<string, unknown>, reader);
    if (!plain || reader.issues !== undefined || reader.length !== text.length) {
      const strict = checkStrict(text, value);
      if (strict !== undefined) return rejectLine(strict);
    }
    if (reader.issues !== undefined) return rejectLine(reader.issues);
    const json = stringify(toJsonWith(type, message));
    return job.binary
      ? `{"ok":true,"json":${json},"binary":"${base64Encode(toBinaryWith(type, message))}"}\n`
      : `{"ok":true,"json":${json}}\n`;
  };

  return (item: Item): BatchResult => {
    rejected = false;
    // Strings, not buffers: the heap collects them young, where a buffer per batch would pile up
    // outside it until a full collection.
    let text = "";
    if (item instanceof Uint8Array) forEachLine(item, (line) => (text += verdict(line)));
    else if ("longLine" in item) text = reject(longLineReason(item.longLine, job.maxLineBytes));
    else throw new TypeError("validate reads lines, not multi-line bodies");
    return { text, rejected };
  };
}

function checkStrict(text: string, value: unknown): readonly Issue[] | undefined {
  try {
    checkStrictJson(text, value);
    return undefined;
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return error.issues;
  }
}

const FLOATING = new Set(["double", "float", "struct", "listvalue", "value", "any"]);

/** Whether a message's JSON can hold a number: a float or double field, or a JSON value, at any depth. */
function mayHoldNegativeZero(plan: MessagePlan, seen: Set<MessagePlan>): boolean {
  if (seen.has(plan)) return false;
  seen.add(plan);
  return plan.fields.some(
    (f) => FLOATING.has(f.kind) || (f.kind === "message" && f.messageType !== undefined && mayHoldNegativeZero(planOf(f.messageType), seen)),
  );
}
