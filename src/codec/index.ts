// The public face of src/codec/: what the other folders and the entry points use of it.

export { binaryMessageCodec } from "./binary-codec.js";
export type { BinaryMessageCodec } from "./binary-codec.js";
export { fromBinary, toBinary, toBinaryWith } from "./binary-conversion.js";
export { UNKNOWN_FIELDS } from "./from-binary.js";
export { invalidMessage, messageCodec } from "./json-codec.js";
export type { MessageCodec } from "./json-codec.js";
export type { ConversionOptions } from "./longs.js";
export { Reader } from "./read-context.js";
export type { UnknownPart, ValidateOptions, ValidateResult } from "./read-context.js";
export { readJsonText, readParsedText } from "./read-text.js";
export type { PartialMessage } from "./create.js";
export { toJson, toJsonWith } from "./to-json.js";
export type { JsonObject, JsonValue } from "./to-json.js";
export { validate, validateValue } from "./validate.js";
