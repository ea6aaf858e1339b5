// The verdicts of `rbm-events validate`: one JSON line per input line.

import { base64Encode } from "../encoding/index.js";
import { BLANK_LINE, STRAY_BOM, longLineReason, startsWithBom, type Item, type ValidateJob, type Verdicts } from "./line-jobs.js";
import { forEachLine, isBlank } from "./ndjson.js";
import { isRbmEventError, type Issue } from "../errors.js";
import { lookupMessage } from "../schema/index.js";
import { planOf, type MessagePlan } from "../schema/index.js";
import { Reader, type ValidateResult } from "../codec/index.js";
import { readJsonText } from "../codec/index.js";
import { toBinaryWith } from "../codec/index.js";
import { toJsonWith } from "../codec/index.js";
import { utf8Decode } from "../encoding/index.js";
import { jsonText } from "../encoding/index.js";

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
    let result: ValidateResult;
    try {
      const reader = new Reader(lenient, false, true, true);
      reader.longs = job.longs ?? "number";
      // Text decoded from UTF-8 is well-formed.
      result = readJsonText(plan, utf8Decode(line), reader, true);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      return isBlank(line) ? reject(BLANK_LINE) : rejectLine(error.issues);
    }
    if (result.issues !== undefined) return rejectLine(result.issues);
    const message = result.value;
    const json = stringify(toJsonWith(type, message));
    return job.binary ? `{"ok":true,"json":${json},"binary":"${base64Encode(toBinaryWith(type, message))}"}\n` : `{"ok":true,"json":${json}}\n`;
  };

  return (item: Item, emit: (line: string) => void): boolean => {
    rejected = false;
    if (item instanceof Uint8Array) forEachLine(item, (line) => emit(verdict(line)));
    else if ("longLine" in item) emit(reject(longLineReason(item.longLine, job.maxLineBytes)));
    else emit(verdict(item.body)); // a whole pretty-printed document: one verdict
    return rejected;
  };
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
