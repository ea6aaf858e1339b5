// Values of another type than their field's, given to the writers: toJson and toBinary (and the
// codecs' toJSON and encode) refuse each with INVALID_EVENT naming the path and the expected type,
// never writing it as it is nor dropping it.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LatLng, UserEvent, UserMessage } from "../../../gen/binary-codecs.js";
import { fromBinaryWith, toBinary, toBinaryWith } from "../../../src/codec/binary-conversion.js";
import { toJson, toJsonWith } from "../../../src/codec/index.js";
import { validateWith } from "../../../src/codec/validate.js";
import { isRbmEventError } from "../../../src/errors.js";
import { lookupMessage } from "../../../src/schema/index.js";
import { Kitchen, USER, USER_ENUM, emptyUser, fullKitchen, json, kitchen, throwsCode, value } from "../../support/validation.js";

const KITCHEN = "test.kitchen.v1.Kitchen";
const base = () => value(kitchen(json(fullKitchen)));

/** Both writers refuse the full Kitchen with `change` applied: INVALID_EVENT, this path and reason, in the message and in `issues`. */
function refuses(change: Record<string, unknown>, path: string, reason: string): void {
  for (const [target, write] of [
    ["JSON", toJsonWith],
    ["binary", toBinaryWith],
  ] as const) {
    try {
      write(Kitchen, { ...base(), ...change });
      assert.unreachable(`${target}: wrote ${path}`);
    } catch (error) {
      assert.ok(isRbmEventError(error), String(error));
      assert.is(error.code, "INVALID_EVENT");
      assert.is(error.message, `cannot encode ${KITCHEN} to ${target}: ${path}: ${reason}`);
      assert.equal(error.issues, [{ path, message: reason }]);
    }
  }
}

const expected = (type: string, received: string) => `invalid value: expected ${type}, received ${received}`;

const writers = suite("toJsonWith() and toBinaryWith() given a value of another type");

writers("refuse a scalar of another type or out of its range, for every scalar kind", () => {
  refuses({ dbl: {} }, "dbl", expected("number", "object")); // once written as "[object Object]"
  refuses({ dbl: "1" }, "dbl", expected("number", "string"));
  refuses({ flt: 3.5e38 }, "flt", "invalid float: 3.5e+38 is out of range");
  refuses({ flt: null, dbl: [1] }, "dbl", expected("number", "array"));
  refuses({ i32: 1.5 }, "i32", expected("integer", "number"));
  refuses({ i32: "5" }, "i32", expected("integer", "string"));
  refuses({ i32: 2 ** 31 }, "i32", "invalid int32: 2147483648 is out of range");
  refuses({ u32: -1 }, "u32", "invalid uint32: -1 is out of range");
  refuses({ s32: BigInt(1) }, "s32", expected("integer", "bigint"));
  refuses({ f32: true }, "f32", expected("integer", "boolean"));
  refuses({ sf32: 2 ** 31 }, "sf32", "invalid sfixed32: 2147483648 is out of range");
  refuses({ i64: "12abc" }, "i64", expected("integer", "string"));
  refuses({ i64: 0.5 }, "i64", expected("integer", "number"));
  refuses({ u64: -1 }, "u64", "invalid uint64: -1 is out of range");
  refuses({ s64: {} }, "s64", expected("integer", "object"));
  refuses({ f64: new Uint8Array(8) }, "f64", expected("integer", "Uint8Array"));
  refuses({ sf64: 2 ** 64 }, "sf64", "invalid sfixed64: 18446744073709552000 is out of range");
  refuses({ flag: "true" }, "flag", expected("boolean", "string"));
  refuses({ flag: 1 }, "flag", expected("boolean", "number"));
  refuses({ text: 42 }, "text", expected("string", "number")); // once written as {"text":42}
  refuses({ text: null, customName: ["r"] }, "customName", expected("string", "array"));
  refuses({ data: "AAAA" }, "data", expected("Uint8Array", "string"));
  refuses({ data: [1, 2] }, "data", expected("Uint8Array", "array"));
});

