// decodeEvent(): whatever RBM delivers in, a typed, validated, exact payload out.

import { readEnvelope, type Delivery, type DeliveryInput } from "./envelope.js";
import { type Envelope } from "./metadata.js";
import { RbmEventError, argumentError, decodeError, isObject, jsonTypeOf, unknownOption } from "../errors.js";
import { checkStrictJson, parseJsonSyntax } from "../encoding/index.js";
import { Reader } from "../codec/index.js";
import { readParsedText } from "../codec/index.js";
import { invalidMessage } from "../codec/index.js";
import type { UnknownPart } from "../codec/index.js";
import { planOf, type MessagePlan } from "../schema/index.js";
import { lookupMessage } from "../schema/index.js";
import { utf8Decode } from "../encoding/index.js";
import { parseTimestamp } from "../schema/index.js";
import type { Message } from "../schema/index.js";
import { plainReaders } from "../../gen/plain-readers.js";
import { payloadTypeNames, recognisePayload, type PayloadKind, type PayloadTypeNames } from "../../gen/payloads.js";

/**
 * A payload of the kind `K`, as {@link decodeEvent} returns it. It has `unknown` only when it held
 * fields or enum values this version of the schema does not know: the sign that RBM sends more
 * than this build was generated from.
 */
export type DecodedPayload<K extends PayloadKind> = {
  kind: K;
  event: Message<PayloadTypeNames[K]>;
  envelope: Envelope;
  unknown?: readonly UnknownPart[];
};

/**
 * What {@link decodeEvent} returns: the payload, discriminated by `kind`, with its delivery metadata.
 * One member per payload that proto/ declares with the `(payload)` option, and `unknown` for the rest.
 */
export type DecodedEvent = { [K in PayloadKind]: DecodedPayload<K> }[PayloadKind] | { kind: "unknown"; json: Record<string, unknown>; envelope: Envelope };

/** The kinds of payload {@link decodeEvent} tells apart. */
export type EventKind = DecodedEvent["kind"];

/** Options for {@link decodeEvent}. */
export interface DecodeOptions {
  /**
   * Reject fields and enum names the schema does not define, as strict validation does.
   * Defaults to false: unknown fields are ignored and an unknown enum name is kept as
   * `{ unknown: "NEW_NAME" }`, each listed in the result's `unknown`.
   */
  strict?: boolean;
}

const plans: Partial<Record<PayloadKind, MessagePlan>> = {};

/** The options of {@link DecodeOptions}; its type makes the compiler keep the list whole. */
export const DECODE_OPTIONS: readonly string[] = Object.keys({ strict: true } satisfies Record<keyof DecodeOptions, true>);

/** Refuses options that are not an object, or that name an option {@link DecodeOptions} lacks. */
function checkDecodeOptions(fn: string, options: DecodeOptions): void {
  if (!isObject(options)) throw argumentError(fn, "options", "an object", options);
  const unknown = unknownOption(options, DECODE_OPTIONS);
  if (unknown !== undefined) throw new RbmEventError("INVALID_ARGUMENT", `${fn}: options: ${unknown}`);
}

/**
 * Decodes one RBM delivery (webhook or Pub/Sub push body, pull message, CloudEvent, or bare
 * base64, as a string, bytes or parsed object) into a typed payload: a user message, a user
 * event, a server event or an agent launch event. Payloads that no schema here describes come
 * back as `kind: "unknown"`, never dropped. What a typed payload held that the schema does not
 * know is listed in `unknown`. Throws {@link RbmEventError} for anything malformed.
 * The same as `decodePayload(parseEnvelope(input), options)`.
 */
export function decodeEvent(input: DeliveryInput, options?: DecodeOptions): DecodedEvent {
  if (options !== undefined) checkDecodeOptions("decodeEvent()", options);
  return decodeData(readEnvelope(input), options);
}

/**
 * Decodes the payload of a delivery that `parseEnvelope` read: its bytes as UTF-8 JSON, recognised
 * and read as a typed event with the delivery's envelope, as {@link decodeEvent} does. For a
 * caller that needs the bytes first (to check a signature over them) and decodes them once.
 * Throws {@link RbmEventError} for a malformed payload, `INVALID_ARGUMENT` for no delivery.
 */
export function decodePayload(delivery: Delivery, options?: DecodeOptions): DecodedEvent {
  const { data, envelope } = (isObject(delivery) ? delivery : {}) as Partial<Delivery>;
  if (!(data instanceof Uint8Array)) throw argumentError("decodePayload()", "delivery.data", "Uint8Array", data);
  if (!isObject(envelope)) throw argumentError("decodePayload()", "delivery.envelope", "object", envelope);
  if (options !== undefined) checkDecodeOptions("decodePayload()", options);
  return decodeData(delivery, options);
}

/**
 * {@link decodePayload} for a caller that checked the delivery's shape and the options once, such
 * as the webhook core, which should not check them again for every request.
 * @internal
 */
export function decodeData({ data, envelope }: Delivery, options: DecodeOptions | undefined): DecodedEvent {
  // Empty data is a delivery without its payload, said as such rather than as a JSON syntax error.
  if (data.length === 0) throw decodeError("INVALID_JSON", "event", [{ path: "message.data", message: "empty: expected the event's JSON" }]);
  const text = utf8Decode(data, "data");
  const json = parseJsonSyntax(text);
  if (!isObject(json)) {
    checkStrictJson(text, json);
    const reason = `expected a JSON object, received ${jsonTypeOf(json)}`;
    throw decodeError("INVALID_EVENT", "event from JSON", [{ path: "", message: reason }]);
  }
  const payload = json;
  // Own members only: an Envelope without attributes must not inherit a polluted Object.prototype's.
  const kind = recognisePayload(payload, Object.hasOwn(envelope, "attributes") ? envelope.attributes : undefined);
  if (kind === undefined) {
    checkStrictJson(text, payload);
    return { kind: "unknown", json: payload, envelope };
  }
  const typeName = payloadTypeNames[kind];
  // A flat event (strings, enums, a Timestamp) has a generated reader of the common case, which
  // reads and writes each field by name and gives up on anything else. With it decodeEvent is
  // about 5% faster on the bench pool than with the reflective reader alone. It measures the
  // object as readParsedText's reader does (see codec/read-text.ts): text exactly as long
  // (decoded from UTF-8, so well-formed) has no escape and repeats no key.
  const plain = plainReaders[typeName];
  if (plain !== undefined) {
    const measure = { length: 0 };
    const event = plain(payload, parseTimestamp, measure);
    if (event !== undefined && measure.length === text.length) return { kind, event, envelope } as DecodedEvent;
  }
  const lenient = options?.strict !== true;
  const reader = new Reader(lenient, lenient, true, true);
  const result = readParsedText((plans[kind] ??= planOf(lookupMessage(typeName))), text, payload, reader);
  if (result.issues !== undefined) throw invalidMessage(typeName, result.issues);
  // Only a payload with something unknown pays for the property, and the generated readers
  // above give up on every such payload (an unknown member fails their length, an enum number their test).
  const decoded = { kind, event: result.value, envelope } as Extract<DecodedEvent, { event: unknown }>;
  if (reader.unknown !== undefined) decoded.unknown = reader.unknown;
  return decoded;
}
