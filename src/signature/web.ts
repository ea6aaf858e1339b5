// Webhook signatures for fetch runtimes (Cloudflare Workers, Deno, Bun, browsers), with Web
// Crypto: the twin of ./node.ts around the shared rules of ./core.ts.
import { base64Encode } from "../encoding/index.js";
import { checkSignArguments, checkVerifyArguments, decodeData, decodeSignature, signedBytes } from "./core.js";

type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const utf8 = new TextEncoder();
const keyCacheSize = 16;
const keyCache = new Map<string, Promise<HmacKey>>();

/**
 * Verifies an `X-Goog-Signature` header value against the payload and one or more client
 * tokens, resolving to true when any token matches. Same arguments and rules as the Node
 * entry point's `verifySignature`; a caller mistake rejects the promise with a TypeError.
 */
export async function verifySignature(data: string | Uint8Array, signature: string, clientToken: string | readonly string[]): Promise<boolean> {
  const tokens = checkVerifyArguments(data, signature, clientToken);
  const bytes = decodeData(data);
  return bytes !== undefined && verifyBytes(bytes, signature, tokens);
}

/**
 * {@link verifySignature} over payload bytes already decoded, with arguments already checked:
 * what a receiver that decoded `message.data` once and checked its tokens at start-up calls.
 * @internal
 */
export async function verifyBytes(bytes: Uint8Array, signature: string, tokens: readonly string[]): Promise<boolean> {
  const mac = decodeSignature(signature);
  if (mac === undefined) return false;
  for (const token of tokens) {
    // subtle.verify compares the MACs in constant time
    if (await crypto.subtle.verify("HMAC", await hmacKey(token), mac, bytes)) return true;
  }
  return false;
}

/**
 * Computes the `X-Goog-Signature` header value for a payload, for tests and tools, as a promise.
 * Same arguments and rules as the Node entry point's `signPayload`; its errors reject it.
 */
export async function signPayload(data: string | Uint8Array, clientToken: string): Promise<string> {
  checkSignArguments(data, clientToken);
  const bytes = signedBytes(data);
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
  const key = crypto.subtle.importKey("raw", utf8.encode(token), { name: "HMAC", hash: "SHA-512" }, false, ["sign", "verify"]);
  key.catch(() => keyCache.get(token) === key && keyCache.delete(token));
  if (keyCache.size >= keyCacheSize) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(token, key);
  return key;
}
