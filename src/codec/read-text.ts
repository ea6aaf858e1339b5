// Reading proto3 JSON text: the one path from text to a message, with one strictness mechanism,
// used by validate(), decodeEvent and the command line.
//
// Text is strict JSON when no object repeats a key and no string holds a lone surrogate, which
// JSON.parse lets through. Scanning the text for both costs about as much as parsing it, so the
// reader measures instead: the length of the object written compactly, nested messages included,
// each string as parsed (a value of any other kind, such as a number, stops the measure).
// Well-formed text is never shorter than that (an escape is longer than the character it stands
// for; whitespace, another member or a repeated key's pair only add to it), so text exactly that
// long has no escape (so no escaped lone surrogate) and repeats no key. Any other text, and any
// text with issues, is scanned in full before the issues are reported, so that a repeated key is
// reported as such.

import { jsonTypeOf } from "../errors.js";
import { checkStrictJson, isWellFormed, parseJson, parseJsonSyntax } from "../encoding/index.js";
import type { MessagePlan } from "../schema/index.js";
import { readObject, readWith } from "./from-json.js";
import { type Reader, type ValidateResult } from "./read-context.js";

/**
 * Reads JSON text as a message of `plan` with `reader` (made with `wellFormed` and `measure`):
 * `{ value }` or `{ issues }`. Throws an {@link RbmEventError} (`INVALID_JSON`) for text that is
 * not strict JSON. `wellFormed` says the text holds no raw lone surrogate, as text decoded from
 * UTF-8 never does; a raw one does not lengthen the text, so other text is parsed strictly first.
 */
export function readJsonText(plan: MessagePlan, text: string, reader: Reader, wellFormed = isWellFormed(text)): ValidateResult {
  if (!wellFormed) return readWith(plan, parseJson(text), reader);
  const value = parseJsonSyntax(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    checkStrictJson(text, value);
    return { issues: [{ path: "", message: `expected object, received ${jsonTypeOf(value)}` }] };
  }
  return readParsedText(plan, text, value as Record<string, unknown>, reader);
}

/**
 * Reads `object`, which `parseJsonSyntax` parsed from the well-formed `text`, as a message of
 * `plan` with `reader` (which must measure), checking the text is strict JSON as the top of this
 * file says: `{ value }` or `{ issues }`; throws an {@link RbmEventError} (`INVALID_JSON`) for
 * text that is not strict JSON.
 */
export function readParsedText(plan: MessagePlan, text: string, object: Record<string, unknown>, reader: Reader): ValidateResult {
  const message = readObject(plan, object, reader);
  if (reader.issues !== undefined || reader.length !== text.length) checkStrictJson(text, object);
  return reader.issues === undefined ? { value: message } : { issues: reader.issues };
}
