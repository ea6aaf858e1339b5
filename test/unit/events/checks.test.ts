import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkEvent } from "../../../src/events/checks.js";
import type { DecodedEvent } from "../../../src/events/decode.js";

const envelope = { source: "webhook" } as const;
const user = (fields: Partial<{ senderPhoneNumber: string; eventType: string; messageId: string }>): DecodedEvent => ({
  kind: "userEvent",
  event: { senderPhoneNumber: "+14155550123", eventType: "IS_TYPING", eventId: "e", messageId: "", sendTime: undefined, agentId: "a", ...fields },
  envelope,
});
const server = (phoneNumber: string): DecodedEvent => ({
  kind: "serverEvent",
  event: { phoneNumber, agentId: "a", messageId: "m", eventType: "TTL_EXPIRATION_REVOKED", eventId: "e", sendTime: undefined },
  envelope,
});

const phoneWarning = (path: string) => ({ path, message: "invalid phone number: expected E.164, such as +14155550123" });

const test = suite("checkEvent()");

test("returns no warnings for an event that follows the reference", () => {
  assert.equal(checkEvent(user({ eventType: "READ", messageId: "m1" })), []);
  assert.equal(checkEvent(server("+447700900123")), []);
});

test("warns when a phone number is not E.164", () => {
  for (const phone of ["", "14155550123", "+0123456", "+1", "+1415555012345678", "+1 415 555 0123", "+1415555012a"]) {
    assert.equal(checkEvent(user({ senderPhoneNumber: phone })), [phoneWarning("senderPhoneNumber")], phone);
    assert.equal(checkEvent(server(phone)), [phoneWarning("phoneNumber")], phone);
  }
});

test("accepts E.164 numbers from 2 to 15 digits", () => {
  for (const phone of ["+12", "+14155550123", "+123456789012345"]) assert.equal(checkEvent(server(phone)), [], phone);
});

test("warns when DELIVERED or READ has no messageId", () => {
  for (const eventType of ["DELIVERED", "READ"]) {
    assert.equal(checkEvent(user({ eventType })), [
      { path: "messageId", message: `missing value: ${eventType} events name the message` },
    ]);
  }
});

test("does not ask other event types for a messageId", () => {
  for (const eventType of ["IS_TYPING", "SUBSCRIBE", "UNSUBSCRIBE", "EVENT_TYPE_UNSPECIFIED", "SOMETHING_NEW"]) {
    assert.equal(checkEvent(user({ eventType })), [], eventType);
  }
});

test("returns no warnings for unknown payloads", () => {
  assert.equal(checkEvent({ kind: "unknown", json: { senderPhoneNumber: "nope" }, envelope }), []);
});

test.run();
