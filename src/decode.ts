// decodeEvent(): whatever RBM delivers in, a typed, validated, exact event out.

import type { ServerEvent, ServerEvent_EventType } from "../gen/rbm/events/v1/server_event.js";
import type { UserEvent, UserEvent_EventType } from "../gen/rbm/events/v1/user_event.js";
import { parseEnvelope, type Envelope } from "./envelope.js";
import { RbmEventError, jsonTypeOf } from "./errors.js";
import { parseJson } from "./json.js";
import { utf8Decode } from "./utf8.js";
import { validateValue, type ValidateOptions } from "./validate.js";

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

const lenient: ValidateOptions = { ignoreUnknownFields: true, keepUnknownEnumNames: true };
const strict: ValidateOptions = {};

/**
 * Decodes one RBM delivery (webhook or Pub/Sub push body, pull message, CloudEvent, or bare
 * base64, as a string, bytes or parsed object) into a typed event. Payloads that no schema here
 * describes, such as user messages, come back as `kind: "unknown"`. Throws {@link RbmEventError}
 * for anything malformed.
 */
export function decodeEvent(input: unknown, options?: DecodeOptions): DecodedEvent {
  const { data, envelope } = parseEnvelope(input);
  const json = parseJson(utf8Decode(data, "data"), "");
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    const reason = `expected a JSON object, received ${jsonTypeOf(json)}`;
    throw new RbmEventError("INVALID_EVENT", `cannot decode event from JSON: ${reason}`, {
      issues: [{ path: "", message: reason }],
    });
  }
  const payload = json as Record<string, unknown>;
  const kind = kindOf(payload);
  if (kind === "unknown") return { kind, json: payload, envelope };

  const typeName = eventTypeNames[kind];
  const result = validateValue(typeName, payload, options?.strict ? strict : lenient);
  if (result.issues) {
    const [first] = result.issues;
    const where = first && first.path !== "" ? `${first.path}: ` : "";
    throw new RbmEventError("INVALID_EVENT", `cannot decode ${typeName} from JSON: ${where}${first?.message}`, {
      issues: result.issues,
    });
  }
  return { kind, event: result.value, envelope } as DecodedEvent;
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
