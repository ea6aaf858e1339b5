// decodeEvent()'s `unknown`: what a typed payload held that this build's schema does not know.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, type DecodedEvent } from "../../../src/events/index.js";
import { type UnknownPart } from "../../../src/codec/index.js";
import { isRbmEventError, pathKey } from "../../../src/errors.js";
import { planOf } from "../../../src/schema/index.js";
import { lookupMessage } from "../../../src/schema/index.js";

const push = (event: unknown) =>
  JSON.stringify({ message: { data: Buffer.from(typeof event === "string" ? event : JSON.stringify(event)).toString("base64"), messageId: "1" } });

const delivered = { senderPhoneNumber: "+14155550123", eventType: "DELIVERED", eventId: "e1", messageId: "m1", sendTime: "2014-10-02T15:01:23Z" };
const text = { senderPhoneNumber: "+14155550123", messageId: "m1", sendTime: "2024-03-05T10:17:41.017624Z", text: "hi" };

const field = (path: string): UnknownPart => ({ path, kind: "field" });
const enumValue = (path: string, value: string | number): UnknownPart => ({ path, kind: "enumValue", value });

/** The `unknown` of a decoded delivery of `event`, checking that it is present only when not empty. */
function unknownOf(event: unknown, strict = false): readonly UnknownPart[] | undefined {
  const decoded = decodeEvent(push(event), { strict });
  assert.is.not(decoded.kind, "unknown");
  const parts = (decoded as Exclude<DecodedEvent, { kind: "unknown" }>).unknown;
  assert.is("unknown" in decoded, parts !== undefined);
  if (parts !== undefined) assert.ok(parts.length > 0);
  return parts;
}

const test = suite("decodeEvent(): unknown");

test("is absent when every field and enum value is known, on both readers", () => {
  assert.is(unknownOf(delivered), undefined); // the generated reader
  assert.is(unknownOf({ ...delivered, eventType: "READ", agentId: "a" }), undefined);
  assert.is(unknownOf(JSON.stringify(delivered, null, 2)), undefined); // the reflective reader
  assert.is(unknownOf({ ...text, richMessageClassification: { classificationType: "SUGGESTED_ACTION_CLICK" } }), undefined);
  assert.is(unknownOf({ ...delivered, eventType: 2 }), undefined); // a known number
});

test("lists an unknown member beside the content of a user message, which stays a user message", () => {
  const decoded = decodeEvent(push({ ...text, richCard: { standaloneCard: { title: "t" } } }));
  assert.is(decoded.kind, "userMessage");
  assert.equal(decoded.kind === "userMessage" && decoded.event.content, { $case: "text", value: "hi" });
  assert.equal(decoded.kind === "userMessage" && decoded.unknown, [field("richCard")]);
});

test("decodes a user message whose only content this build does not know as a user message, content unset", () => {
  // RBM adds a kind of content: this build still sees who sent which message, and says what it missed
  const decoded = decodeEvent(push({ senderPhoneNumber: "+14155550123", messageId: "m1", richCard: { standaloneCard: { title: "t" } } }));
  assert.is(decoded.kind, "userMessage");
  assert.is(decoded.kind === "userMessage" && decoded.event.content, undefined);
  assert.is(decoded.kind === "userMessage" && decoded.event.messageId, "m1");
  assert.equal(decoded.kind === "userMessage" && decoded.unknown, [field("richCard")]);
});

test("lists unknown fields in nested messages by their path", () => {
  const file = { payload: { fileUri: "https://x/f", mimeType: "image/png", newThing: { a: 1 } }, thumbnail: { fileUri: "https://x/t", blurHash: "x" } };
  assert.equal(unknownOf({ ...text, text: undefined, userFile: file }), [field("userFile.payload.newThing"), field("userFile.thumbnail.blurHash")]);
  assert.equal(unknownOf({ ...text, richMessageClassification: { segmentCount: 1, billingId: "b" } }), [field("richMessageClassification.billingId")]);
});

test("lists enum names kept as { unknown }, and enum numbers, with the value", () => {
  assert.equal(unknownOf({ ...delivered, eventType: "NEW_TYPE" }), [enumValue("eventType", "NEW_TYPE")]);
  assert.equal(unknownOf({ ...delivered, eventType: 42 }), [enumValue("eventType", 42)]);
  const tap = { ...text, text: undefined, suggestionResponse: { postbackData: "p", type: "LONG_PRESS" } };
  assert.equal(unknownOf(tap), [enumValue("suggestionResponse.type", "LONG_PRESS")]);
  const rich = { ...text, richMessageClassification: { classificationType: "RICH_MEDIA_MESSAGE" }, extra: 1 };
  assert.equal(unknownOf(rich), [enumValue("richMessageClassification.classificationType", "RICH_MEDIA_MESSAGE"), field("extra")]);
});

test("when strict, rejects unknown fields and names as before, and lists unknown numbers, which it keeps", () => {
  for (const [event, path] of [
    [{ ...delivered, richCard: {} }, "richCard"],
    [{ ...delivered, eventType: "NEW_TYPE" }, "eventType"],
  ] as const) {
    try {
      decodeEvent(push(event), { strict: true });
      assert.unreachable("decoded");
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.is(error.code, "INVALID_EVENT");
      assert.is(error.issues[0]?.path, path);
    }
  }
  assert.equal(unknownOf({ ...delivered, eventType: 42 }, true), [enumValue("eventType", 42)]);
});

test("lists __proto__ as an unknown field, as data, polluting nothing", () => {
  const body = `{"__proto__":{"polluted":true},${JSON.stringify(text).slice(1, -1)},"userFile":null}`;
  const parts = unknownOf(body);
  assert.equal(parts, [field("__proto__")]);
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
  assert.is(Object.getPrototypeOf(parts), Array.prototype);
});

test("never lists a payload of no kind, which is kept whole", () => {
  const decoded = decodeEvent(push({ capabilities: ["x"], requestId: "r" }));
  assert.is(decoded.kind, "unknown");
  assert.not.ok("unknown" in decoded);
});

test("lists exactly the keys added to a valid UserEvent, whatever they and their values are (property)", () => {
  const known = planOf(lookupMessage("UserEvent")).byKey;
  // Keys that would make the payload another kind are left out: they are tested above.
  const kindKeys = new Set(["newLaunchState", "new_launch_state", "oldLaunchState", "old_launch_state"]);
  const key = fc
    .oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 8 }),
      fc.constantFrom("__proto__", "constructor", "toString", "0", "a.b", "x[0]"),
    )
    .filter((k) => !known.has(k) && !kindKeys.has(k));
  const value = fc.jsonValue({ maxDepth: 2, stringUnit: "grapheme" });
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 12 }), fc.boolean(), (extra, pretty) => {
      const members = [...Object.entries(delivered), ...extra].map(([k, v]) => `${JSON.stringify(k)}:${pretty ? " " : ""}${JSON.stringify(v)}`);
      const parts = unknownOf(`{${members.join(",")}}`);
      const sorted = (paths: string[]) => [...paths].sort();
      assert.equal(sorted((parts ?? []).map((p) => p.path)), sorted(extra.map(([k]) => pathKey("", k))));
      for (const part of parts ?? []) assert.equal(part, field(part.path));
    }),
    { numRuns: 500 },
  );
});

test.run();
