import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Reader, readObject, readWith } from "../../../src/codec/json-read.js";
import { planOf } from "../../../src/schema/plan.js";
import { lookupMessage } from "../../../src/schema/registry.js";
import { Kitchen, emptyUser, read, readValue } from "../../support/validation.js";

const user = planOf(lookupMessage("UserEvent"));
const kitchen = planOf(Kitchen);

/** The length readObject() measures for the object JSON.parse makes of `text`. */
function measured(text: string): number {
  const reader = new Reader(true, true, true, true);
  readObject(user, JSON.parse(text) as Record<string, unknown>, reader);
  return reader.length;
}

const reader = suite("Reader");

reader("starts without issues, and keeps at most 100", () => {
  const r = new Reader(false, false, false);
  assert.is(r.issues, undefined);
  for (let i = 0; i < 150; i++) r.report(`f${i}`, "bad");
  assert.is(r.issues?.length, 100);
  assert.equal(r.issues?.[99], { path: "f99", message: "bad" });
  assert.is(r.measure, false);
  assert.is(r.maxDepth, 100);
});

reader.run();

const withReader = suite("readWith()");

withReader("gives { value } or { issues }, as validation does", () => {
  assert.equal(readWith(user, read, new Reader(false, false, false)), { value: readValue });
  assert.equal(readWith(user, { eventId: 1 }, new Reader(false, false, false)), {
    issues: [{ path: "eventId", message: "invalid value: expected string, received number" }],
  });
  assert.equal(readWith(user, [], new Reader(false, false, false)), { issues: [{ path: "", message: "expected object, received array" }] });
});

withReader("checks strings for lone surrogates unless the reader trusts them", () => {
  const input = { eventId: "\ud800", eventType: "NEW_\udc00" };
  assert.equal(readWith(user, input, new Reader(false, true, false)).issues, [
    { path: "eventId", message: "invalid string: contains a lone surrogate" },
    { path: "eventType", message: 'invalid enum value: "NEW_\\udc00" is not a value of rbm.events.v1.UserEvent.EventType' },
  ]);
  assert.equal(readWith(user, input, new Reader(false, true, true)).value, { ...emptyUser, ...input, eventType: { unknown: "NEW_\udc00" } });
});

withReader("reads keys in any order, and either spelling", () => {
  const scrambled = { agent_id: read.agentId, sendTime: read.sendTime, eventType: "READ", send_time: null };
  assert.equal(readWith(user, scrambled, new Reader(false, false, false)).issues, [
    { path: "send_time", message: 'duplicate field: "send_time" and "sendTime" name the same field' },
  ]);
  const { value } = readWith(user, { agent_id: read.agentId, sendTime: read.sendTime, eventType: "READ" }, new Reader(false, false, false));
  assert.equal(value, { ...emptyUser, agentId: read.agentId, sendTime: readValue.sendTime, eventType: "READ" });
});

withReader.run();

const object = suite("readObject()");

object("gives every value of a type the keys of its defaults, in field-number order", () => {
  const r = new Reader(false, false, false);
  const a = readObject(kitchen, { tags: ["a"], i32: 1 }, r);
  const b = readObject(kitchen, {}, r);
  assert.equal(Object.keys(a), Object.keys(b));
  assert.equal(Object.keys(a), [...new Set(kitchen.fields.map((f) => f.union ?? f.key))]);
  assert.ok(Object.keys(a).includes("choice"));
  assert.is(r.issues, undefined);
});

object("leaves the issues on the reader", () => {
  const r = new Reader(false, false, false);
  readObject(user, { nope: 1 }, r);
  assert.equal(r.issues, [{ path: "nope", message: 'unknown field: "nope" is not a field of rbm.events.v1.UserEvent' }]);
});

object("measures the compact JSON length of an object of strings, booleans and null", () => {
  for (const text of ['{"eventId":"e"}', JSON.stringify(read), '{"x":true,"y":false,"z":null,"":""}', '{"eventType":"READ","extra":"😀"}']) {
    assert.is(measured(text), text.length, text);
  }
});

object("measures a text with a repeated key or whitespace as longer than it is", () => {
  for (const text of ['{"eventId":"e","eventId":"e"}', '{"x":"","eventId":"abc","x":"yz"}', '{ "eventId":"e"}', '{"eventId" :"e"}']) {
    assert.ok(measured(text) < text.length, text);
  }
});

object("measures NaN for any other value, whose text can vary", () => {
  for (const text of ['{"eventType":3}', '{"x":{}}', '{"x":[]}', '{"eventId":"e","x":1.0}']) {
    assert.ok(Number.isNaN(measured(text)), text);
  }
  const r = new Reader(true, true, true);
  readObject(user, { eventId: "e" }, r);
  assert.is(r.length, 1); // not measured unless asked
});

object("measures exactly the text's length for any object of strings without escapes, and less with a repeated key (property)", () => {
  const plain = fc.string({ unit: fc.constantFrom(...Array.from("aZ0_:,{}[] é😀")), maxLength: 8 });
  fc.assert(
    fc.property(fc.dictionary(plain, fc.oneof(plain, fc.boolean(), fc.constant(null)), { minKeys: 1 }), fc.nat(), (entries, pick) => {
      const text = JSON.stringify(entries);
      assert.is(measured(text), text.length, text);
      const keys = Object.keys(entries);
      const key = keys[pick % keys.length] as string;
      const repeated = `${text.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(entries[key])}}`;
      assert.ok(measured(repeated) < repeated.length, repeated);
    }),
  );
});

object.run();
