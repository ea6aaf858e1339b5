// Strict base64: native decoding checked by its length where the runtime has it, a linear pass otherwise.

import { RbmEventError } from "../errors.js";

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Character code -> 6-bit value; 64 marks a character outside both alphabets.
const VALUES = new Uint8Array(128).fill(64);
for (let i = 0; i < 64; i++) VALUES[STANDARD.charCodeAt(i)] = i;
VALUES[45] = 62; // "-" (URL-safe)
VALUES[95] = 63; // "_" (URL-safe)

const PAD = 61; // "="
/** A character above U+00FF: Node's decoder reads only its low byte, so it may pass for a valid one. */
// oxlint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: anything above U+00FF
const WIDE = /[^\u0000-\u00ff]/;

/** Reads Node's Buffer at call time: absent in Workers and browsers, and tests can hide it. */
function nodeBuffer(): typeof Buffer | undefined {
  return (globalThis as { Buffer?: typeof Buffer }).Buffer;
}

/** Shows the character at `index`: printable ASCII quoted, anything else (often invisible) as U+XXXX. */
function quoteChar(text: string, index: number): string {
  const code = text.codePointAt(index) as number;
  if (code < 127) return JSON.stringify(String.fromCharCode(code));
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

function unexpected(text: string, index: number, why = ""): string {
  return `invalid base64: unexpected character ${quoteChar(text, index)} at index ${index}${why}`;
}

/**
 * Checks `text[start, end)` and returns the number of data characters before the padding,
 * or the reason the text is not base64 (positions are indexes into `text`).
 */
function validate(text: string, start: number, end: number): number | string {
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && (VALUES[c] as number) < 64) continue;
    if (c === PAD) break;
    return unexpected(text, i);
  }
  const data = i - start;
  if (data % 4 === 1) {
    const last = i - 1;
    return `invalid base64: lone final character ${quoteChar(text, last)} at index ${last}`;
  }
  if (i === end) return data;
  // Padding: "=" or "==" completing the last group of four, and nothing after it.
  const expected = data % 4 === 0 ? 0 : 4 - (data % 4);
  for (let k = 0; k < expected; k++, i++) {
    if (i === end) return `invalid base64: expected "=" at index ${i}`;
    if (text.charCodeAt(i) !== PAD) return unexpected(text, i, " after padding");
  }
  if (i < end) return unexpected(text, i, text.charCodeAt(i) === PAD ? "" : " after padding");
  return data;
}

