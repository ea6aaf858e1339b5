// The verdicts of `rbm-events decode`: one JSON line per body, an event or an error.

import { BLANK_LINE, STRAY_BOM, longLineReason, startsWithBom, type DecodeJob, type Item, type Verdicts } from "./line-jobs.js";
import { checkEvent } from "../events/index.js";
import { decodeEvent, type DecodedEvent, type DecodeOptions } from "../events/index.js";
import { payloadTypeNames } from "../../gen/payloads.js";
import { envelopeToJson } from "../events/index.js";
import { forEachLine, isBlank } from "./ndjson.js";
import { isRbmEventError, type RbmEventErrorCode } from "../errors.js";
import { jsonText } from "../encoding/index.js";
import { toJson } from "../codec/index.js";

/**
 * The output line of a decoded event: `{"kind","event":<canonical JSON>,"envelope"}`, or
 * `{"kind":"unknown","json","envelope"}`; `"unknown"` lists what the event held that this build
 * does not know; with `warnings`, the reference's warnings too.
 */
export function eventLine(decoded: DecodedEvent, warnings = false): Record<string, unknown> {
  const envelope = envelopeToJson(decoded.envelope);
  if (decoded.kind === "unknown") return { kind: decoded.kind, json: decoded.json, envelope };
  const line: Record<string, unknown> = {
    kind: decoded.kind,
    event: toJson(payloadTypeNames[decoded.kind], decoded.event),
    envelope,
  };
  if (decoded.unknown !== undefined) line["unknown"] = decoded.unknown;
  const found = warnings ? checkEvent(decoded) : [];
  if (found.length > 0) line["warnings"] = found;
  return line;
}

/** Makes the verdicts of `decode` for a job: an event line per body, or `{"error":{…}}`. */
export function decodeVerdicts(job: DecodeJob): Verdicts {
  const options: DecodeOptions = { strict: job.strict };
  let rejected = false;

  const fail = (code: RbmEventErrorCode, reason: string) => {
    rejected = true;
    const issues = [{ path: "", message: reason }];
    return `${JSON.stringify({ error: { code, message: `cannot decode body: ${reason}`, issues } })}\n`;
  };

  const verdict = (body: Uint8Array): string => {
    if (body.length > job.maxLineBytes) return fail("INVALID_REQUEST", longLineReason(body.length, job.maxLineBytes));
    if (startsWithBom(body)) return fail("INVALID_JSON", STRAY_BOM);
    if (isBlank(body)) return fail("INVALID_JSON", BLANK_LINE);
    try {
      return `${jsonText(eventLine(decodeEvent(body, options), job.warnings))}\n`;
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      rejected = true;
      return `${JSON.stringify({ error: { code: error.code, message: error.message, issues: error.issues } })}\n`;
    }
  };

  return (item: Item, emit: (line: string) => void): boolean => {
    rejected = false;
    if (item instanceof Uint8Array) forEachLine(item, (line) => emit(verdict(line)));
    else if ("longLine" in item) emit(fail("INVALID_REQUEST", longLineReason(item.longLine, job.maxLineBytes)));
    else emit(verdict(item.body)); // a whole pretty-printed document: one verdict
    return rejected;
  };
}
