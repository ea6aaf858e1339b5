// Telling RBM's untagged payloads apart by the fields present and the envelope's type attribute:
// the recogniser that \`npm run generate\` writes from the (payload) options in proto/, against the
// rules of the RBM reference.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Envelope } from "../../../src/events/index.js";
import { recognisePayload, type PayloadKind } from "../../../gen/payloads.js";

const webhook: Envelope = { source: "webhook" };
const tagged: Envelope = { source: "push", attributes: { type: "agent_launch_event", product: "RBM" } };

type Kind = PayloadKind | "unknown";

function kindOf(payload: Record<string, unknown>, envelope: Envelope): Kind {
  return recognisePayload(payload, envelope.attributes) ?? "unknown";
}

function is(kind: Kind, payload: Record<string, unknown>, envelope: Envelope = webhook): void {
  assert.is(kindOf(payload, envelope), kind, JSON.stringify(payload));
}

const test = suite("recognisePayload()");

test("recognises a user message by a content field and no eventType", () => {
  is("userMessage", { senderPhoneNumber: "+14155550123", messageId: "m", text: "Hi" });
  is("userMessage", { user_file: { payload: {} } });
  is("userMessage", { userFile: {} });
  is("userMessage", { location: { latitude: 1, longitude: 2 } });
  is("userMessage", { suggestionResponse: { postbackData: "p" } });
  is("userMessage", { suggestion_response: {} });
  // the guide's sloppy example: eventId instead of messageId, no sendTime
  is("userMessage", { senderPhoneNumber: "+14155550123", eventId: "e", text: "Hello" });
  // a content field set to null still names the payload; decoding leaves the content unset
  is("userMessage", { senderPhoneNumber: "+1", text: null });
  // two members: recognised, and rejected when decoded
  is("userMessage", { text: "a", location: {} });
});

test("recognises user and server events by eventType and who they name", () => {
  is("userEvent", { senderPhoneNumber: "+1", eventType: "READ" });
  is("userEvent", { sender_phone_number: "+1", event_type: "READ" });
  is("serverEvent", { phoneNumber: "+1", eventType: "TTL_EXPIRATION_REVOKED" });
  is("serverEvent", { phone_number: "+1", event_type: null });
  // an eventType wins over content fields: an event is never a user message
  is("userEvent", { senderPhoneNumber: "+1", eventType: "READ", text: "Hi" });
  is("unknown", { eventType: "READ", text: "Hi" });
});

test("recognises an agent launch event by the envelope's type attribute or a launch state", () => {
  is("agentLaunchEvent", { eventId: "e", agentId: "a" }, tagged);
  is("agentLaunchEvent", {}, tagged);
  is("agentLaunchEvent", { newLaunchState: "LAUNCHED" });
  is("agentLaunchEvent", { old_launch_state: "PENDING" });
  is("agentLaunchEvent", { new_launch_state: null });
  // the unsigned attribute never changes the kind the signed fields give
  is("userEvent", { senderPhoneNumber: "+1", eventType: "READ" }, tagged);
  is("userMessage", { senderPhoneNumber: "+1", messageId: "m", text: "Hi" }, tagged);
  is("serverEvent", { phoneNumber: "+1", eventType: "TTL_EXPIRATION_REVOKED" }, tagged);
  is("userEvent", { senderPhoneNumber: "+1", eventType: "READ" }, { source: "push", attributes: { type: "user_event" } });
});

test("recognises a user message whose content this version does not know by who sent which message", () => {
  // RBM adds a kind of content: an old build still sees a user message, its content unset
  is("userMessage", { senderPhoneNumber: "+1", messageId: "m" });
  is("userMessage", { sender_phone_number: "+1", message_id: "m", richCard: { title: "t" } });
  // not with an event type: a user event names the sender and a message too
  is("userEvent", { senderPhoneNumber: "+1", messageId: "m", eventType: "NEW_EVENT" });
  is("unknown", { senderPhoneNumber: "+1" });
  is("unknown", { messageId: "m" });
});

test("calls anything else unknown", () => {
  is("unknown", {});
  is("unknown", { senderPhoneNumber: "+1", eventId: "e" });
  is("unknown", { eventType: "AGENT_LAUNCHED" });
  is("unknown", { Text: "Hi", LOCATION: {}, userfile: {}, launchState: "LAUNCHED" });
  // CapabilityCallbackResponse, deprecated: recognised by nothing, delivered as JSON
  is("unknown", { requestId: "r", phoneNumber: "+1", rbmEnabled: true, features: [], status: "OK" });
});

test("looks at own keys only, never the prototype chain", () => {
  const inherited = Object.create({ text: "Hi", eventType: "READ", newLaunchState: "LAUNCHED" }) as Record<string, unknown>;
  is("unknown", inherited);
  is("unknown", JSON.parse('{"__proto__":{"text":"Hi"}}') as Record<string, unknown>);
  is("unknown", { senderPhoneNumber: "+1" }, { source: "push", attributes: JSON.parse('{"__proto__":{"type":"agent_launch_event"}}') });
});

test("gives every payload exactly one kind, the first rule that matches (property)", () => {
  const keys = [
    "text",
    "userFile",
    "user_file",
    "location",
    "suggestionResponse",
    "eventType",
    "event_type",
    "senderPhoneNumber",
    "sender_phone_number",
    "phoneNumber",
    "newLaunchState",
    "old_launch_state",
    "messageId",
    "message_id",
    "x",
  ];
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 1 })), fc.boolean(), (payload, attr) => {
      const has = (...names: string[]) => names.some((n) => Object.hasOwn(payload, n));
      const byFields: Kind = has("newLaunchState", "old_launch_state")
        ? "agentLaunchEvent"
        : has("eventType", "event_type")
          ? has("senderPhoneNumber", "sender_phone_number")
            ? "userEvent"
            : has("phoneNumber")
              ? "serverEvent"
              : "unknown"
          : has("text", "userFile", "user_file", "location", "suggestionResponse")
            ? "userMessage"
            : has("senderPhoneNumber", "sender_phone_number") && has("messageId", "message_id")
              ? "userMessage"
              : "unknown";
      // the attribute names only what the fields leave unknown
      const expected: Kind = byFields === "unknown" && attr ? "agentLaunchEvent" : byFields;
      assert.is(kindOf(payload, attr ? tagged : webhook), expected);
    }),
    { numRuns: 2000 },
  );
});

test.run();
