// Delivery envelopes: finds RBM's event payload and its Pub/Sub metadata in every shape it arrives in.

import { base64DecodeShared, plainBytes } from "../encoding/index.js";
import { isObject, isRbmEventError, jsonTypeOf, pathKey } from "../errors.js";
import { timestampToJson } from "../schema/index.js";
import { describeSyntaxError, utf8Decode } from "../encoding/index.js";
import { checkStrictJson, isWellFormed } from "../encoding/index.js";
import { EnvelopeReading, fail, optionalString, own, readAttempt, readMetadata, type Envelope, type EnvelopeSource, type JsonObject } from "./metadata.js";

/** What {@link parseEnvelope} returns: the payload bytes and where they came from. */
export interface Delivery {
  /** The event payload: the base64-decoded `data`, or a pull message's bytes as given. */
  data: Uint8Array;
  /** The delivery metadata. */
  envelope: Envelope;
}

const OPEN_BRACE = 123,
  OPEN_BRACKET = 91,
  QUOTE = 34;

/** ASCII whitespace: tab, line feed, form feed, carriage return, space. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 12;
}

/**
 * What RBM delivers, as {@link parseEnvelope} and `decodeEvent` take it: the body's text, its
 * bytes, or the object a framework or a Pub/Sub client parsed it into (a pull `Message`, whose
 * `data` is bytes, too).
 */
export type DeliveryInput = string | Uint8Array | object;

/**
 * Finds the event payload and its delivery metadata in whatever RBM or Pub/Sub delivered:
 * - a webhook body `{"message":{"data":…}}` ("webhook"), or with a `subscription` a Pub/Sub push body ("push");
 * - a CloudEvent `{"data":{"message":…,"subscription":…}}`, or its data alone with its `@type` ("cloudevent");
 * - a Pub/Sub message `{"data":"<base64>","messageId":…}` ("message");
 * - a pull client's message, whose `data` are bytes, used as they are ("pull");
 * - the base64 payload alone ("base64").
 *
 * Bodies may be a JSON string, UTF-8 bytes or an already-parsed object. Lenient where Pub/Sub
 * varies: `messageId`/`message_id`, `publishTime`/`publish_time` and `orderingKey`/`ordering_key`
 * may come in either spelling or both (when equal); an empty ordering key is absent; unknown
 * keys are ignored. Throws an {@link RbmEventError} for anything else.
 */
export function parseEnvelope(input: DeliveryInput): Delivery {
  const delivery = readEnvelope(input);
  // Decoded data may be a Buffer in Node.js; a pull message's bytes are returned as they came.
  if (delivery.envelope.source !== "pull") delivery.data = plainBytes(delivery.data);
  return delivery;
}

/** {@link parseEnvelope}, except that decoded data may be a Node.js Buffer, for callers that only read it. */
export function readEnvelope(input: unknown): Delivery {
  if (typeof input === "string") return parseText(input, false);
  if (input instanceof Uint8Array) return parseText(utf8Decode(input), true);
  if (isObject(input)) return parseObject(input, new EnvelopeReading(false));
  return fail("", `expected a JSON body, base64 string, bytes or object, received ${jsonTypeOf(input)}`);
}

function parseText(text: string, fromUtf8: boolean): Delivery {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) fail("", "empty input");
  const first = text.charCodeAt(start);
  // A byte order mark is not JSON, and not base64 either: what follows it is most likely JSON.
  if (first === 0xfeff) fail("", "unexpected byte order mark", "INVALID_JSON");
  // "[" and '"' cannot start base64: such input is JSON of the wrong type, and is reported so.
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE) {
    const data = base64DecodeShared(text, start, end);
    if (typeof data === "string") fail("", data, "INVALID_BASE64");
    return { data, envelope: { source: "base64" } };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the input, so it is kept only as the cause.
    fail("", `invalid JSON: ${describeSyntaxError(text) ?? "invalid syntax"}`, "INVALID_JSON", error);
  }
  if (!isObject(body)) fail("", `expected a JSON object, received ${jsonTypeOf(body)}`);
  return readParsedEnvelope(text, body, fromUtf8);
}

/**
 * Reads the envelope `body` that `JSON.parse(text)` returned, holding the text to the strict JSON
 * rules as {@link parseEnvelope} does, for a caller that parsed the text itself. `fromUtf8` says
 * the text was decoded from UTF-8, so it is well-formed. Decoded data may be a Node.js Buffer, as
 * {@link readEnvelope} returns it.
 * @internal
 */
export function readParsedEnvelope(text: string, body: JsonObject, fromUtf8: boolean): Delivery {
  // As for payloads (see decodePayload): well-formed text exactly as long as the members read,
  // written compactly, holds no escape, no other member and no repeated key. Text decoded from
  // UTF-8 is well-formed; other text that is not is scanned in full before reading. Scanning every
  // envelope instead makes decodeEvent 1.14 to 1.34 times as slow on the bench pool.
  const plain = fromUtf8 || isWellFormed(text);
  if (!plain) checkEnvelopeJson(text, body);
  const reading = new EnvelopeReading(true);
  let delivery: Delivery;
  try {
    delivery = parseObject(body, reading);
  } catch (error) {
    // Text that breaks the strict rules is reported for that first, as a full scan would have.
    if (plain) checkEnvelopeJson(text, body);
    throw error;
  }
  if (plain && reading.length !== trimmedLength(text)) checkEnvelopeJson(text, body);
  return delivery;
}

