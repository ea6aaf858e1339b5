import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UserEvent_EventType } from "../../../gen/json-codecs.js";
import { toJson, toJsonWith } from "../../../src/codec/index.js";
import { validate, validateWith } from "../../../src/codec/validate.js";
import { lookupMessage } from "../../../src/schema/index.js";
import {
  Kitchen,
  SERVER,
  USER,
  dict,
  emptyServer,
  emptyUser,
  fullKitchen,
  fullKitchenJson,
  json,
  kitchen,
  read,
  revoked,
  throwsCode,
  value,
} from "../../support/validation.js";

const canonical = suite("toJson()");

canonical("throws INVALID_ARGUMENT for a message that is not an object", () => {
  for (const [message, type] of [
    [null, "null"],
    [undefined, "undefined"],
    ["{}", "string"],
    [[], "array"],
  ] as const) {
    throwsCode(() => toJson(USER, message as never), "INVALID_ARGUMENT", `toJson(): message: expected an object, received ${type}`);
  }
});

canonical("throws INVALID_EVENT, not a RangeError, for messages built by hand nested 100,000 deep", () => {
  let inner: Record<string, unknown> = { name: "", count: 0 };
  for (let i = 0; i < 100_000; i++) inner = { name: "", count: 0, child: inner };
  throwsCode(
    () => toJsonWith(Kitchen, { ...value(kitchen("{}")), inner }),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to JSON: too deeply nested",
  );
});

canonical("writes JSON names in field-number order and leaves defaults out", () => {
  const scrambled = { agentId: read.agentId, sendTime: read.sendTime, event_type: "READ", senderPhoneNumber: read.senderPhoneNumber };
  const out = toJson(USER, value(validate(USER, json(scrambled))));
  assert.equal(out, { senderPhoneNumber: read.senderPhoneNumber, eventType: "READ", sendTime: read.sendTime, agentId: read.agentId });
  assert.equal(Object.keys(out), ["senderPhoneNumber", "eventType", "sendTime", "agentId"]);
  assert.equal(toJson(USER, emptyUser), {});
  assert.equal(toJson(SERVER, value(validate(SERVER, json(revoked)))), { ...revoked, sendTime: "2014-10-02T09:31:23Z" });
  const scrambledServer = { ...emptyServer, sendTime: { seconds: 0, nanos: 1 }, eventId: "e", phoneNumber: "p", agentId: "a", messageId: "m" };
  assert.equal(Object.keys(toJson(SERVER, { ...scrambledServer, eventType: "TTL_EXPIRATION_REVOKED" })), Object.keys(revoked));
});

canonical("writes a Timestamp in UTC with 0, 3, 6 or 9 fraction digits", () => {
  const time = (seconds: number, nanos: number) => toJson(USER, { ...emptyUser, sendTime: { seconds, nanos } })["sendTime"];
  assert.is(time(1412262083, 0), "2014-10-02T15:01:23Z");
  assert.is(time(1412262083, 45000000), "2014-10-02T15:01:23.045Z");
  assert.is(time(1412262083, 45123000), "2014-10-02T15:01:23.045123Z");
  assert.is(time(1412262083, 45123456), "2014-10-02T15:01:23.045123456Z");
  assert.is(time(0, 0), "1970-01-01T00:00:00Z");
  assert.is(time(-62135596800, 0), "0001-01-01T00:00:00Z");
  const normalized = toJson(USER, value(validate(USER, '{"sendTime":"2014-10-02T20:31:23.100+05:30"}')));
  assert.equal(normalized, { sendTime: "2014-10-02T15:01:23.100Z" });
});

canonical("writes an enum by name, an unknown number as the number, a kept unknown name as is", () => {
  assert.equal(toJson(USER, { ...emptyUser, eventType: "READ" }), { eventType: "READ" });
  assert.equal(toJson(USER, { ...emptyUser, eventType: { unknown: 99 } }), { eventType: 99 });
  assert.equal(toJson(USER, { ...emptyUser, eventType: { unknown: -1 } }), { eventType: -1 });
  // A bare number, which the type does not allow, is still written as the proto3 JSON mapping says.
  assert.equal(toJson(USER, { ...emptyUser, eventType: 3 as never }), { eventType: "READ" });
  assert.equal(toJson(USER, { ...emptyUser, eventType: 0 as never }), {});
  const kept = value(validate(USER, '{"eventType":"NEW_TYPE"}', { keepUnknownEnumNames: true }));
  assert.equal(toJson(USER, kept), { eventType: "NEW_TYPE" });
});

