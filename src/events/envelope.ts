// Delivery envelopes: finds RBM's event payload and its Pub/Sub metadata in every shape it arrives in.

import type { Timestamp } from "../../gen/google/protobuf/timestamp.js";
import { decodeBase64, plainBytes } from "../encoding/base64.js";
import { decodeError, formatValue, isObject, isRbmEventError, jsonTypeOf, pathKey, type RbmEventErrorCode } from "../errors.js";
import {
  TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS, parseTimestamp, timestampFromDate, timestampToJson,
} from "../schema/timestamp.js";
import { utf8Decode } from "../encoding/utf8.js";
import { checkStrictJson, compactLength, isWellFormed } from "../encoding/strict-json.js";

/** How a payload was delivered; see {@link parseEnvelope} for the shapes. */
export type EnvelopeSource = "webhook" | "push" | "pull" | "cloudevent" | "message" | "base64";

/** The delivery metadata around an event payload; a key is absent when the delivery did not carry it. */
export interface Envelope {
  /** The shape the payload arrived in. */
  source: EnvelopeSource;
  /** The Pub/Sub message ID, unique within the topic. */
  messageId?: string;
  /** When Pub/Sub received the message, to the nanosecond. */
  publishTime?: Timestamp;
  /** The Pub/Sub message attributes. */
  attributes?: Record<string, string>;
  /** The subscription, `projects/{project}/subscriptions/{name}`. */
  subscription?: string;
  /** 1 + the number of earlier delivery attempts, when the subscription has a dead-letter policy. */
  deliveryAttempt?: number;
  /** The Pub/Sub ordering key. */
  orderingKey?: string;
}

/** What {@link parseEnvelope} returns: the payload bytes and where they came from. */
export interface Delivery {
  /** The event payload: the base64-decoded `data`, or a pull message's bytes as given. */
  data: Uint8Array;
  /** The delivery metadata. */
  envelope: Envelope;
}

type JsonObject = Record<string, unknown>;
const OPEN_BRACE = 123, OPEN_BRACKET = 91, QUOTE = 34;

/** ASCII whitespace: tab, line feed, form feed, carriage return, space. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 12;
}

function fail(path: string, reason: string, code: RbmEventErrorCode = "INVALID_ENVELOPE", cause?: unknown): never {
  throw decodeError(code, "envelope", [{ path, message: reason }], cause);
}

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
export function parseEnvelope(input: unknown): Delivery {
  const delivery = readEnvelope(input);
  // Decoded data may be a Buffer in Node.js; a pull message's bytes are returned as they came.
  if (delivery.envelope.source !== "pull") delivery.data = plainBytes(delivery.data);
  return delivery;
}

/** {@link parseEnvelope}, except that decoded data may be a Node.js Buffer, for callers that only read it. */
export function readEnvelope(input: unknown): Delivery {
  if (typeof input === "string") return parseText(input, false);
  if (input instanceof Uint8Array) return parseText(utf8Decode(input), true);
  if (isObject(input)) return parseObject(input);
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
    const data = decodeBase64(text, start, end);
    if (typeof data === "string") fail("", data, "INVALID_BASE64");
    return { data, envelope: { source: "base64" } };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the input, so it is kept only as the cause.
    fail("", "invalid JSON", "INVALID_JSON", error);
  }
  if (!isObject(body)) fail("", `expected a JSON object, received ${jsonTypeOf(body)}`);
  // As for payloads (see decodeEvent): plain, well-formed text as long as the compact body is
  // strict already (text decoded from UTF-8 is well-formed); only other text is scanned in full.
  const plain = text.indexOf("\\") === -1 && compactLength(body) === end - start && (fromUtf8 || isWellFormed(text));
  if (!plain) checkEnvelopeJson(text, body);
  return parseObject(body);
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

