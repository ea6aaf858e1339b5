// Webhook signatures for fetch runtimes (Cloudflare Workers, Deno, Bun, browsers):
// X-Goog-Signature is base64(HMAC-SHA512(client token, message.data bytes)).
// Web Crypto only; the argument checks here are shared with ./signature.ts.
import { base64Decode, base64Encode } from "../encoding/base64.js";
import { isRbmEventError, jsonTypeOf } from "../errors.js";

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const utf8 = new TextEncoder();
const keyCacheSize = 16;
const keyCache = new Map<string, Promise<HmacKey>>();

/**
 * Verifies an `X-Goog-Signature` header value against the payload and one or more client
 * tokens, resolving to true when any token matches. Same arguments and rules as `verifySignature`.
 */
export async function verifySignatureAsync(
  data: string | Uint8Array,
  signature: string,
  clientToken: string | readonly string[],
): Promise<boolean> {
  const tokens = checkVerifyArguments(data, signature, clientToken);
  const bytes = decodeData(data);
  const mac = decodeSignature(signature);
  if (bytes === undefined || mac === undefined) return false;
  for (const token of tokens) {
    // subtle.verify compares the MACs in constant time
    if (await crypto.subtle.verify("HMAC", await hmacKey(token), mac, bytes)) return true;
  }
  return false;
}

/**
 * Computes the `X-Goog-Signature` header value for a payload, for tests and tools.
 * Same arguments and rules as `signPayload`.
 */
export async function signPayloadAsync(data: string | Uint8Array, clientToken: string): Promise<string> {
  checkSignArguments(data, clientToken);
  const bytes = typeof data === "string" ? base64Decode(data) : data;
  return base64Encode(new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(clientToken), bytes)));
}

/** Imports a token as an HMAC-SHA512 key, remembering the most recently used few. */
function hmacKey(token: string): Promise<HmacKey> {
  const cached = keyCache.get(token);
  if (cached !== undefined) {
    keyCache.delete(token); // re-inserted below as the most recent
    keyCache.set(token, cached);
    return cached;
  }
  const key = crypto.subtle.importKey("raw", utf8.encode(token), { name: "HMAC", hash: "SHA-512" }, false, [
    "sign",
    "verify",
  ]);
  key.catch(() => keyCache.get(token) === key && keyCache.delete(token));
  if (keyCache.size >= keyCacheSize) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(token, key);
  return key;
}

// A base64 HMAC-SHA512 as Google sends it: 64 bytes, standard alphabet, padded, canonical.
const signaturePattern = /^[A-Za-z0-9+/]{85}[AQgw]==$/;

/**
 * Decodes an `X-Goog-Signature` value, or returns undefined when it is not exactly the
 * canonical standard base64 of 64 bytes (no whitespace, no URL-safe alphabet, no extra padding).
 * @internal
 */
export function decodeSignature(signature: string): Uint8Array | undefined {
  return signature.length === 88 && signaturePattern.test(signature) ? base64Decode(signature) : undefined;
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
    throw new TypeError(
      `invalid argument: clientToken: expected string or array of strings, received ${jsonTypeOf(clientToken)}`,
    );
  }
  if (clientToken.length === 0) {
    throw new TypeError("invalid argument: clientToken: expected at least one token, received empty array");
  }
  for (let i = 0; i < clientToken.length; i++) checkToken(clientToken[i], `clientToken[${i}]`);
  return clientToken as readonly string[];
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
