// decodePayload(): the second of decodeEvent's two steps, on a delivery parseEnvelope read.
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, decodePayload, parseEnvelope, type Delivery } from "../../../src/events/index.js";
import { isRbmEventError } from "../../../src/errors.js";

const fixtures = new URL("../../fixtures/", import.meta.url);
const bodies = readdirSync(fixtures)
  .filter((name) => name.startsWith("body-"))
  .map((name) => readFileSync(new URL(name, fixtures), "utf8"));

const b64 = (text: string) => Buffer.from(text).toString("base64");

const delivered = {
  senderPhoneNumber: "+14155550123",
  eventType: "DELIVERED",
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  messageId: "msg-4f9c1c6e",
  sendTime: "2014-10-02T15:01:23.045123456Z",
  agentId: "coffee-bot@rbm.goog",
};

/** What a call returned, or the code and issues of the RbmEventError it threw. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return { code: error.code, message: error.message, issues: error.issues };
  }
}

const payload = suite("decodePayload()");

payload("decodes each fixture's delivery as decodeEvent decodes the body", () => {
  assert.ok(bodies.length >= 5);
  for (const body of bodies) {
    const delivery = parseEnvelope(body);
    assert.equal(decodePayload(delivery), decodeEvent(body), body);
    assert.equal(decodePayload(delivery, { strict: true }), decodeEvent(body, { strict: true }), body);
  }
});

payload("keeps the delivery's envelope, and reads attributes from it", () => {
  const data = new TextEncoder().encode(JSON.stringify({ eventId: "e1", agentId: "a" }));
  const launch = decodePayload({ data, envelope: { source: "pull", messageId: "7", attributes: { type: "agent_launch_event" } } });
  assert.is(launch.kind, "agentLaunchEvent");
  assert.equal(launch.envelope, { source: "pull", messageId: "7", attributes: { type: "agent_launch_event" } });
  assert.is(decodePayload({ data, envelope: { source: "pull" } }).kind, "unknown");
});

payload("reports a malformed payload with the path and message decodeEvent gives", () => {
  const bad = (data: Uint8Array) => outcome(() => decodePayload({ data, envelope: { source: "base64" } }));
  assert.equal(bad(new Uint8Array([0xff])), {
    code: "INVALID_UTF8",
    message: "cannot decode data: invalid UTF-8",
    issues: [{ path: "data", message: "invalid UTF-8" }],
  });
  assert.equal(
    bad(Buffer.from("[1]")),
    outcome(() => decodeEvent(b64("[1]"))),
  );
  assert.equal(
    bad(Buffer.from('{"a":1,"a":2}')),
    outcome(() => decodeEvent(b64('{"a":1,"a":2}'))),
  );
  const late = { ...delivered, sendTime: "yesterday" };
  assert.equal(
    bad(Buffer.from(JSON.stringify(late))),
    outcome(() => decodeEvent(b64(JSON.stringify(late)))),
  );
});

payload("throws INVALID_ARGUMENT for no delivery, naming what is missing", () => {
  const invalid = (delivery: unknown) => {
    const { code, message } = outcome(() => decodePayload(delivery as Delivery)) as { code: string; message: string };
    return { code, message };
  };
  assert.equal(invalid(undefined), { code: "INVALID_ARGUMENT", message: "decodePayload(): delivery.data: expected Uint8Array, received undefined" });
  assert.equal(invalid({ data: "eyJ9" }), { code: "INVALID_ARGUMENT", message: "decodePayload(): delivery.data: expected Uint8Array, received string" });
  assert.equal(invalid({ data: new Uint8Array() }), {
    code: "INVALID_ARGUMENT",
    message: "decodePayload(): delivery.envelope: expected object, received undefined",
  });
  assert.equal(invalid({ data: new Uint8Array(), envelope: null }), {
    code: "INVALID_ARGUMENT",
    message: "decodePayload(): delivery.envelope: expected object, received null",
  });
});

payload("decodeEvent(input) is decodePayload(parseEnvelope(input)) for any body, as text, bytes or object (property)", () => {
  // Event-like payloads, written by hand so that keys may repeat and strings hold escapes and lone surrogates.
  const names = ["senderPhoneNumber", "phoneNumber", "eventType", "eventId", "messageId", "sendTime", "agentId", "x", "text", "newLaunchState"];
  const text = fc.string({ unit: fc.constantFrom(...Array.from('aZ0+-:."\\é😀\u0000\n'), "\ud800"), maxLength: 6 });
  const values = fc.oneof(
    text,
    fc.constantFrom("READ", "DELIVERED", "NEW_TYPE", "2014-10-02T15:01:23Z", "bad", "LAUNCHED"),
    fc.constantFrom(1, null, true, {}, [], { a: "b" }),
  );
  const event = fc
    .array(fc.tuple(fc.constantFrom(...names), values), { maxLength: 8 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`);
  const payloadText = fc.oneof({ weight: 4, arbitrary: event }, fc.constantFrom(JSON.stringify(delivered), "[]", "1", ""));
  // Each fixture's envelope around it; bare base64; a pull message's bytes.
  const shaped = fc.tuple(payloadText, fc.nat({ max: bodies.length + 1 }), fc.constantFrom("text", "bytes", "object")).map(([json, shape, as]) => {
    const data = b64(json);
    if (shape === bodies.length) return data;
    if (shape === bodies.length + 1) return { data: Buffer.from(json), id: "1" };
    const body = JSON.parse(bodies[shape] as string) as Record<string, unknown>;
    const message = (body["message"] ?? (body["data"] as Record<string, unknown> | undefined)?.["message"] ?? body) as Record<string, unknown>;
    message["data"] = data;
    return as === "object" ? body : as === "bytes" ? Buffer.from(JSON.stringify(body, null, 2)) : JSON.stringify(body);
  });
  fc.assert(
    fc.property(shaped, fc.boolean(), (input, strict) => {
      const one = outcome(() => decodeEvent(input, { strict }));
      const two = outcome(() => decodePayload(parseEnvelope(input), { strict }));
      assert.equal(two, one);
    }),
    { numRuns: 1500 },
  );
});

payload.run();
