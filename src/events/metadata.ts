// The Pub/Sub metadata around an event payload (message ID, publish time, attributes, ordering key,
// delivery attempt), read from any of the spellings Pub/Sub uses, and measured as it is read.

import type { Timestamp } from "../../gen/google/protobuf/timestamp.js";
import { decodeError, formatValue, isObject, isRbmEventError, jsonTypeOf, pathKey, type RbmEventErrorCode } from "../errors.js";
import { TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS, parseTimestamp, timestampFromDate } from "../schema/index.js";
import { isWellFormed } from "../encoding/index.js";

/** How a payload was delivered; see `parseEnvelope` for the shapes. */
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

export type JsonObject = Record<string, unknown>;

/**
 * One reading of an envelope. `length` adds up the members read, written as compact JSON with
 * their strings as parsed: JSON text is never shorter, and text exactly that long holds no escape,
 * no other member and no repeated key. For text input, strings need no check of their own: the
 * text is well-formed, and an escaped lone surrogate fails the measure, so the text is scanned.
 */
export class EnvelopeReading {
  length = 0;
  constructor(readonly fromText: boolean) {}

  /** Counts a member holding a string: quoted key and value, a colon, and a comma or closing brace. */
  countString(key: string, value: string): void {
    this.length += key.length + value.length + 6;
  }

  /** Counts the key of a member holding an object, and that object's opening brace. */
  openObject(key: string): void {
    this.length += key.length + 5;
  }
}

export function fail(path: string, reason: string, code: RbmEventErrorCode = "INVALID_ENVELOPE", cause?: unknown): never {
  throw decodeError(code, "envelope", [{ path, message: reason }], cause);
}

// Paths are built only on failure, as `pathKey(path, name)`, to keep the success path lean.

// Object.hasOwn is slower in a for-in loop, where the engine answers this one from the loop's cache.
// oxlint-disable-next-line typescript/unbound-method -- only ever called as hasOwn.call(object, key)
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `value`, which the caller read as `object[key]`, if it is the object's own: never one inherited
 * from a polluted Object.prototype. Reading by name first keeps an absent member free.
 */
export function own(value: unknown, object: object, key: string): unknown {
  return value === undefined || hasOwn.call(object, key) ? value : undefined;
}

/**
 * Reads `value`, the member `name` if present, as a string; counted by `r`. Callers read the member
 * by its name where they call, which the engine answers faster than a lookup by a variable name.
 */
export function optionalString(value: unknown, path: string, name: string, r: EnvelopeReading): string | undefined {
  if (value === undefined) return value;
  if (typeof value !== "string") return fail(pathKey(path, name), `expected string, received ${jsonTypeOf(value)}`);
  if (!r.fromText && !isWellFormed(value)) lone(pathKey(path, name), "string");
  r.countString(name, value);
  return value;
}

/** Fails for a string or key holding a lone surrogate, as strict JSON parsing does. */
function lone(path: string, what: "string" | "key"): never {
  return fail(path, `invalid ${what}: contains a lone surrogate`, "INVALID_JSON");
}

/** Reads the metadata beside a Pub/Sub message's `data`. */
export function readMetadata(message: JsonObject, path: string, source: EnvelopeSource, r: EnvelopeReading): Envelope {
  const envelope: Envelope = { source };
  const messageId =
    source === "pull"
      ? pickString(own(message.id, message, "id"), own(message.messageId, message, "messageId"), path, "id", "messageId", r)
      : pickString(own(message.messageId, message, "messageId"), own(message.message_id, message, "message_id"), path, "messageId", "message_id", r);
  if (messageId !== undefined) envelope.messageId = messageId;
  const publishTime = pickTime(message, path, r);
  if (publishTime !== undefined) envelope.publishTime = publishTime;
  const attributes = own(message.attributes, message, "attributes");
  if (attributes !== undefined) envelope.attributes = readAttributes(attributes, path, r);
  const orderingKey = pickString(
    own(message.orderingKey, message, "orderingKey"),
    own(message.ordering_key, message, "ordering_key"),
    path,
    "orderingKey",
    "ordering_key",
    r,
  );
  if (orderingKey !== undefined && orderingKey !== "") envelope.orderingKey = orderingKey;
  return envelope;
}