/** The length of `text` without the whitespace JSON allows around a value. */
function trimmedLength(text: string): number {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end - start;
}

/** Holds envelope text to the payload's rules (no repeated key, lone surrogate or too deep nesting). */
export function checkEnvelopeJson(text: string, body: unknown): void {
  try {
    checkStrictJson(text, body);
  } catch (error) {
    const issue = isRbmEventError(error) ? error.issues[0] : undefined;
    if (issue === undefined) throw error;
    fail(issue.path, issue.message, "INVALID_JSON");
  }
}

function parseObject(body: JsonObject, r: EnvelopeReading): Delivery {
  r.length += 1; // "{"; each member adds its separator, the last one the closing brace
  if (own(body.message, body, "message") !== undefined) {
    // A bare MessagePublishedData differs from a push body only by its "@type".
    const type = own(body["@type"], body, "@type");
    if (typeof type === "string") r.countString("@type", type);
    const source = type !== undefined ? "cloudevent" : own(body.subscription, body, "subscription") === undefined ? "webhook" : "push";
    return parseBody(body, "", source, r);
  }
  const data = own(body.data, body, "data");
  if (typeof data === "string") return parseMessage(body, "", "message", r);
  if (data instanceof Uint8Array) return { data, envelope: readAttempt(body, "", readMetadata(body, "", "pull", r), r) };
  if (isObject(data)) {
    r.openObject("data");
    return parseBody(data, "data", "cloudevent", r);
  }
  if (data === undefined) fail("", 'expected a "message" or "data" property');
  return fail("data", `expected base64 string, received ${jsonTypeOf(data)}`);
}

/**
 * Reads `message.data` of a webhook or push body as the base64 text it is, before decoding it, to
 * check its signature. Throws an {@link RbmEventError} (`INVALID_ENVELOPE`) naming the path.
 */
export function readMessageData(body: JsonObject): string {
  return dataText(messageOf(body, ""), "message");
}

function messageOf(body: JsonObject, path: string): JsonObject {
  const message = own(body.message, body, "message");
  if (message === undefined) fail(pathKey(path, "message"), "required");
  if (!isObject(message)) fail(pathKey(path, "message"), `expected object, received ${jsonTypeOf(message)}`);
  return message;
}

function dataText(message: JsonObject, path: string): string {
  const text = own(message.data, message, "data");
  if (text === undefined) fail(pathKey(path, "data"), "required");
  if (typeof text !== "string") fail(pathKey(path, "data"), `expected base64 string, received ${jsonTypeOf(text)}`);
  return text;
}

/** Decodes a body holding a `message`, its `subscription` and `deliveryAttempt`, found at `path`. */
function parseBody(body: JsonObject, path: string, source: EnvelopeSource, r: EnvelopeReading): Delivery {
  const message = messageOf(body, path);
  const subscription = optionalString(own(body.subscription, body, "subscription"), path, "subscription", r);
  r.openObject("message");
  const delivery = parseMessage(message, path === "" ? "message" : "data.message", source, r);
  if (subscription !== undefined) delivery.envelope.subscription = subscription;
  readAttempt(body, path, delivery.envelope, r);
  return delivery;
}

/** Decodes a JSON Pub/Sub message at `path`: base64 `data` and the metadata beside it. */
function parseMessage(message: JsonObject, path: string, source: EnvelopeSource, r: EnvelopeReading): Delivery {
  const text = dataText(message, path);
  const data = base64DecodeShared(text);
  if (typeof data === "string") fail(pathKey(path, "data"), data, "INVALID_BASE64");
  r.countString("data", text);
  return { data, envelope: readMetadata(message, path, source, r) };
}

/**
 * Converts an {@link Envelope} to plain JSON: the same keys, `publishTime` as an RFC 3339 string.
 * Only the envelope's own members are read, never ones a polluted Object.prototype would lend it.
 */
export function envelopeToJson(envelope: Envelope): Record<string, unknown> {
  const json: Record<string, unknown> = { source: envelope.source };
  const has = (key: keyof Envelope) => Object.hasOwn(envelope, key);
  const { messageId, publishTime, attributes, subscription, deliveryAttempt, orderingKey } = envelope;
  if (messageId !== undefined && has("messageId")) json.messageId = messageId;
  if (publishTime !== undefined && has("publishTime")) json.publishTime = timestampToJson(publishTime);
  if (attributes !== undefined && has("attributes")) json.attributes = { ...attributes };
  if (subscription !== undefined && has("subscription")) json.subscription = subscription;
  if (deliveryAttempt !== undefined && has("deliveryAttempt")) json.deliveryAttempt = deliveryAttempt;
  if (orderingKey !== undefined && has("orderingKey")) json.orderingKey = orderingKey;
  return json;
}
