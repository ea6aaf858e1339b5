// What X-Goog-Signature is, shared by the node:crypto twin (./node.ts) and the Web Crypto twin
// (./web.ts): base64(HMAC-SHA512(client token, message.data bytes)), the canonical form of a
// signature, the payload bytes, and the checks of the arguments. Plain values only.
import { base64Decode, base64DecodeCanonical } from "../encoding/index.js";
import { isRbmEventError, jsonTypeOf } from "../errors.js";

/**
 * Decodes an `X-Goog-Signature` value, or returns undefined when it is not exactly the
 * canonical standard base64 of 64 bytes (no whitespace, no URL-safe alphabet, no extra padding),
 * as Google sends an HMAC-SHA512.
 * @internal
 */
export function decodeSignature(signature: string): Uint8Array | undefined {
  // 88 characters of canonical base64 end in "==" exactly when they hold 64 bytes.
  const bytes = signature.length === 88 ? base64DecodeCanonical(signature) : undefined;
  return bytes?.length === 64 ? bytes : undefined;
}

/**
 * Returns the payload bytes: base64-decoded `message.data`, or the bytes as given;
 * undefined when the string is not base64.
 * @internal
 */
export function decodeData(data: string | Uint8Array): Uint8Array | undefined {
  if (typeof data !== "string") return data;
  try {
    return base64Decode(data);
  } catch (error) {
    if (isRbmEventError(error)) return undefined;
    throw error;
  }
}

/**
 * Throws a TypeError for a caller mistake in the arguments of a verify function, and
 * returns the client tokens as a list. Messages name the argument, never a token value.
 * @internal
 */
export function checkVerifyArguments(data: unknown, signature: unknown, clientToken: unknown): readonly string[] {
  checkData(data);
  if (typeof signature !== "string") {
    throw new TypeError(`invalid argument: signature: expected string, received ${jsonTypeOf(signature)}`);
  }
  if (!Array.isArray(clientToken)) {
    if (typeof clientToken === "string") return [checkToken(clientToken, "clientToken")];
    throw new TypeError(`invalid argument: clientToken: expected string or array of strings, received ${jsonTypeOf(clientToken)}`);
  }
  if (clientToken.length === 0) {
    throw new TypeError("invalid argument: clientToken: expected at least one token, received empty array");
  }
  for (let i = 0; i < clientToken.length; i++) checkToken(clientToken[i], `clientToken[${i}]`);
  return clientToken as readonly string[];
}

/**
 * Returns the bytes a sign function signs: base64-decoded `message.data`, or the bytes as given.
 * Throws an RbmEventError (`INVALID_BASE64`) for a string that is not base64.
 * @internal
 */
export function signedBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? base64Decode(data) : data;
}

/**
 * Throws a TypeError for a caller mistake in the arguments of a sign function.
 * @internal
 */
export function checkSignArguments(data: unknown, clientToken: unknown): void {
  checkData(data);
  checkToken(clientToken, "clientToken");
}

function checkData(data: unknown): void {
  if (typeof data !== "string" && !(data instanceof Uint8Array)) {
    throw new TypeError(`invalid argument: data: expected string or Uint8Array, received ${jsonTypeOf(data)}`);
  }
}

function checkToken(token: unknown, path: string): string {
  if (typeof token !== "string") {
    throw new TypeError(`invalid argument: ${path}: expected non-empty string, received ${jsonTypeOf(token)}`);
  }
  if (token === "") {
    throw new TypeError(`invalid argument: ${path}: expected non-empty string, received empty string`);
  }
  return token;
}