writers("refuse an enum name the enum does not have, and a value no enum holds", () => {
  refuses({ color: "PURPLE" }, "color", `"PURPLE" is not a value of ${KITCHEN}.Color`);
  refuses({ color: "red" }, "color", `"red" is not a value of ${KITCHEN}.Color`);
  refuses({ color: 1.5 }, "color", expected("enum name, number or { unknown }", "number"));
  refuses({ color: true }, "color", expected("enum name, number or { unknown }", "boolean"));
  refuses({ color: { unknown: 1.5 } }, "color", expected("enum name, number or { unknown }", "object"));
  refuses({ color: { unknown: 2 ** 31 } }, "color", "invalid enum value: 2147483648 is outside int32");
  refuses({ colors: ["RED", "BLUE"] }, "colors[1]", `"BLUE" is not a value of ${KITCHEN}.Color`);
  refuses({ nothing: "NULL" }, "nothing", expected('null or "NULL_VALUE"', "string"));
});

writers("refuse a message, list or map of another shape, with the path of the value inside it", () => {
  refuses({ inner: "x" }, "inner", expected("object", "string"));
  refuses({ inner: [] }, "inner", expected("object", "array"));
  refuses({ inner: { name: 7 } }, "inner.name", expected("string", "number"));
  refuses({ inner: { name: "n", child: { count: "1" } } }, "inner.child.count", expected("integer", "string"));
  refuses({ numbers: "1,2" }, "numbers", expected("array", "string"));
  refuses({ numbers: [1, "2"] }, "numbers[1]", expected("integer", "string"));
  // oxlint-disable-next-line no-sparse-arrays -- a hole, which JSON cannot hold, is what this refuses
  refuses({ numbers: [1, , 3] }, "numbers[1]", expected("integer", "undefined"));
  refuses({ inners: [{}, { name: 5 }] }, "inners[1].name", expected("string", "number"));
  refuses({ inners: [null] }, "inners[0]", expected("object", "null"));
  refuses({ tags: { 0: "a" } }, "tags", expected("array", "object"));
  refuses({ counts: [] }, "counts", expected("object", "array"));
  refuses({ counts: { a: "x" } }, "counts.a", expected("integer", "string"));
  refuses({ byId: { x: { name: "n" } } }, "byId.x", 'invalid map key: expected int32, received "x"');
  refuses({ byId: { "01": {} } }, 'byId["01"]', 'invalid map key: expected int32, received "01"');
  refuses({ byId: { 1: "n" } }, 'byId["1"]', expected("object", "string"));
  refuses({ byFlag: { yes: "y" } }, "byFlag.yes", 'invalid map key: expected bool, received "yes"');
  refuses({ byLong: { "9223372036854775808": "m" } }, 'byLong["9223372036854775808"]', 'invalid map key: expected int64, received "9223372036854775808"');
});

writers("refuse a oneof whose $case names no member, or that holds no value", () => {
  const members = '("choiceText", "choiceNumber", "choiceInner", "choiceValue")';
  refuses({ choice: { $case: "choiceOther", value: 1 } }, "choice.$case", `invalid oneof: "choiceOther" is not a member of oneof "choice" ${members}`);
  refuses({ choice: { value: 1 } }, "choice.$case", `invalid oneof: undefined is not a member of oneof "choice" ${members}`);
  refuses({ choice: "choiceText" }, "choice", expected("{ $case, value }", "string"));
  refuses({ choice: { $case: "choiceText", value: 5 } }, "choiceText", expected("string", "number"));
  refuses({ choice: { $case: "choiceText" } }, "choiceText", expected("string", "undefined"));
  refuses({ choice: { $case: "choiceInner", value: "x" } }, "choiceInner", expected("object", "string"));
  refuses({ choice: { $case: "choiceValue", value: BigInt(1) } }, "choiceValue", expected("JSON value", "bigint"));
});