function parseObject(body: JsonObject): Delivery {
  if (body.message !== undefined) {
    // A bare MessagePublishedData differs from a push body only by its "@type".
    const source = body["@type"] !== undefined ? "cloudevent" : body.subscription === undefined ? "webhook" : "push";
    return parseBody(body, "", source);
  }
  const data = body.data;
  if (typeof data === "string") return parseMessage(body, "", "message");
  if (data instanceof Uint8Array) return { data, envelope: readAttempt(body, "", readMetadata(body, "", "pull")) };
  if (isObject(data)) return parseBody(data, "data", "cloudevent");
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
  const message = body.message;
  if (message === undefined) fail(pathKey(path, "message"), "required");
  if (!isObject(message)) fail(pathKey(path, "message"), `expected object, received ${jsonTypeOf(message)}`);
  return message;
}

function dataText(message: JsonObject, path: string): string {
  const text = message.data;
  if (text === undefined) fail(pathKey(path, "data"), "required");
  if (typeof text !== "string") fail(pathKey(path, "data"), `expected base64 string, received ${jsonTypeOf(text)}`);
  return text;
}

/** Decodes a body holding a `message`, its `subscription` and `deliveryAttempt`, found at `path`. */
function parseBody(body: JsonObject, path: string, source: EnvelopeSource): Delivery {
  const message = messageOf(body, path);
  const subscription = optionalString(body.subscription, path, "subscription");
  const delivery = parseMessage(message, path === "" ? "message" : "data.message", source);
  if (subscription !== undefined) delivery.envelope.subscription = subscription;
  readAttempt(body, path, delivery.envelope);
  return delivery;
}

/** Decodes a JSON Pub/Sub message at `path`: base64 `data` and the metadata beside it. */
function parseMessage(message: JsonObject, path: string, source: EnvelopeSource): Delivery {
  const data = decodeBase64(dataText(message, path));
  if (typeof data === "string") fail(pathKey(path, "data"), data, "INVALID_BASE64");
  return { data, envelope: readMetadata(message, path, source) };
}

function readMetadata(message: JsonObject, path: string, source: EnvelopeSource): Envelope {
  const envelope: Envelope = { source };
  const messageId =
    source === "pull"
      ? pickString(message, path, "id", "messageId")
      : pickString(message, path, "messageId", "message_id");
  if (messageId !== undefined) envelope.messageId = messageId;
  const publishTime = pickTime(message, path);
  if (publishTime !== undefined) envelope.publishTime = publishTime;
  const attributes = message.attributes;
  if (attributes !== undefined) envelope.attributes = copyAttributes(attributes, path);
  const orderingKey = pickString(message, path, "orderingKey", "ordering_key");
  if (orderingKey !== undefined && orderingKey !== "") envelope.orderingKey = orderingKey;
  return envelope;
}

// Paths are built only on failure, as `pathKey(path, name)`, to keep the success path lean.

function optionalString(value: unknown, path: string, name: string): string | undefined {
  if (value === undefined) return value;
  if (typeof value === "string") return isWellFormed(value) ? value : lone(pathKey(path, name), "string");
  return fail(pathKey(path, name), `expected string, received ${jsonTypeOf(value)}`);
}

/** Fails for a string or key holding a lone surrogate, as strict JSON parsing does. */
function lone(path: string, what: "string" | "key"): never {
  return fail(path, `invalid ${what}: contains a lone surrogate`, "INVALID_JSON");
}

/** Reads a string that may be spelled two ways; both spellings must then agree. */
function pickString(object: JsonObject, path: string, name: string, alias: string): string | undefined {
  const value = optionalString(object[name], path, name);
  const other = optionalString(object[alias], path, alias);
  if (value === undefined) return other;
  if (other !== undefined && other !== value) fail(pathKey(path, alias), `conflicts with ${pathKey(path, name)}`);
  return value;
}

function pickTime(object: JsonObject, path: string): Timestamp | undefined {
  const camel = object.publishTime;
  const value = readTime(camel, path, "publishTime");
  // Push bodies usually carry the same string twice: parse it once.
  if (object.publish_time === camel) return value;
  const other = readTime(object.publish_time, path, "publish_time");
  if (value === undefined) return other;
  if (other !== undefined && (other.seconds !== value.seconds || other.nanos !== value.nanos)) {
    fail(pathKey(path, "publish_time"), `conflicts with ${pathKey(path, "publishTime")}`);
  }
  return value;
}

