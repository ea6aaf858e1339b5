// decodeEvent(): whatever RBM delivers in, a typed, validated, exact payload out.

import type { AgentLaunchEvent, ServerEvent, UserEvent, UserMessage } from "../codec/messages.js";
import { readEnvelope, type Envelope } from "./envelope.js";
import { payloadKind } from "./kind.js";
import { decodeError, isObject, jsonTypeOf, type Issue, type RbmEventError } from "../errors.js";
import { checkStrictJson, parseJsonSyntax } from "../encoding/strict-json.js";
import { Reader, readObject } from "../codec/json-read.js";
import type { UnknownPart } from "../codec/json-reader.js";
import { planOf, type MessagePlan } from "../schema/plan.js";
import { lookupMessage } from "../schema/registry.js";
import { utf8Decode } from "../encoding/utf8.js";
import { parseTimestamp } from "../schema/timestamp.js";
import { plainReaders } from "../../gen/plain-readers.js";

export type { UnknownPart } from "../codec/json-reader.js";

/**
 * What {@link decodeEvent} returns: the payload, discriminated by `kind`, with its delivery
 * metadata. A typed payload has `unknown` only when it held fields or enum values this version of
 * the schema does not know: the sign that RBM sends more than this build was generated from.
 */
export type DecodedEvent =
  | { kind: "userMessage"; event: UserMessage; envelope: Envelope; unknown?: readonly UnknownPart[] }
  | { kind: "userEvent"; event: UserEvent; envelope: Envelope; unknown?: readonly UnknownPart[] }
  | { kind: "serverEvent"; event: ServerEvent; envelope: Envelope; unknown?: readonly UnknownPart[] }
  | { kind: "agentLaunchEvent"; event: AgentLaunchEvent; envelope: Envelope; unknown?: readonly UnknownPart[] }
  | { kind: "unknown"; json: Record<string, unknown>; envelope: Envelope };

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

/** Fully-qualified message names of the payloads {@link decodeEvent} recognises, by kind. */
export const eventTypeNames = {
  userMessage: "rbm.events.v1.UserMessage",
  userEvent: "rbm.events.v1.UserEvent",
  serverEvent: "rbm.events.v1.ServerEvent",
  agentLaunchEvent: "rbm.events.v1.AgentLaunchEvent",
} as const;

type TypedKind = keyof typeof eventTypeNames;

const plans: Partial<Record<TypedKind, MessagePlan>> = {};

/**
 * Decodes one RBM delivery (webhook or Pub/Sub push body, pull message, CloudEvent, or bare
 * base64, as a string, bytes or parsed object) into a typed payload: a user message, a user
 * event, a server event or an agent launch event. Payloads that no schema here describes come
 * back as `kind: "unknown"`, never dropped. What a typed payload held that the schema does not
 * know is listed in `unknown`. Throws {@link RbmEventError} for anything malformed.
 */
export function decodeEvent(input: unknown, options?: DecodeOptions): DecodedEvent {
  const { data, envelope } = readEnvelope(input);
  const text = utf8Decode(data, "data");
  const json = parseJsonSyntax(text);
  if (!isObject(json)) {
    checkStrictJson(text, json);
    const reason = `expected a JSON object, received ${jsonTypeOf(json)}`;
    throw decodeError("INVALID_EVENT", "event from JSON", [{ path: "", message: reason }]);
  }
  const payload = json;
  const kind = payloadKind(payload, envelope);
  if (kind === "unknown") {
    checkStrictJson(text, payload);
    return { kind, json: payload, envelope };
  }
  // Both readers below measure the object written compactly, each string as parsed. The text
  // (decoded from UTF-8, so well-formed) is never shorter: an escape is longer than the character it
  // stands for, and whitespace, another member or a repeated key's pair only add to it. Text exactly
  // as long therefore has no escape (so no escaped lone surrogate) and repeats no key.
  const typeName = eventTypeNames[kind];
  // A flat event (strings, enums, a Timestamp) has a generated reader of the common case, which
  // reads and writes each field by name and gives up on anything else. With it decodeEvent is
  // about 5% faster on the bench pool than with the reflective reader alone.
  const plain = plainReaders[typeName];
  if (plain !== undefined) {
    const measure = { length: 0 };
    const event = plain(payload, parseTimestamp, measure);
    if (event !== undefined && measure.length === text.length) return { kind, event, envelope } as DecodedEvent;
  }
  // Other text, and text with issues, is scanned in full before the issues are reported, so that a
  // repeated key is reported as such. Scanning every payload makes decodeEvent about 10% slower.
  const lenient = options?.strict !== true;
  const reader = new Reader(lenient, lenient, true, true);
  const event = readObject((plans[kind] ??= planOf(lookupMessage(typeName))), payload, reader);
  if (reader.issues !== undefined || reader.length !== text.length) checkStrictJson(text, payload);
  if (reader.issues !== undefined) throw invalidEvent(typeName, reader.issues);
  // Only a payload with something unknown pays for the property, and the generated readers
  // above give up on every such payload (an unknown member fails their length, an enum number their test).
  const decoded = { kind, event, envelope } as Extract<DecodedEvent, { event: unknown }>;
  if (reader.unknown !== undefined) decoded.unknown = reader.unknown;
  return decoded;
}

function invalidEvent(typeName: string, issues: readonly [Issue, ...Issue[]]): RbmEventError {
  return decodeError("INVALID_EVENT", `${typeName} from JSON`, issues);
}