canonical("treats missing fields as defaults", () => {
  assert.equal(toJson(USER, {} as never), {});
  assert.equal(toJson(USER, { eventId: "e" } as never), { eventId: "e" });
});

canonical("throws UNKNOWN_TYPE for a type name the schema does not have", () => {
  throwsCode(() => toJson("Nope" as never, {} as never), "UNKNOWN_TYPE", 'unknown message type "Nope"');
});

canonical("writes what validate() reads back to the same value (property)", () => {
  const eventTypes = Object.values(UserEvent_EventType);
  const firstUnknown = Math.max(...Object.values(lookupMessage("UserEvent").lookupEnum("EventType").values)) + 1;
  const text = fc.string({ unit: "grapheme", maxLength: 40 });
  const event = fc
    .record({
      senderPhoneNumber: text,
      eventType: fc.oneof(
        fc.constantFrom(...eventTypes),
        fc.integer({ min: firstUnknown, max: 2147483647 }).map((n) => ({ unknown: n })),
      ),
      eventId: text,
      messageId: text,
      sendTime: fc.option(
        fc
          .record({
            seconds: fc.integer({ min: -62135596800, max: 253402300799 }),
            nanos: fc.oneof(
              fc.constant(0),
              fc.integer({ min: 0, max: 999 }).map((n) => n * 1000000),
              fc.integer({ min: 0, max: 999999999 }),
            ),
          })
          .map((time) => ({ ...time })), // a plain object, as validate() gives
        { nil: undefined },
      ),
      agentId: text,
    })
    .map((message) => ({ ...message })); // plain objects, as validate() gives
  fc.assert(
    fc.property(event, (message) => {
      const out = toJson(USER, message);
      assert.equal(validate(USER, JSON.stringify(out)), { value: message });
    }),
  );
});

canonical.run();

const canonicalGeneric = suite("toJsonWith()");

canonicalGeneric("writes every kind of field as the proto3 JSON mapping prints it", () => {
  const out = toJsonWith(Kitchen, value(kitchen(json(fullKitchen))));
  assert.equal(out, fullKitchenJson);
  assert.equal(Object.keys(out), Object.keys(fullKitchenJson));
});

canonicalGeneric("leaves out defaults, but not a set optional, oneof member or wrapper", () => {
  assert.equal(toJsonWith(Kitchen, value(kitchen("{}"))), {});
  const zeros = '{"i64":"0","flt":0,"data":"","color":0,"numbers":[],"counts":{},"nothing":null,"mask":""}';
  assert.equal(toJsonWith(Kitchen, value(kitchen(zeros))), { mask: "" });
  assert.equal(toJsonWith(Kitchen, value(kitchen('{"maybe":0,"choiceText":"","wrappedFlag":false}'))), {
    choiceText: "",
    maybe: 0,
    wrappedFlag: false,
  });
});

canonicalGeneric("writes a Duration with 0, 3, 6 or 9 fraction digits", () => {
  const took = (text: string) => toJsonWith(Kitchen, value(kitchen(json({ took: text }))))["took"];
  assert.is(took("1s"), "1s");
  assert.is(took("-0.5s"), "-0.500s");
  assert.is(took("0.000001s"), "0.000001s");
  assert.is(took("0.0000010s"), "0.000001s");
  assert.is(took("1.000000001s"), "1.000000001s");
  assert.is(took("-315576000000s"), "-315576000000s");
});

