// The webhook receiver on plain values (method, headers, body), shared by the node:http and
// fetch adapters, which inject how a signature is verified. No Node-only API here.

import { decodeData, type DecodedEvent, type Delivery } from "../events/index.js";
import { checkEnvelopeJson, readEnvelope, readMessageData, readParsedEnvelope } from "../events/index.js";
import { decodeError, formatValue, isObject, isRbmEventError, jsonTypeOf, type RbmEventError } from "../errors.js";
import { base64DecodeShared, describeSyntaxError, utf8Decode } from "../encoding/index.js";
import { deadLetter, deliver } from "./deliver.js";
import type { WebhookCore } from "./options.js";
import { failure, reject, type RequestLine, type WebhookHead, type WebhookReply } from "./reply.js";

const utf8 = new TextEncoder();
const jsonType = /^application\/(?:[\w.!#$&^-]+\+)?json$/i;
const charsetParameter = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/**
 * Answers what can be told from the request head alone (405; 415 for a type other than JSON,
 * a charset other than UTF-8 or any Content-Encoding but identity; 413), or returns undefined
 * when the body should be read.
 * @internal
 */
export function checkHead(core: WebhookCore, head: WebhookHead): WebhookReply | undefined {
  if (head.method !== "POST") {
    const reason = `expected method POST, received ${formatValue(head.method)}`;
    const reply = reject(core, head, 405, failure("INVALID_REQUEST", `invalid request: ${reason}`));
    reply.headers["allow"] = "POST";
    return reply;
  }
  const type = head.contentType?.split(";", 1)[0]?.trim();
  if (type === undefined || !jsonType.test(type)) {
    const received = type === undefined || type === "" ? "none" : formatValue(type);
    const message = `invalid request: expected Content-Type application/json, received ${received}`;
    return reject(core, head, 415, failure("INVALID_REQUEST", message));
  }
  const charset = charsetParameter.exec(head.contentType as string);
  if (charset !== null) {
    const name = (charset[1] ?? charset[2] ?? "").toLowerCase();
    if (name !== "utf-8" && name !== "utf8") {
      const message = `invalid request: expected charset utf-8, received ${formatValue(name)}`;
      return reject(core, head, 415, failure("INVALID_REQUEST", message));
    }
  }
  const encoding = head.contentEncoding?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    const message = `invalid request: expected no Content-Encoding, received ${formatValue(encoding)}`;
    return reject(core, head, 415, failure("INVALID_REQUEST", message));
  }
  const length = head.contentLength == null ? undefined : Number(head.contentLength);
  if (length !== undefined && length > core.maxBodyBytes) return tooLarge(core, head);
  return undefined;
}

/**
 * Answers 413 to a body over `maxBodyBytes`.
 * @internal
 */
export function tooLarge(core: WebhookCore, request: RequestLine): WebhookReply {
  const message = `invalid request: body over the limit of ${core.maxBodyBytes} bytes`;
  return reject(core, request, 413, failure("INVALID_REQUEST", message));
}

/**
 * Answers a request whose head passed {@link checkHead}: the handshake, or a signed event
 * handed to `onEvent` once (`body` as bytes, text, or an object a framework parsed).
 *
 * The body is parsed once and its envelope read once, from the text when there is text (so that
 * text the reading vouches for is not scanned again); `message.data` is base64-decoded once, and
 * the signature is checked over those bytes before the payload is decoded from them. Answers come
 * in the same order as ever: a body that is not strict JSON, or has no `message.data` string,
 * 400; then 401 for a missing or wrong signature (data that is not base64 has none that matches);
 * then an envelope or payload that does not decode, 400 or `onInvalid`.
 * @internal
 */
export async function handleBody(
  core: WebhookCore,
  request: RequestLine,
  body: Uint8Array | string | object,
  signature: string | null | undefined,
): Promise<WebhookReply> {
  let parsed: ParsedBody;
  try {
    parsed = parseBody(body);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return reject(core, request, 400, error);
  }
  const { json, text } = parsed;
  if (!Object.hasOwn(json, "message") && (Object.hasOwn(json, "clientToken") || Object.hasOwn(json, "secret"))) {
    try {
      if (text !== undefined) checkEnvelopeJson(text, json);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      return reject(core, request, 400, error);
    }
    return handshake(core, request, json);
  }
  // The delivery, or why the envelope did not read: that is answered once the signature is known to be good.
  let delivery: Delivery | RbmEventError;
  try {
    delivery = text === undefined ? readEnvelope(json) : readParsedEnvelope(text, json, parsed.fromUtf8);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    // Reading text reports a break of the strict JSON rules before anything else: the body's fault.
    if (text !== undefined && error.code === "INVALID_JSON") return reject(core, request, 400, error);
    delivery = error;
  }
  let data: string;
  try {
    data = readMessageData(json);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return reject(core, request, 400, error);
  }
  if (signature == null || signature === "") {
    return reject(core, request, 401, failure("UNAUTHORIZED", "unauthorized: missing X-Goog-Signature header"));
  }
  // An envelope that did not read may still hold base64 data, signed or not.
  const bytes = isRbmEventError(delivery) ? base64DecodeShared(data) : delivery.data;
  let verified = typeof bytes !== "string" && core.verify(bytes, signature, core.tokens);
  if (typeof verified !== "boolean") verified = await verified;
  if (!verified) {
    const mismatch = "unauthorized: X-Goog-Signature does not match message.data";
    return reject(core, request, 401, failure("UNAUTHORIZED", mismatch));
  }
  let decoded: DecodedEvent;
  try {
    if (isRbmEventError(delivery)) throw delivery;
    // The delivery was read here and the options checked when the handler was made.
    decoded = decodeData(delivery, core.decode);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    if (core.onInvalid !== undefined) return deadLetter(core, request, error, body);
    return reject(core, request, 400, error);
  }
  return deliver(core, request, decoded);
}

function handshake(core: WebhookCore, request: RequestLine, json: Record<string, unknown>): WebhookReply {
  // Own members only: a polluted Object.prototype must not answer a handshake.
  const clientToken = Object.hasOwn(json, "clientToken") ? json.clientToken : undefined;
  const secret = Object.hasOwn(json, "secret") ? json.secret : undefined;
  for (const [name, value] of [
    ["clientToken", clientToken],
    ["secret", secret],
  ] as const) {
    if (typeof value !== "string") {
      const reason = value === undefined ? "required" : `expected string, received ${jsonTypeOf(value)}`;
      return reject(core, request, 400, invalid("handshake", name, reason));
    }
  }
  if (!knownToken(core, clientToken as string)) {
    return reject(core, request, 403, failure("UNAUTHORIZED", "unauthorized: unknown client token"));
  }
  // The secret is echoed as text: nosniff keeps a browser from reading it as anything else.
  const headers = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" };
  return { status: 200, headers, body: secret as string };
}

/** Tells whether `candidate` is one of the tokens, looking at every byte of each same-length one. */
function knownToken(core: WebhookCore, candidate: string): boolean {
  const given = utf8.encode(candidate);
  let found = 0;
  for (const known of core.tokenBytes) {
    if (known.length !== given.length) continue;
    // constant time comparison so response timing reveals nothing about a token
    let diff = 0;
    for (let i = 0; i < known.length; i++) diff |= (known[i] as number) ^ (given[i] as number);
    found |= diff === 0 ? 1 : 0;
  }
  return found === 1;
}

/** A body parsed as JSON: the object, and the text it was parsed from, if it came as text or bytes. */
interface ParsedBody {
  json: Record<string, unknown>;
  text: string | undefined;
  /** Whether the text was decoded from UTF-8, and so is well-formed. */
  fromUtf8: boolean;
}

/** Parses a body. JSON.parse's own message quotes the input (maybe a token), so it is never kept. */
function parseBody(body: Uint8Array | string | object): ParsedBody {
  if (!(body instanceof Uint8Array) && typeof body !== "string") {
    if (!isObject(body)) throw invalid("envelope", "", `expected a JSON object, received ${jsonTypeOf(body)}`);
    return { json: body, text: undefined, fromUtf8: false };
  }
  let text: string;
  try {
    text = typeof body === "string" ? body : utf8Decode(body);
  } catch {
    throw issue("INVALID_UTF8", "envelope", "", "invalid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw issue("INVALID_JSON", "envelope", "", `invalid JSON: ${describeSyntaxError(text) ?? "invalid syntax"}`);
  }
  if (!isObject(json)) throw invalid("envelope", "", `expected a JSON object, received ${jsonTypeOf(json)}`);
  return { json, text, fromUtf8: typeof body !== "string" };
}

function invalid(what: string, path: string, reason: string): RbmEventError {
  return issue("INVALID_ENVELOPE", what, path, reason);
}

function issue(code: RbmEventError["code"], what: string, path: string, reason: string): RbmEventError {
  return decodeError(code, what, [{ path, message: reason }]);
}
