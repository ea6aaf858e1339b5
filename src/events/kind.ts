// Which payload RBM delivered: the decoded JSON carries no type tag, so the fields present (and,
// for agent launch events, an envelope attribute) tell the payloads apart.

import type { Envelope } from "./envelope.js";

/** The kinds of payload {@link payloadKind} tells apart. */
export type PayloadKind = "userMessage" | "userEvent" | "serverEvent" | "agentLaunchEvent" | "unknown";

/**
 * Whether `object` has the own property `key`, whose value was read as `value`. Parsed JSON holds
 * no undefined value, so the read (which the engine answers from its cache for the object's shape)
 * rules most fields out; only a value found is checked to be the object's own.
 */
function own(object: Record<string, unknown>, value: unknown, key: string): boolean {
  return value !== undefined && Object.hasOwn(object, key);
}

/**
 * Tells RBM's payloads apart by the rules of its reference, in this order:
 * - an agent launch event has the envelope attribute `type` = `agent_launch_event`, or a launch state;
 * - a UserEvent has an event type and names the sender;
 * - a ServerEvent has an event type and names the recipient;
 * - a user message has no event type and one of the `content` fields (text, file, location, suggestion);
 * - anything else is unknown.
 * Fields count under their JSON name or their proto name, whatever their value; `payload` is parsed
 * JSON, so no value is undefined.
 */
export function payloadKind(payload: Record<string, unknown>, envelope: Envelope): PayloadKind {
  const p = payload;
  if (envelope.attributes?.["type"] === "agent_launch_event") return "agentLaunchEvent";
  if (
    own(p, p.newLaunchState, "newLaunchState") || own(p, p.new_launch_state, "new_launch_state") ||
    own(p, p.oldLaunchState, "oldLaunchState") || own(p, p.old_launch_state, "old_launch_state")
  ) {
    return "agentLaunchEvent";
  }
  if (own(p, p.eventType, "eventType") || own(p, p.event_type, "event_type")) {
    if (own(p, p.senderPhoneNumber, "senderPhoneNumber") || own(p, p.sender_phone_number, "sender_phone_number")) {
      return "userEvent";
    }
    if (own(p, p.phoneNumber, "phoneNumber") || own(p, p.phone_number, "phone_number")) return "serverEvent";
    return "unknown";
  }
  if (
    own(p, p.text, "text") || own(p, p.userFile, "userFile") || own(p, p.user_file, "user_file") ||
    own(p, p.location, "location") ||
    own(p, p.suggestionResponse, "suggestionResponse") || own(p, p.suggestion_response, "suggestion_response")
  ) {
    return "userMessage";
  }
  return "unknown";
}
