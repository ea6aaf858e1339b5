// proto3 JSON validation by reflection: any message of the schema, to the value shape ts-proto generates.

import type protobuf from "protobufjs";
import { argumentError, isRbmEventError } from "../errors.js";
import { readJsonText } from "./read-text.js";
import { readWith } from "./from-json.js";
import { Reader, type ValidateOptions, type ValidateResult } from "./read-context.js";
import { checkConversionOptions } from "./longs.js";
import { planOf } from "../schema/index.js";
import type { Message, MessageName } from "../schema/index.js";
import { lookupMessage } from "../schema/index.js";

/**
 * Validates JSON text against a message of the schema (full or short name), by the proto3 JSON
 * mapping. Returns `{ value }` or `{ issues }`; throws an {@link RbmEventError} (`UNKNOWN_TYPE`)
 * only for a type name the schema does not have. Accepted, as the reference parsers accept it:
 * - a field under its JSON name or its proto name (not both);
 * - `null` for "default", but as a value of google.protobuf.Value and NullValue;
 * - integers as numbers or decimal strings, exponent included ("1e5"), if the value is integral;
 * - floats as numbers, numeric strings, "NaN", "Infinity" or "-Infinity";
 * - an enum by exact name or by int32 number, a number the enum does not name kept as is;
 * - bytes as standard or URL-safe base64, padding optional.
 */
export function validate<N extends MessageName>(typeName: N, json: string, options?: ValidateOptions): ValidateResult<Message<N>> {
  // The engine builds the value by reflection over the same schema the type is generated from.
  return validateTextWith(lookupMessage(typeName), json, options) as ValidateResult<Message<N>>;
}

/** Validates JSON text against any protobufjs message type, as {@link validate} does. */
export function validateTextWith(type: protobuf.Type, json: string, options?: ValidateOptions): ValidateResult {
  const plan = planOf(type);
  if (typeof json !== "string") throw argumentError("validate()", "json", "a string", json);
  try {
    return readJsonText(plan, json, reader(options, true, "validate()"));
  } catch (error) {
    if (isRbmEventError(error) && error.code === "INVALID_JSON") return { issues: [...error.issues] };
    throw error;
  }
}

/**
 * Validates an already-parsed JSON value against a message of the schema, as {@link validate}
 * does JSON text.
 */
export function validateValue<N extends MessageName>(typeName: N, value: unknown, options?: ValidateOptions): ValidateResult<Message<N>> {
  return validateWith(lookupMessage(typeName), value, options) as ValidateResult<Message<N>>;
}

/** Validates a parsed JSON value against any protobufjs message type, as {@link validateValue} does. */
export function validateWith(type: protobuf.Type, value: unknown, options?: ValidateOptions): ValidateResult {
  return readWith(planOf(type), value, reader(options, false, "validateValue()"));
}

/**
 * A reader with `options`; from text, one that measures, whose strings readJsonText vouches for.
 * Throws INVALID_ARGUMENT, naming `fn`, for options that are not an object or a `longs` of another value.
 */
/** The options of {@link ValidateOptions}; its type makes the compiler keep the list whole. */
const VALIDATE_OPTIONS = Object.keys({
  ignoreUnknownFields: true,
  keepUnknownEnumNames: true,
  longs: true,
} satisfies Record<keyof ValidateOptions, true>);

function reader(options: ValidateOptions | undefined, text: boolean, fn: string): Reader {
  const longs = checkConversionOptions(fn, options, VALIDATE_OPTIONS);
  const r = new Reader(options?.ignoreUnknownFields === true, options?.keepUnknownEnumNames === true, text, text);
  r.longs = longs;
  return r;
}
