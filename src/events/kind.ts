// Which payload RBM delivered: the decoded JSON carries no type tag, so the fields present (and,
// for agent launch events, an envelope attribute) tell the payloads apart.

import type { Envelope } from "./envelope.js";

/** The kinds of payload {@link payloadKind} tells apart. */
export type PayloadKind = "userMessage" | "userEvent" | "serverEvent" | "agentLaunchEvent" | "unknown";

function has(object: Record<string, unknown>, camel: string, snake: string): boolean {
  return Object.hasOwn(object, camel) || Object.hasOwn(object, snake);
}

/**
 * Tells RBM's payloads apart by the rules of its reference, in this order:
 * - an agent launch event has the envelope attribute `type` = `agent_launch_event`, or a launch state;
 * - a UserEvent has an event type and names the sender;
 * - a ServerEvent has an event type and names the recipient;
 * - a user message has no event type and one of the `content` fields (text, file, location, suggestion);
 * - anything else is unknown.
 * Fields count under their JSON name or their proto name, whatever their value.
 */
export function payloadKind(payload: Record<string, unknown>, envelope: Envelope): PayloadKind {
  if (envelope.attributes?.["type"] === "agent_launch_event") return "agentLaunchEvent";
  if (has(payload, "newLaunchState", "new_launch_state") || has(payload, "oldLaunchState", "old_launch_state")) {
    return "agentLaunchEvent";
  }
  if (has(payload, "eventType", "event_type")) {
    if (has(payload, "senderPhoneNumber", "sender_phone_number")) return "userEvent";
    if (has(payload, "phoneNumber", "phone_number")) return "serverEvent";
    return "unknown";
  }
  if (
    Object.hasOwn(payload, "text") ||
    has(payload, "userFile", "user_file") ||
    Object.hasOwn(payload, "location") ||
    has(payload, "suggestionResponse", "suggestion_response")
  ) {
    return "userMessage";
  }
  return "unknown";
}