canonicalGeneric("throws for a Duration out of range or with parts of different signs", () => {
  const base = value(kitchen("{}"));
  const took = (seconds: number, nanos: number) => () => toJsonWith(Kitchen, { ...base, took: { seconds, nanos } });
  assert.equal(took(315576000000, 999999999)(), { took: "315576000000.999999999s" });
  assert.equal(toJsonWith(Kitchen, { ...base, took: { seconds: -315576000000, nanos: -999999999 } }), { took: "-315576000000.999999999s" });
  throwsCode(
    took(315576000001, 0),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to JSON: took: invalid duration: 315576000001s 0ns is out of range (±315576000000s)",
  );
  throwsCode(
    took(-315576000001, 0),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to JSON: took: invalid duration: -315576000001s 0ns is out of range (±315576000000s)",
  );
  throwsCode(
    took(0, 1000000000),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to JSON: took: invalid duration: 0s 1000000000ns is out of range (±315576000000s)",
  );
  throwsCode(
    took(1, -1),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to JSON: took: invalid duration: seconds 1 and nanos -1 have different signs",
  );
});

canonicalGeneric("throws for a FieldMask path that would not read back the same", () => {
  const base = value(kitchen("{}"));
  assert.equal(toJsonWith(Kitchen, { ...base, mask: ["foo_bar.baz_qux", "a1"] }), { mask: "fooBar.bazQux,a1" });
  for (const path of ["fooBar", "foo_3_bar", "foo__bar", "foo_"]) {
    throwsCode(
      () => toJsonWith(Kitchen, { ...base, mask: ["ok", path] }),
      "INVALID_EVENT",
      `cannot encode test.kitchen.v1.Kitchen to JSON: mask: invalid field mask: "${path}" cannot be written as lowerCamelCase`,
    );
  }
});

canonicalGeneric("writes 64-bit integers given as numbers, strings or bigints as decimal strings", () => {
  const base = value(kitchen("{}"));
  const out = toJsonWith(Kitchen, {
    ...base,
    i64: BigInt("-9223372036854775808"),
    u64: "18446744073709551615",
    s64: 5,
    byLong: dict({ "9223372036854775807": "m" }),
  });
  assert.equal(out, { i64: "-9223372036854775808", u64: "18446744073709551615", s64: "5", byLong: dict({ "9223372036854775807": "m" }) });
  assert.equal(toJsonWith(Kitchen, { ...base, i64: BigInt(0), u64: "0" }), {});
});

canonicalGeneric("writes an Any as @type and its message's fields, or its value for a well-known type", () => {
  const read = (text: string) => toJsonWith(Kitchen, value(kitchen(text)));
  const inner = { "@type": "type.googleapis.com/test.kitchen.v1.Kitchen.Inner", count: 2, name: "n" };
  assert.equal(read(json({ any: inner })), { any: { "@type": inner["@type"], name: "n", count: 2 } });
  const duration = { "@type": "type.googleapis.com/google.protobuf.Duration", value: "-1.500s" };
  assert.equal(read(json({ any: duration })), { any: duration });
  const nested = { "@type": "type.googleapis.com/google.protobuf.Any", value: { "@type": inner["@type"], count: 2 } };
  assert.equal(read(json({ any: nested })), { any: nested });
  const struct = { "@type": "type.googleapis.com/google.protobuf.Struct", value: { a: [1, null] } };
  assert.equal(JSON.stringify(read(json({ any: struct }))), JSON.stringify({ any: struct }));
  assert.equal(read('{"any":{}}'), { any: {} });
});

canonicalGeneric("throws for an Any of a type the schema does not have, or whose bytes do not decode", () => {
  const base = value(kitchen("{}"));
  throwsCode(
    () => toJsonWith(Kitchen, { ...base, any: { type_url: "type.googleapis.com/a.B", value: new Uint8Array(0) } }),
    "INVALID_EVENT",
    'cannot encode test.kitchen.v1.Kitchen to JSON: any: unknown type in Any: "a.B" is not a message of the schema',
  );
  throwsCode(
    () => toJsonWith(Kitchen, { ...base, any: { type_url: "type.googleapis.com/google.protobuf.Duration", value: new Uint8Array([0x08]) } }),
    "INVALID_EVENT",
    /^cannot encode test\.kitchen\.v1\.Kitchen to JSON: any: cannot decode string from binary: .+/,
  );
});

canonicalGeneric("writes what validateWith() reads back to the same value", () => {
  const first = value(kitchen(json(fullKitchen)));
  assert.equal(validateWith(Kitchen, JSON.parse(JSON.stringify(toJsonWith(Kitchen, first)))), { value: first });
});

canonicalGeneric.run();
