// decodeEvent(): whatever RBM delivers in, a typed, validated, exact event out.

import type { ServerEvent, ServerEvent_EventType } from "../../gen/rbm/events/v1/server_event.js";
import type { UserEvent, UserEvent_EventType } from "../../gen/rbm/events/v1/user_event.js";
import { readEnvelope, type Envelope } from "./envelope.js";
import { RbmEventError, jsonTypeOf, type Issue } from "../errors.js";
import { checkStrictJson, parseJsonSyntax } from "../encoding/strict-json.js";
import { Reader, readObject } from "../codec/json-read.js";
import { planOf, type MessagePlan } from "../schema/plan.js";
import { lookupMessage } from "../schema/registry.js";
import { utf8Decode } from "../encoding/utf8.js";

/** An enum of the schema, or a name a newer schema added and this version does not know yet. */
export type OpenEnum<T extends string> = Exclude<T, "UNRECOGNIZED"> | (string & {});

/** A decoded UserEvent; `eventType` may be a name this version does not know. */
export type RbmUserEvent = Omit<UserEvent, "eventType"> & { eventType: OpenEnum<UserEvent_EventType> };

/** A decoded ServerEvent; `eventType` may be a name this version does not know. */
export type RbmServerEvent = Omit<ServerEvent, "eventType"> & { eventType: OpenEnum<ServerEvent_EventType> };

/** What {@link decodeEvent} returns: the event, discriminated by `kind`, with its delivery metadata. */
export type DecodedEvent =
  | { kind: "userEvent"; event: RbmUserEvent; envelope: Envelope }
  | { kind: "serverEvent"; event: RbmServerEvent; envelope: Envelope }
  | { kind: "unknown"; json: Record<string, unknown>; envelope: Envelope };

/** The kinds of payload {@link decodeEvent} tells apart. */
export type EventKind = DecodedEvent["kind"];

/** Options for {@link decodeEvent}. */
export interface DecodeOptions {
  /**
   * Reject fields and enum names the schema does not define, as strict validation does.
   * Defaults to false: unknown fields are ignored and an unknown event type keeps its name.
   */
  strict?: boolean;
}

/** Fully-qualified message names of the events {@link decodeEvent} recognises. */
export const eventTypeNames = {
  userEvent: "rbm.events.v1.UserEvent",
  serverEvent: "rbm.events.v1.ServerEvent",
} as const;

let plans: Record<"userEvent" | "serverEvent", MessagePlan> | undefined;

/**
 * Decodes one RBM delivery (webhook or Pub/Sub push body, pull message, CloudEvent, or bare
 * base64, as a string, bytes or parsed object) into a typed event. Payloads that no schema here
 * describes, such as user messages, come back as `kind: "unknown"`. Throws {@link RbmEventError}
 * for anything malformed.
 */
export function decodeEvent(input: unknown, options?: DecodeOptions): DecodedEvent {
  const { data, envelope } = readEnvelope(input);
  const text = utf8Decode(data, "data");
  const json = parseJsonSyntax(text);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    checkStrictJson(text, json);
    const reason = `expected a JSON object, received ${jsonTypeOf(json)}`;
    throw new RbmEventError("INVALID_EVENT", `cannot decode event from JSON: ${reason}`, {
      issues: [{ path: "", message: reason }],
    });
  }
  const payload = json as Record<string, unknown>;
  const kind = kindOf(payload);
  if (kind === "unknown") {
    checkStrictJson(text, payload);
    return { kind, json: payload, envelope };
  }
  // Text without a backslash has no escapes: its strings are the parsed ones, which hold no lone
  // surrogate (they were decoded from UTF-8). Such text repeats no key if the object, written
  // compactly, is as long as it: a repeated key adds its pair to the text but not to the object.
  // Reading measures that length; text that has escapes or fails the measure is checked in full.
  const plain = text.indexOf("\\") === -1;
  if (!plain) checkStrictJson(text, payload);
  const lenient = options?.strict !== true;
  const reader = new Reader(lenient, lenient, true, plain);
  plans ??= { userEvent: planFor("userEvent"), serverEvent: planFor("serverEvent") };
  const event = readObject(plans[kind], payload, reader);
  if (plain && (reader.issues !== undefined || reader.length !== text.length)) checkStrictJson(text, payload);
  if (reader.issues !== undefined) throw invalidEvent(eventTypeNames[kind], reader.issues);
  return { kind, event, envelope } as DecodedEvent;
}

function planFor(kind: "userEvent" | "serverEvent"): MessagePlan {
  return planOf(lookupMessage(eventTypeNames[kind]));
}

function invalidEvent(typeName: string, issues: Issue[]): RbmEventError {
  const [first] = issues;
  const where = first && first.path !== "" ? `${first.path}: ` : "";
  return new RbmEventError("INVALID_EVENT", `cannot decode ${typeName} from JSON: ${where}${first?.message}`, { issues });
}

function has(object: Record<string, unknown>, camel: string, snake: string): boolean {
  return Object.hasOwn(object, camel) || Object.hasOwn(object, snake);
}

/**
 * Tells events apart by the fields only they carry: both have an event type; a UserEvent names
 * the sender, a ServerEvent the recipient. User messages (text, files, …) have no event type.
 */
function kindOf(payload: Record<string, unknown>): EventKind {
  if (!has(payload, "eventType", "event_type")) return "unknown";
  if (has(payload, "senderPhoneNumber", "sender_phone_number")) return "userEvent";
  if (has(payload, "phoneNumber", "phone_number")) return "serverEvent";
  return "unknown";
}