/** Reads a string that may be spelled two ways, `name` and `alias`; both spellings must then agree. */
function pickString(named: unknown, aliased: unknown, path: string, name: string, alias: string, r: EnvelopeReading): string | undefined {
  const value = optionalString(named, path, name, r);
  const other = optionalString(aliased, path, alias, r);
  if (value === undefined) return other;
  if (other !== undefined && other !== value) fail(pathKey(path, alias), `conflicts with ${pathKey(path, name)}`);
  return value;
}

function pickTime(object: JsonObject, path: string, r: EnvelopeReading): Timestamp | undefined {
  const camel = own(object.publishTime, object, "publishTime");
  const value = readTime(camel, path, "publishTime");
  if (typeof camel === "string") r.countString("publishTime", camel);
  const snake = own(object.publish_time, object, "publish_time");
  // Push bodies usually carry the same string twice: parse it once.
  if (snake === camel) {
    if (typeof snake === "string") r.countString("publish_time", snake);
    return value;
  }
  const other = readTime(snake, path, "publish_time");
  if (typeof snake === "string") r.countString("publish_time", snake);
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
    // A PreciseDate's own method, not one a polluted Date or Object prototype gives every Date.
    const toStruct: unknown = (value as { toStruct?: unknown }).toStruct;
    const inherited: unknown = (Date.prototype as { toStruct?: unknown }).toStruct;
    struct = typeof toStruct === "function" && toStruct !== inherited ? toStruct.call(value) : timestampFromDate(value);
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

/**
 * Reads the string attributes. From text, the parsed object is returned: nothing else holds it,
 * and JSON.parse keeps a "__proto__" key an ordinary key. A caller's object is copied.
 */
function readAttributes(value: unknown, path: string, r: EnvelopeReading): Record<string, string> {
  if (!isObject(value)) fail(pathKey(path, "attributes"), `expected object, received ${jsonTypeOf(value)}`);
  r.openObject("attributes");
  let members = 0;
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    const item = value[key];
    if (typeof item !== "string") {
      fail(pathKey(pathKey(path, "attributes"), key), `expected string, received ${jsonTypeOf(item)}`);
    }
    if (!r.fromText) {
      if (!isWellFormed(key)) lone(pathKey(pathKey(path, "attributes"), key), "key");
      if (!isWellFormed(item)) lone(pathKey(pathKey(path, "attributes"), key), "string");
    }
    r.countString(key, item);
    members++;
  }
  // "{}" has a closing brace where a member would have its comma.
  if (members === 0) r.length += 1;
  return r.fromText ? (value as Record<string, string>) : copyAttributes(value as Record<string, string>);
}

/** Copies checked attributes into a fresh object; a "__proto__" key stays an ordinary key. */
function copyAttributes(value: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue;
    // Assigning "__proto__" would set the prototype; defining it keeps it an ordinary key.
    if (key !== "__proto__") copy[key] = value[key] as string;
    else Object.defineProperty(copy, key, { value: value[key], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Reads `deliveryAttempt`; a pull client reports 0 when the subscription has no dead-letter policy. */
export function readAttempt(object: JsonObject, path: string, envelope: Envelope, r: EnvelopeReading): Envelope {
  const value = own(object.deliveryAttempt, object, "deliveryAttempt");
  if (value === undefined || (value === 0 && envelope.source === "pull")) return envelope;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    const received = typeof value === "number" ? formatValue(value) : jsonTypeOf(value);
    fail(pathKey(path, "deliveryAttempt"), `expected positive integer, received ${received}`);
  }
  // A positive integer is written no shorter than its decimal digits.
  r.length += 19 + String(value).length;
  envelope.deliveryAttempt = value;
  return envelope;
}
