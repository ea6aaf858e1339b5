// Webhook signatures with node:crypto: the twin of ./web.ts around the shared rules of ./core.ts.
// `verifySignature` and `signPayload` return promises, as Web Crypto's do in ./web.ts, so that one
// name keeps one contract in every entry point; the `…Sync` functions are their synchronous forms.
import { createHmac, timingSafeEqual } from "node:crypto";
import { base64Encode } from "../encoding/index.js";
import { checkSignArguments, checkVerifyArguments, decodeData, decodeSignature, signedBytes } from "./core.js";

/**
 * Verifies an `X-Goog-Signature` header value against the payload and one or more client
 * tokens (a partner webhook and agent webhooks, or an old and a new token during rotation),
 * resolving to true when any token matches. Same arguments and rules as {@link verifySignatureSync};
 * a caller mistake rejects the promise with a TypeError.
 */
export async function verifySignature(data: string | Uint8Array, signature: string, clientToken: string | readonly string[]): Promise<boolean> {
  return verifySignatureSync(data, signature, clientToken);
}

/**
 * Verifies an `X-Goog-Signature` header value against the payload and one or more client
 * tokens, synchronously: returns true when any token matches.
 *
 * - `data` is `message.data` exactly as in the body (base64, decoded strictly), or its bytes.
 * - Returns false, never throws, for a payload that is not base64 and for a signature that is
 *   not the canonical standard base64 of 64 bytes (whitespace, URL-safe alphabet, missing or
 *   extra padding, wrong length, empty).
 * - Throws a TypeError only for a caller mistake: an argument missing or of the wrong type,
 *   an empty token or an empty token list. The message never includes a token.
 */
export function verifySignatureSync(data: string | Uint8Array, signature: string, clientToken: string | readonly string[]): boolean {
  const tokens = checkVerifyArguments(data, signature, clientToken);
  const bytes = decodeData(data);
  return bytes !== undefined && verifyBytesSync(bytes, signature, tokens);
}

/**
 * {@link verifySignatureSync} over payload bytes already decoded, with arguments already checked:
 * what a receiver that decoded `message.data` once and checked its tokens at start-up calls.
 * @internal
 */
export function verifyBytesSync(bytes: Uint8Array, signature: string, tokens: readonly string[]): boolean {
  const expected = decodeSignature(signature);
  if (expected === undefined) return false;
  for (const token of tokens) {
    const actual = createHmac("sha512", token).update(bytes).digest();
    // constant time comparison so response timing reveals nothing about the expected MAC
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return true;
  }
  return false;
}

/**
 * Computes the `X-Goog-Signature` header value for a payload and a client token, for tests and
 * tools, as a promise. Same arguments and rules as {@link signPayloadSync}; its errors reject it.
 */
export async function signPayload(data: string | Uint8Array, clientToken: string): Promise<string> {
  return signPayloadSync(data, clientToken);
}

/**
 * Computes the `X-Goog-Signature` header value for a payload (`message.data` as base64, or
 * its bytes) and a client token, synchronously. A string that is not base64 throws an
 * RbmEventError with code `INVALID_BASE64`; wrong argument types throw a TypeError.
 */
export function signPayloadSync(data: string | Uint8Array, clientToken: string): string {
  checkSignArguments(data, clientToken);
  const bytes = signedBytes(data);
  return base64Encode(createHmac("sha512", clientToken).update(bytes).digest());
}