writers("refuse a well-known type of another shape", () => {
  refuses({ when: "2014-10-02T15:01:23Z" }, "when", expected("object", "string"));
  refuses({ when: { seconds: 1.5, nanos: 0 } }, "when.seconds", "invalid timestamp: seconds must be an integer, received 1.5");
  refuses({ took: "1s" }, "took", expected("object", "string"));
  refuses({ took: { seconds: "1", nanos: 0 } }, "took.seconds", expected("integer", "string"));
  refuses({ took: { seconds: 1 } }, "took.nanos", expected("integer", "undefined"));
  refuses({ mask: "a,b" }, "mask", expected("array", "string"));
  refuses({ mask: ["a", 1] }, "mask[1]", expected("string", "number"));
  refuses({ wrappedInt: "5" }, "wrappedInt", expected("integer", "string"));
  refuses({ wrappedLong: {} }, "wrappedLong", expected("integer", "object"));
  refuses({ wrappedText: 5 }, "wrappedText", expected("string", "number"));
  refuses({ wrappedBytes: "" }, "wrappedBytes", expected("Uint8Array", "string"));
  refuses({ wrappedFlag: 0 }, "wrappedFlag", expected("boolean", "number"));
  refuses({ wrappedDouble: "1.5" }, "wrappedDouble", expected("number", "string"));
  refuses({ wrappedFloat: 1e39 }, "wrappedFloat", "invalid float: 1e+39 is out of range");
  refuses({ extra: [] }, "extra", expected("object", "array"));
  refuses({ extra: { a: [1, { b: undefined }] } }, "extra.a[1].b", expected("JSON value", "undefined"));
  refuses({ extra: { when: new Date(0) } }, "extra.when", expected("JSON value", "object"));
  refuses({ items: {} }, "items", expected("array", "object"));
  refuses({ items: [1, [BigInt(2)]] }, "items[1][0]", expected("JSON value", "bigint"));
  refuses({ anything: new Map() }, "anything", expected("JSON value", "object"));
  refuses({ any: { type_url: 5, value: new Uint8Array(0) } }, "any.type_url", expected("string", "number"));
  refuses({ any: { type_url: "", value: "AAAA" } }, "any.value", expected("Uint8Array", "string"));
});

writers("refuse a number JSON cannot hold in a Value only when writing JSON", () => {
  throwsCode(
    () => toJsonWith(Kitchen, { ...base(), extra: { a: Number.NaN } }),
    "INVALID_EVENT",
    `cannot encode ${KITCHEN} to JSON: extra.a: invalid value: NaN is not a JSON number`,
  );
  const bytes = toBinaryWith(Kitchen, { ...base(), anything: Number.POSITIVE_INFINITY });
  assert.is(fromBinaryWith(Kitchen, bytes)["anything"], Number.POSITIVE_INFINITY);
});

writers("never echo long input: a long enum name or map key is named by its type", () => {
  const long = "X".repeat(5000);
  refuses({ color: long }, "color", `string is not a value of ${KITCHEN}.Color`);
  refuses({ byId: { [long]: {} } }, 'byId["…"]', "invalid map key: expected int32, received string");
  refuses(
    { choice: { $case: long, value: 1 } },
    "choice.$case",
    'invalid oneof: string is not a member of oneof "choice" ("choiceText", "choiceNumber", "choiceInner", "choiceValue")',
  );
});

/** Any value at all, and values close to the right ones: names, numbers at the edges, shapes of the well-known types. */
const anything = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withSparseArray: true,
    withMap: true,
    maxDepth: 2,
  }),
  fc.constantFrom<unknown>(
    Number.NaN,
    -0,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 53,
    2 ** 64,
    3.5e38,
    "007",
    "-0",
    "1e3",
    "NULL_VALUE",
    "RED",
    "PURPLE",
    "",
    [],
    {},
    null,
    undefined,
    new Uint8Array(2),
  ),
  fc.record({ unknown: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 31)) }),
  fc.record({
    $case: fc.constantFrom("choiceText", "choiceNumber", "choiceInner", "choiceValue", "choiceOther", "text"),
    value: fc.anything({ withBigInt: true, maxDepth: 1 }),
  }),
  fc.record({ seconds: fc.oneof(fc.integer(), fc.double(), fc.string()), nanos: fc.oneof(fc.integer(), fc.double()) }),
);
const kitchenKeys = Object.keys(base());
const innerKeys = ["name", "count", "child"];
const edits = fc.array(
  fc.oneof(fc.tuple(fc.constant("top"), fc.constantFrom(...kitchenKeys), anything), fc.tuple(fc.constant("inner"), fc.constantFrom(...innerKeys), anything)),
  { minLength: 1, maxLength: 3 },
);