/** Reads an RFC 3339 string, a Date, or a PreciseDate (a Date with nanoseconds in `toStruct()`). */
function readTime(value: unknown, path: string, name: string): Timestamp | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    const result = parseTimestamp(value);
    if (typeof result === "string") fail(pathKey(path, name), result);
    return result;
  }
  if (!(value instanceof Date)) {
    fail(pathKey(path, name), `expected RFC 3339 string or Date, received ${jsonTypeOf(value)}`);
  }
  let struct: unknown;
  try {
    const toStruct: unknown = (value as { toStruct?: unknown }).toStruct;
    struct = typeof toStruct === "function" ? toStruct.call(value) : timestampFromDate(value);
  } catch (error) {
    const reason = isRbmEventError(error) ? error.issues[0]?.message : undefined;
    fail(pathKey(path, name), reason ?? "invalid timestamp: the Date could not be read", "INVALID_ENVELOPE", error);
  }
  const { seconds, nanos } = (isObject(struct) ? struct : {}) as { seconds?: unknown; nanos?: unknown };
  if (!isInteger(seconds, TIMESTAMP_MIN_SECONDS, TIMESTAMP_MAX_SECONDS) || !isInteger(nanos, 0, 999_999_999)) {
    fail(pathKey(path, name), "invalid timestamp: toStruct() returned no {seconds, nanos} in range");
  }
  return { seconds, nanos };
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

// Object.hasOwn is slower in a for-in loop, where the engine answers this one from the loop's cache.
const hasOwn = Object.prototype.hasOwnProperty;

/** Copies string attributes into a fresh object; a "__proto__" key stays an ordinary key. */
function copyAttributes(value: unknown, path: string): Record<string, string> {
  if (!isObject(value)) fail(pathKey(path, "attributes"), `expected object, received ${jsonTypeOf(value)}`);
  const copy: Record<string, string> = {};
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const item = value[key];
    if (typeof item !== "string") {
      fail(pathKey(pathKey(path, "attributes"), key), `expected string, received ${jsonTypeOf(item)}`);
    }
    if (!isWellFormed(key)) lone(pathKey(pathKey(path, "attributes"), key), "key");
    if (!isWellFormed(item)) lone(pathKey(pathKey(path, "attributes"), key), "string");
    // Assigning "__proto__" would set the prototype; defining it keeps it an ordinary key.
    if (key !== "__proto__") copy[key] = item;
    else Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Reads `deliveryAttempt`; a pull client reports 0 when the subscription has no dead-letter policy. */
function readAttempt(object: JsonObject, path: string, envelope: Envelope): Envelope {
  const value = object.deliveryAttempt;
  if (value === undefined || (value === 0 && envelope.source === "pull")) return envelope;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    const received = typeof value === "number" ? formatValue(value) : jsonTypeOf(value);
    fail(pathKey(path, "deliveryAttempt"), `expected positive integer, received ${received}`);
  }
  envelope.deliveryAttempt = value;
  return envelope;
}

/** Converts an {@link Envelope} to plain JSON: the same keys, `publishTime` as an RFC 3339 string. */
export function envelopeToJson(envelope: Envelope): Record<string, unknown> {
  const json: Record<string, unknown> = { source: envelope.source };
  if (envelope.messageId !== undefined) json.messageId = envelope.messageId;
  if (envelope.publishTime !== undefined) json.publishTime = timestampToJson(envelope.publishTime);
  if (envelope.attributes !== undefined) json.attributes = { ...envelope.attributes };
  if (envelope.subscription !== undefined) json.subscription = envelope.subscription;
  if (envelope.deliveryAttempt !== undefined) json.deliveryAttempt = envelope.deliveryAttempt;
  if (envelope.orderingKey !== undefined) json.orderingKey = envelope.orderingKey;
  return json;
}
