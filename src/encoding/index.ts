// The public face of src/encoding/: what the other folders and the entry points use of it.

export { base64Decode, base64DecodeCanonical, base64DecodeOrReason, base64DecodeShared, base64Encode, plainBytes } from "./base64.js";
export { MAX_JSON_DEPTH, checkStrictJson, isWellFormed, parseJson, parseJsonSyntax } from "./strict-json.js";
export { describeSyntaxError } from "./json-syntax-error.js";
export { jsonText } from "./stringify.js";
export { utf8Decode } from "./utf8.js";