/** What a writer did: the output, or undefined after an INVALID_EVENT with a short message; anything else fails. */
function written<T>(write: () => T): T | undefined {
  try {
    return write();
  } catch (error) {
    assert.ok(isRbmEventError(error) && error.code === "INVALID_EVENT", `threw ${String(error)}`);
    assert.ok(error.message.length <= 300 && error.issues.length <= 1, error.message);
    return undefined;
  }
}

writers("write a message of random wrong-typed values as values of the right type, or throw INVALID_EVENT (property)", () => {
  fc.assert(
    fc.property(edits, (changes) => {
      const message: Record<string, unknown> = base();
      for (const [where, key, changed] of changes) {
        if (where === "top") message[key] = changed;
        else message["inner"] = { ...(message["inner"] as object), [key]: changed };
      }
      const out = written(() => toJsonWith(Kitchen, message));
      if (out !== undefined) {
        // Every value of the right JSON type: the reader takes it back (unknown enum names aside).
        const result = validateWith(Kitchen, JSON.parse(JSON.stringify(out)), { ignoreUnknownFields: true, longs: "bigint" });
        assert.equal(result.issues, undefined, JSON.stringify(out));
      }
      const bytes = written(() => toBinaryWith(Kitchen, message));
      if (bytes !== undefined) fromBinaryWith(Kitchen, bytes, { longs: "bigint" });
    }),
    { numRuns: 1000 },
  );
});

writers.run();

const events = suite("toJson(), toBinary() and the codecs, on the event schema");

events("refuse a content $case that names no member of the oneof, in JSON and binary alike", () => {
  const sticker = { senderPhoneNumber: "+14155550123", messageId: "m1", content: { $case: "sticker", value: "x" } } as never;
  // the members as the schema has them, in declaration order
  const members = lookupMessage("rbm.events.v1.UserMessage")
    .oneofs["content"]?.fieldsArray.map((f) => JSON.stringify(f.name))
    .join(", ");
  assert.ok(members?.startsWith('"text", "userFile"'), members);
  const reason = `invalid oneof: "sticker" is not a member of oneof "content" (${members})`;
  throwsCode(() => toJson("UserMessage", sticker), "INVALID_EVENT", `cannot encode rbm.events.v1.UserMessage to JSON: content.$case: ${reason}`);
  throwsCode(() => UserMessage.toJSON(sticker), "INVALID_EVENT", `cannot encode rbm.events.v1.UserMessage to JSON: content.$case: ${reason}`);
  throwsCode(() => toBinary("UserMessage", sticker), "INVALID_EVENT", `cannot encode rbm.events.v1.UserMessage to binary: content.$case: ${reason}`);
  throwsCode(() => UserMessage.encode(sticker), "INVALID_EVENT", `cannot encode rbm.events.v1.UserMessage to binary: content.$case: ${reason}`);
});

events("refuse a field of another type through the codecs", () => {
  const latLng = { latitude: {}, longitude: 0 } as never;
  throwsCode(
    () => LatLng.toJSON(latLng),
    "INVALID_EVENT",
    "cannot encode rbm.events.v1.LatLng to JSON: latitude: invalid value: expected number, received object",
  );
  throwsCode(
    () => LatLng.encode(latLng),
    "INVALID_EVENT",
    "cannot encode rbm.events.v1.LatLng to binary: latitude: invalid value: expected number, received object",
  );
  const event = { ...emptyUser, eventType: "DELIVRED" } as never;
  throwsCode(() => UserEvent.toJSON(event), "INVALID_EVENT", `cannot encode ${USER} to JSON: eventType: "DELIVRED" is not a value of ${USER_ENUM}`);
  throwsCode(
    () => toJson(USER, { ...emptyUser, sendTime: "2014-10-02T15:01:23Z" } as never),
    "INVALID_EVENT",
    `cannot encode ${USER} to JSON: sendTime: invalid value: expected object, received string`,
  );
});

events.run();