/** Decodes `count` validated data characters from `start`, without a native decoder. */
function decodePortable(text: string, start: number, count: number, out: Uint8Array): void {
  let o = 0;
  let i = start;
  const full = start + count - (count % 4);
  for (; i < full; i += 4) {
    const n =
      ((VALUES[text.charCodeAt(i)] as number) << 18) |
      ((VALUES[text.charCodeAt(i + 1)] as number) << 12) |
      ((VALUES[text.charCodeAt(i + 2)] as number) << 6) |
      (VALUES[text.charCodeAt(i + 3)] as number);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = count % 4;
  if (rest === 0) return;
  let n = ((VALUES[text.charCodeAt(i)] as number) << 18) | ((VALUES[text.charCodeAt(i + 1)] as number) << 12);
  out[o++] = n >> 16;
  if (rest === 3) {
    n |= (VALUES[text.charCodeAt(i + 2)] as number) << 6;
    out[o] = (n >> 8) & 255;
  }
}

/**
 * The number of bytes `text` decodes to if every character before its padding is in the
 * alphabets, or -1 for a length that no valid base64 has.
 */
function cleanLength(text: string): number {
  const n = text.length;
  let data = n;
  if (data > 0 && text.charCodeAt(data - 1) === PAD) data--;
  if (data > 0 && text.charCodeAt(data - 1) === PAD) data--;
  if ((data < n && n % 4 !== 0) || data % 4 === 1) return -1;
  return Math.floor((data * 3) / 4);
}

/**
 * Decodes base64 without throwing: returns the bytes, or the reason `text` is not base64.
 * Same rules as {@link base64Decode}; `start` and `end` select a part of `text`.
 */
export function base64DecodeOrReason(text: string, start = 0, end: number = text.length): Uint8Array | string {
  const bytes = base64DecodeShared(text, start, end);
  return typeof bytes === "string" ? bytes : plainBytes(bytes);
}

/**
 * The same bytes as a plain Uint8Array: a Node.js Buffer becomes a view of its memory, so that
 * slice() and friends behave as everywhere else.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  if (Object.getPrototypeOf(bytes) === Uint8Array.prototype) return bytes;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * {@link base64DecodeOrReason}, except that in Node.js the bytes may be a Buffer shared with Node's
 * pool, for callers that only read them.
 */
export function base64DecodeShared(text: string, start = 0, end: number = text.length): Uint8Array | string {
  const NodeBuffer = nodeBuffer();
  if (NodeBuffer !== undefined && start < end) {
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    // Buffer.from allocates small results from Node's shared pool, several times faster than a
    // fresh ArrayBuffer, but skips bad characters silently and stops at an inner "=". Either
    // leaves it fewer data characters, so fewer bytes than cleanLength() counts (the count rises
    // with every character but the first of a group, and a lone one is rejected up front): a
    // result of the full length proves the text valid. Node reads only the low byte of a wider
    // character, which may pass for a valid one, so those are kept out first (the test costs
    // nothing on the one-byte strings V8 makes of Latin-1 text).
    if (!WIDE.test(part)) {
      const decoded = NodeBuffer.from(part, "base64");
      if (decoded.length === cleanLength(part)) return decoded;
    }
  }
  const count = validate(text, start, end);
  if (typeof count === "string") return count;
  const out = new Uint8Array(Math.floor((count * 3) / 4));
  decodePortable(text, start, count, out);
  return out;
}

/**
 * Decodes `text` only if it is canonical base64: the standard alphabet, padded, no other
 * character, and zero bits where the last character has unused ones; that is, exactly what
 * {@link base64Encode} writes for the bytes it holds. Returns undefined for anything else. In
 * Node.js the bytes may be a Buffer shared with Node's pool, for callers that only read them.
 */
export function base64DecodeCanonical(text: string): Uint8Array | undefined {
  const NodeBuffer = nodeBuffer();
  if (NodeBuffer !== undefined) {
    // Node's decoder skips bad characters and reads a wide one by its low byte, but whatever it
    // gets wrong cannot encode back to the same text: one native decode and encode prove it.
    const decoded = NodeBuffer.from(text, "base64");
    return decoded.toString("base64") === text ? decoded : undefined;
  }
  const decoded = base64DecodeShared(text);
  return typeof decoded !== "string" && base64Encode(decoded) === text ? decoded : undefined;
}

/**
 * Decodes a base64 string to bytes, strictly. Accepted:
 * - the standard (`+/`) and the URL-safe (`-_`) alphabet, even mixed in one string, as the
 *   protobuf JSON parsers of Python and protobuf-es accept it;
 * - padding optional, but when present it must be exactly what completes the last group;
 * - unused low bits of the last character are ignored, as RFC 4648 decoders usually do.
 *
 * Anything else (whitespace, a misplaced `=`, a length of 4n+1) throws an
 * {@link RbmEventError} (`INVALID_BASE64`) whose one issue names `path` and the first bad index.
 * In Node.js small results are views into Buffer's shared pool: read them through
 * `byteOffset` and `byteLength`, never as the whole `.buffer`.
 */
export function base64Decode(text: string, path = ""): Uint8Array {
  const result = base64DecodeOrReason(text);
  if (typeof result !== "string") return result;
  throw new RbmEventError("INVALID_BASE64", `cannot decode base64: ${result}`, {
    issues: [{ path, message: result }],
  });
}

/** Encodes bytes as base64, standard alphabet, with padding. */
export function base64Encode(bytes: Uint8Array): string {
  const NodeBuffer = nodeBuffer();
  if (NodeBuffer !== undefined) {
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  }
  let out = "";
  const n = bytes.length;
  const full = n - (n % 3);
  let i = 0;
  for (; i < full; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += STANDARD.charAt(v >> 18) + STANDARD.charAt((v >> 12) & 63);
    out += STANDARD.charAt((v >> 6) & 63) + STANDARD.charAt(v & 63);
  }
  if (n - full === 1) {
    const v = bytes[i] as number;
    out += STANDARD.charAt(v >> 2) + STANDARD.charAt((v & 3) << 4) + "==";
  } else if (n - full === 2) {
    const v = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    out += STANDARD.charAt(v >> 10) + STANDARD.charAt((v >> 4) & 63) + STANDARD.charAt((v & 15) << 2) + "=";
  }
  return out;
}
