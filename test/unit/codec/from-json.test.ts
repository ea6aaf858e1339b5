import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readObject, readWith } from "../../../src/codec/from-json.js";
import { Reader } from "../../../src/codec/index.js";
import { planOf } from "../../../src/schema/index.js";
import { lookupMessage } from "../../../src/schema/index.js";
import { Kitchen, emptyUser, read, readValue } from "../../support/validation.js";

const user = planOf(lookupMessage("UserEvent"));
const kitchen = planOf(Kitchen);
const message = planOf(lookupMessage("UserMessage"));

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

/** The length readObject() measures for a UserMessage, whose messages nest. */
function measuredMessage(text: string): number {
  const reader = new Reader(true, true, true, true);
  readObject(message, JSON.parse(text) as Record<string, unknown>, reader);
  return reader.length;
}

object("measures nested messages too, exactly, and a repeated key or escape in one as shorter", () => {
  for (const text of [
    '{"text":"a","suggestionResponse":{"postbackData":"p","text":"t","type":"REPLY"}}',
    '{"richMessageClassification":{},"suggestionResponse":{"x":"😀","y":null}}',
    '{"suggestionResponse":{"postbackData":"p"},"richMessageClassification":{"classificationType":"SUGGESTED_ACTION_CLICK"}}',
  ]) {
    assert.is(measuredMessage(text), text.length, text);
  }
  for (const text of ['{"suggestionResponse":{"text":"t","text":"t"}}', '{"suggestionResponse":{"text":"\\ud800"}}', '{"suggestionResponse":{ }}']) {
    assert.ok(measuredMessage(text) < text.length, text);
  }
  for (const text of ['{"location":{"latitude":1}}', '{"suggestionResponse":{"x":{}}}', '{"userFile":{"payload":{"fileSizeBytes":"1"}},"x":[]}']) {
    assert.ok(Number.isNaN(measuredMessage(text)), text);
  }
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

const unknown = suite("readObject(): what the schema does not know");

/** The unknown parts a lenient reading of `text` as a Kitchen notes, and its issues. */
function unknownIn(text: string, ignore = true): { unknown: unknown; issues: unknown } {
  const r = new Reader(ignore, ignore, false);
  readObject(kitchen, JSON.parse(text) as Record<string, unknown>, r);
  return { unknown: r.unknown, issues: r.issues };
}

const field = (path: string) => ({ path, kind: "field" });
const enumValue = (path: string, value: string | number) => ({ path, kind: "enumValue", value });

unknown("notes nothing, and allocates nothing, when everything is known", () => {
  assert.equal(unknownIn('{"i32":1,"color":"RED","inner":{"name":"n"},"colors":["GREEN"],"byId":{"1":{"count":2}}}'), {
    unknown: undefined,
    issues: undefined,
  });
  const r = new Reader(true, true, true);
  assert.is(r.unknown, undefined);
});

unknown("notes unknown fields at the top, in nested messages and in oneof members, by path", () => {
  const text = '{"richCard":{"x":1},"inner":{"name":"n","newThing":[1],"child":{"deeper":null}},"choiceInner":{"later":"x"}}';
  assert.equal(unknownIn(text).unknown, [field("richCard"), field("inner.newThing"), field("inner.child.deeper"), field("choiceInner.later")]);
});

unknown('writes list items as [i] and map entries as ["key"]', () => {
  const text = '{"inners":[{"name":"a"},{"name":"b","x":1}],"byId":{"7":{"y":2}},"colors":["RED",9,"PURPLE"]}';
  assert.equal(unknownIn(text).unknown, [field("inners[1].x"), field('byId["7"].y'), enumValue("colors[1]", 9), enumValue("colors[2]", "PURPLE")]);
});

unknown("notes enum values kept as { unknown }: names and numbers, the value as read", () => {
  assert.equal(unknownIn('{"color":"BLUE","inner":{"name":"x"}}').unknown, [enumValue("color", "BLUE")]);
  assert.equal(unknownIn('{"color":7}').unknown, [enumValue("color", 7)]);
  assert.equal(unknownIn('{"color":-3}').unknown, [enumValue("color", -3)]);
  assert.equal(unknownIn('{"color":2}').unknown, undefined); // GREEN, a known number
});

unknown("notes unknown enum numbers also when strict, where unknown fields and names are issues instead", () => {
  assert.equal(unknownIn('{"color":7}', false), { unknown: [enumValue("color", 7)], issues: undefined });
  const strict = unknownIn('{"color":"BLUE","x":1}', false);
  assert.is(strict.unknown, undefined);
  assert.equal(
    (strict.issues as { path: string }[]).map((i) => i.path),
    ["color", "x"],
  );
});

unknown("notes an unknown enum name it drops when it does not keep names", () => {
  const r = new Reader(true, false, false);
  const out = readObject(kitchen, { color: "BLUE" }, r);
  assert.is(out["color"], "COLOR_UNSPECIFIED");
  assert.equal(r.unknown, [enumValue("color", "BLUE")]);
});

unknown("notes unknown fields inside an Any, of a message and of a well-known type", () => {
  const any = (inner: string) => `{"any":${inner}}`;
  assert.equal(unknownIn(any('{"@type":"type.googleapis.com/test.kitchen.v1.Kitchen.Inner","name":"n","extra":1}')).unknown, [field("any.extra")]);
  assert.equal(unknownIn(any('{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s","odd":1}')).unknown, [field("any.odd")]);
});

unknown("reports __proto__ as an unknown field path, as data, polluting nothing", () => {
  const text = '{"__proto__":{"polluted":true},"inner":{"__proto__":{"polluted":true}},"constructor":{"prototype":{"polluted":true}}}';
  const { unknown: parts } = unknownIn(text);
  assert.equal(parts, [field("__proto__"), field("inner.__proto__"), field("constructor")]);
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
  assert.is(Object.getPrototypeOf(parts), Array.prototype);
  for (const part of parts as object[]) assert.is(Object.getPrototypeOf(part), Object.prototype);
});

unknown("notes a long key as issue paths show it, never the key itself", () => {
  const key = "k".repeat(40);
  assert.equal(unknownIn(`{"${key}":1,"inner":{"${key}":2}}`).unknown, [field('["…"]'), field('inner["…"]')]);
});

unknown("keeps at most 100", () => {
  const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x${i}`, i]));
  const { unknown: parts } = unknownIn(JSON.stringify(many));
  assert.is((parts as unknown[]).length, 100);
  assert.equal((parts as unknown[])[99], field("x99"));
});

unknown.run();
