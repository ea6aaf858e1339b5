// Semantic checks the RBM reference states but the schema cannot: opt-in warnings, not errors.

import type { Message } from "../schema/index.js";

type FileInfo = Message<"rbm.events.v1.FileInfo">;
type UserMessage = Message<"rbm.events.v1.UserMessage">;
import type { Issue } from "../errors.js";
import type { DecodedEvent } from "./decode.js";

// E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all.
const e164 = /^\+[1-9][0-9]{1,14}$/;

/**
 * Checks a decoded payload against rules the RBM reference states in prose: phone numbers are
 * E.164, DELIVERED and READ name a `messageId`, a user message has content, a location's
 * latitude is within ±90 and its longitude within ±180, and a file's `fileUri` is an https URL.
 * Returns the warnings; none for agent launch events and unknown kinds.
 */
export function checkEvent(decoded: DecodedEvent): Issue[] {
  const warnings: Issue[] = [];
  switch (decoded.kind) {
    case "userMessage":
      checkPhone(warnings, "senderPhoneNumber", decoded.event.senderPhoneNumber);
      checkContent(warnings, decoded.event);
      break;
    case "userEvent": {
      const { event } = decoded;
      checkPhone(warnings, "senderPhoneNumber", event.senderPhoneNumber);
      // The event types the reference says carry the `messageId` of the agent's message.
      const { eventType } = event;
      if ((eventType === "DELIVERED" || eventType === "READ") && event.messageId === "") {
        warnings.push({ path: "messageId", message: `missing value: ${eventType} events name the message` });
      }
      break;
    }
    case "serverEvent":
      checkPhone(warnings, "phoneNumber", decoded.event.phoneNumber);
      break;
    case "agentLaunchEvent":
    case "unknown":
      break;
  }
  return warnings;
}

function checkPhone(warnings: Issue[], path: string, value: string): void {
  if (!e164.test(value)) {
    warnings.push({ path, message: "invalid phone number: expected E.164, such as +14155550123" });
  }
}

function checkContent(warnings: Issue[], message: UserMessage): void {
  const { content } = message;
  switch (content?.$case) {
    case undefined:
      warnings.push({ path: "", message: "missing content: expected text, userFile, location or suggestionResponse" });
      break;
    case "location":
      checkRange(warnings, "location.latitude", content.value.latitude, 90);
      checkRange(warnings, "location.longitude", content.value.longitude, 180);
      break;
    case "userFile":
      checkFile(warnings, "userFile.thumbnail", content.value.thumbnail);
      checkFile(warnings, "userFile.payload", content.value.payload);
      break;
    case "text":
    case "suggestionResponse":
      break;
  }
}

function checkRange(warnings: Issue[], path: string, degrees: number, limit: number): void {
  // Written so that NaN fails too.
  if (!(degrees >= -limit && degrees <= limit)) {
    warnings.push({ path, message: `out of range: expected degrees from -${limit} to ${limit}` });
  }
}

function checkFile(warnings: Issue[], path: string, file: FileInfo | undefined): void {
  if (file === undefined) return;
  let https = false;
  try {
    https = new URL(file.fileUri).protocol === "https:";
  } catch {
    // not a URL at all: warned about below
  }
  if (!https) warnings.push({ path: `${path}.fileUri`, message: "invalid file URI: expected an https URL" });
}
