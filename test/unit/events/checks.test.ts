import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkEvent } from "../../../src/events/index.js";
import type { DecodedEvent } from "../../../src/events/index.js";
import { AgentLaunchEvent, ServerEvent, UserEvent, UserEvent_EventType, UserMessage, type FileInfo } from "../../../gen/json-codecs.js";

const envelope = { source: "webhook" } as const;
const user = (fields: Partial<Pick<UserEvent, "senderPhoneNumber" | "eventType" | "messageId">>): DecodedEvent => ({
  kind: "userEvent",
  event: { ...UserEvent.fromJSON({ senderPhoneNumber: "+14155550123", eventType: "IS_TYPING", eventId: "e", agentId: "a" }), ...fields },
  envelope,
});
const server = (phoneNumber: string): DecodedEvent => ({
  kind: "serverEvent",
  event: ServerEvent.fromJSON({ phoneNumber, agentId: "a", messageId: "m", eventType: "TTL_EXPIRATION_REVOKED", eventId: "e" }),
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
  for (const eventType of ["DELIVERED", "READ"] as const) {
    assert.equal(checkEvent(user({ eventType })), [{ path: "messageId", message: `missing value: ${eventType} events name the message` }]);
  }
});

test("does not ask other event types for a messageId", () => {
  const declared = Object.values(UserEvent_EventType).filter((name) => name !== "DELIVERED" && name !== "READ");
  const eventTypes: UserEvent["eventType"][] = [...declared, { unknown: "SOMETHING_NEW" }, { unknown: 3 }];
  for (const eventType of eventTypes) {
    assert.equal(checkEvent(user({ eventType })), [], JSON.stringify(eventType));
  }
});

test("returns no warnings for unknown payloads", () => {
  assert.equal(checkEvent({ kind: "unknown", json: { senderPhoneNumber: "nope" }, envelope }), []);
});

test.run();

const message = (fields: Partial<UserMessage>): DecodedEvent => ({
  kind: "userMessage",
  event: { ...UserMessage.fromJSON({ senderPhoneNumber: "+14155550123", messageId: "m", agentId: "a", text: "Hi" }), ...fields },
  envelope,
});
const at = (latitude: number, longitude: number) => message({ content: { $case: "location", value: { latitude, longitude } } });
const file = (fileUri: string): FileInfo => ({ mimeType: "image/png", fileSizeBytes: 1, fileName: "f.png", fileUri });
const files = (payload: FileInfo | undefined, thumbnail?: FileInfo) => message({ content: { $case: "userFile", value: { thumbnail, payload } } });

const messages = suite("checkEvent() on user messages");

messages("returns no warnings for messages that follow the reference", () => {
  assert.equal(checkEvent(message({})), []);
  assert.equal(checkEvent(message({ content: { $case: "suggestionResponse", value: { postbackData: "p", text: "t", type: "REPLY" } } })), []);
  assert.equal(checkEvent(at(37.422, -122.084056)), []);
  assert.equal(checkEvent(files(file("https://rcs.example/f"), file("https://rcs.example/t"))), []);
});

messages("warns when the sender's number is not E.164", () => {
  assert.equal(checkEvent(message({ senderPhoneNumber: "4155550123" })), [phoneWarning("senderPhoneNumber")]);
});

messages("warns about a message with no content", () => {
  assert.equal(checkEvent(message({ content: undefined })), [
    { path: "", message: "missing content: expected text, userFile, location or suggestionResponse" },
  ]);
});

messages("warns about a latitude outside ±90 and a longitude outside ±180, bounds included", () => {
  const lat = { path: "location.latitude", message: "out of range: expected degrees from -90 to 90" };
  const lng = { path: "location.longitude", message: "out of range: expected degrees from -180 to 180" };
  for (const [latitude, longitude] of [
    [90, 180],
    [-90, -180],
    [0, 0],
    [-0, -0],
  ] as const) {
    assert.equal(checkEvent(at(latitude, longitude)), [], `${latitude},${longitude}`);
  }
  assert.equal(checkEvent(at(90.000001, 0)), [lat]);
  assert.equal(checkEvent(at(-91, 180.5)), [lat, lng]);
  assert.equal(checkEvent(at(0, -180.0000001)), [lng]);
  assert.equal(checkEvent(at(Number.NaN, Infinity)), [lat, lng]);
  assert.equal(checkEvent(at(-Infinity, Number.NaN)), [lat, lng]);
});

messages("warns about a fileUri that is not an https URL, in the payload and the thumbnail", () => {
  const uri = (path: string) => ({ path: `userFile.${path}.fileUri`, message: "invalid file URI: expected an https URL" });
  for (const bad of ["", "http://rcs.example/f", "ftp://rcs.example/f", "//rcs.example/f", "rcs.example/f", "https//x", "javascript:alert(1)"]) {
    assert.equal(checkEvent(files(file(bad))), [uri("payload")], bad);
    assert.equal(checkEvent(files(file("https://ok.example/"), file(bad))), [uri("thumbnail")], bad);
  }
  assert.equal(checkEvent(files(file("HTTPS://RCS.EXAMPLE/F"))), []);
  // a file with no payload has nothing to check
  assert.equal(checkEvent(files(undefined)), []);
});

messages("returns no warnings for agent launch events", () => {
  const event = AgentLaunchEvent.fromJSON({ eventId: "e", agentId: "a", oldLaunchState: "PENDING", newLaunchState: "LAUNCHED" });
  assert.equal(checkEvent({ kind: "agentLaunchEvent", event, envelope }), []);
});

messages.run();
