// The idempotency keys the webhook deduplicates by: generated from each payload's declared key
// field and prefix, so that payloads of different kinds with the same ID never share a key.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { payloadKey, unknownPayloadKey } from "../../../gen/payloads.js";
import { decodeEvent, type DecodedEvent } from "../../../src/events/index.js";

const test = suite("idempotency keys");

const push = (payload: unknown) => ({ message: { data: btoa(JSON.stringify(payload)) } });

/** The key the webhook claims for a delivery of `payload`. */
function keyOf(payload: unknown): string | undefined {
  const decoded: DecodedEvent = decodeEvent(push(payload));
  return decoded.kind === "unknown" ? unknownPayloadKey(decoded.json) : payloadKey(decoded);
}

test("keeps the kinds apart: the same ID in a user event, a server event and an unknown payload", () => {
  const keys = [
    keyOf({ senderPhoneNumber: "+1", eventType: "READ", eventId: "X" }),
    keyOf({ phoneNumber: "+1", eventType: "TTL_EXPIRATION_REVOKED", eventId: "X" }),
    keyOf({ newLaunchState: "LAUNCHED", eventId: "X" }),
    keyOf({ senderPhoneNumber: "+1", messageId: "X", text: "Hi" }),
    keyOf({ eventId: "X", somethingNew: true }),
    keyOf({ messageId: "X", somethingNew: true }),
  ];
  assert.ok(
    keys.every((key) => key?.endsWith("X")),
    keys.join(),
  );
  assert.is(new Set(keys).size, keys.length, keys.join());
});

/** Payloads of four kinds with the ID `id` in their key field: a user message's messageId, an event's eventId. */
const samples: Record<string, (id: string) => Record<string, unknown>> = {
  userMessage: (id) => ({ senderPhoneNumber: "+1", messageId: id, text: "Hi" }),
  userEvent: (id) => ({ senderPhoneNumber: "+1", eventType: "READ", eventId: id }),
  serverEvent: (id) => ({ phoneNumber: "+1", eventType: "TTL_EXPIRATION_REVOKED", eventId: id }),
  agentLaunchEvent: (id) => ({ newLaunchState: "LAUNCHED", eventId: id }),
  unknown: (id) => ({ eventId: id, somethingNew: true }),
};

test("never lets an ID pass for another kind's key, whatever it holds (property)", () => {
  // an ID may spell another kind's prefix and ID, such as "message:m1"
  const kinds = Object.keys(samples);
  fc.assert(
    fc.property(fc.constantFrom(...kinds), fc.constantFrom(...kinds), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b, idA, idB) => {
      fc.pre(a !== b);
      const keyA = keyOf(samples[a]?.(idA));
      assert.ok(keyA?.endsWith(idA), keyA);
      assert.is.not(keyA, keyOf(samples[b]?.(idB)));
    }),
  );
});

test("has no key for a payload without one, or with an empty ID", () => {
  assert.is(keyOf({ senderPhoneNumber: "+1", eventType: "READ" }), undefined);
  assert.is(keyOf({ senderPhoneNumber: "+1", eventType: "READ", eventId: "" }), undefined);
  assert.is(keyOf({ somethingNew: true, eventId: "" }), undefined);
  assert.is(unknownPayloadKey(Object.create({ eventId: "inherited" }) as Record<string, unknown>), undefined);
});

test.run();
