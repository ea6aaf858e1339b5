// Semantic checks the RBM reference states but the schema cannot: opt-in warnings, not errors.

import type { Issue } from "../errors.js";
import type { DecodedEvent } from "./decode.js";

// E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all.
const e164 = /^\+[1-9][0-9]{1,14}$/;

/** Event types the reference says carry the `messageId` of the agent's message. */
const needsMessageId = new Set(["DELIVERED", "READ"]);

/**
 * Checks a decoded event against rules the RBM reference states in prose: phone numbers are
 * E.164, and DELIVERED and READ name a `messageId`. Returns the warnings; none for unknown kinds.
 */
export function checkEvent(decoded: DecodedEvent): Issue[] {
  const warnings: Issue[] = [];
  if (decoded.kind === "userEvent") {
    const { event } = decoded;
    checkPhone(warnings, "senderPhoneNumber", event.senderPhoneNumber);
    if (needsMessageId.has(event.eventType) && event.messageId === "") {
      warnings.push({ path: "messageId", message: `missing value: ${event.eventType} events name the message` });
    }
  } else if (decoded.kind === "serverEvent") {
    checkPhone(warnings, "phoneNumber", decoded.event.phoneNumber);
  }
  return warnings;
}

function checkPhone(warnings: Issue[], path: string, value: string): void {
  if (!e164.test(value)) {
    warnings.push({ path, message: "invalid phone number: expected E.164, such as +14155550123" });
  }
}
