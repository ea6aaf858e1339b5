import fc from "fast-check";
import protobuf from "protobufjs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UserEvent_EventType } from "../../../gen/json-codecs.js";
import { fromBinary, fromBinaryWith, toBinary, toBinaryWith } from "../../../src/codec/binary-conversion.js";
import { UNKNOWN_FIELDS } from "../../../src/codec/index.js";
import { toJsonWith } from "../../../src/codec/index.js";
import { isRbmEventError } from "../../../src/errors.js";
import { validate, validateWith } from "../../../src/codec/validate.js";
import { toJson } from "../../../src/codec/index.js";
import { UNSAFE } from "../../../src/codec/longs.js";
import {
  Kitchen,
  Legacy,
  SERVER,
  USER,
  USER_ENUM,
  dict,
  emptyServer,
  emptyUser,
  fullKitchen,
  json,
  kitchen,
  oracleBinary,
  read,
  readValue,
  revoked,
  throwsCode,
  value,
} from "../../support/validation.js";

const binary = suite("toBinary()");

binary("gives the bytes @bufbuild/protobuf gives", () => {
  for (const input of [read, {}, { eventType: "DELIVERED" }, { sendTime: "0001-01-01T00:00:00Z" }, { ...read, messageId: "" }]) {
    const message = value(validate(USER, json(input)));
    assert.equal(toBinary(USER, message), oracleBinary(USER, input), json(input));
  }
  assert.is(toBinary(USER, emptyUser).length, 0);
  const server = value(validate(SERVER, json(revoked)));
  assert.equal(toBinary("ServerEvent", server), oracleBinary(SERVER, revoked));
});

binary("writes an unknown enum number, and refuses an unknown name", () => {
  assert.equal([...toBinary(USER, { ...emptyUser, eventType: { unknown: 99 } })], [0x10, 99]);
  const kept = value(validate(USER, '{"eventType":"NEW_TYPE"}', { keepUnknownEnumNames: true }));
  throwsCode(
    () => toBinary(USER, kept),
    "INVALID_EVENT",
    `cannot encode ${USER} to binary: eventType: "NEW_TYPE" is not a value of ${USER_ENUM}, and a name this version does not know has no number to write`,
  );
  throwsCode(
    () => toBinary(USER, { ...emptyUser, eventType: "NEW_TYPE" as never }),
    "INVALID_EVENT",
    `cannot encode ${USER} to binary: eventType: "NEW_TYPE" is not a value of ${USER_ENUM}`,
  );
});

binary("gives the bytes of any valid UserEvent that @bufbuild/protobuf gives (property)", () => {
  const eventTypes = Object.values(UserEvent_EventType);
  fc.assert(
    fc.property(
      fc
        .record({
          senderPhoneNumber: fc.string({ unit: "grapheme" }),
          eventType: fc.constantFrom(...eventTypes),
          eventId: fc.string(),
          messageId: fc.string(),
          sendTime: fc.option(
            fc
              .record({ seconds: fc.integer({ min: -62135596800, max: 253402300799 }), nanos: fc.integer({ min: 0, max: 999999999 }) })
              .map((time) => ({ ...time })),
            { nil: undefined },
          ),
          agentId: fc.string(),
        })
        .map((message) => ({ ...message })),
      (message) => {
        const bytes = toBinary(USER, message);
        assert.equal(bytes, oracleBinary(USER, toJson(USER, message)));
        assert.equal(fromBinary(USER, bytes), message);
      },
    ),
  );
});

binary.run();

const binaryGeneric = suite("toBinaryWith()");

binaryGeneric("encodes every kind of field so that fromBinaryWith() gives the value back", () => {
  const message = value(kitchen(json(fullKitchen)));
  assert.equal(fromBinaryWith(Kitchen, toBinaryWith(Kitchen, message)), message);
});

binaryGeneric("encodes what protobufjs decodes to the same fields", () => {
  const message = value(kitchen('{"i64":"-5","u64":"7","color":"RED","counts":{"a":"1"},"byLong":{"-3":"m"},"data":"AQI="}'));
  const decoded = Kitchen.toObject(Kitchen.decode(toBinaryWith(Kitchen, message)), { longs: String, enums: String, bytes: Array });
  assert.equal(decoded, { i64: "-5", u64: "7", color: "RED", counts: { a: "1" }, byLong: { "-3": "m" }, data: [1, 2] });
});

binaryGeneric("writes google.protobuf.Any as the message it is, type URL and bytes as they are", () => {
  // protobufjs's own copy of any.proto, which the Kitchen fixture loads, keeps the name type_url.
  const any = { ...value(kitchen("{}")), any: { type_url: "x/y", value: new Uint8Array([8, 1]) } };
  const bytes = toBinaryWith(Kitchen, any);
  assert.equal([...bytes], [0xe2, 0x02, 9, 0x0a, 3, 0x78, 0x2f, 0x79, 0x12, 2, 8, 1]);
  assert.equal(fromBinaryWith(Kitchen, bytes)["any"], any.any);
});

binaryGeneric("throws INVALID_EVENT for a value of another shape than its field's", () => {
  const base = value(kitchen("{}"));
  throwsCode(
    () => toBinaryWith(Kitchen, { ...base, numbers: ["a"] }),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to binary: numbers[0]: invalid value: expected integer, received string",
  );
  throwsCode(() => toBinaryWith(Kitchen, { ...base, data: 5 }), "INVALID_EVENT", /^cannot encode test\.kitchen\.v1\.Kitchen to binary: data: .+/);
  throwsCode(
    () => toBinaryWith(Kitchen, { ...base, inners: [null] }),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to binary: inners[0]: invalid value: expected object, received null",
  );
});

binaryGeneric("writes 64-bit integers given as numbers, strings or bigints alike", () => {
  const base = value(kitchen("{}"));
  const expected = [...toBinaryWith(Kitchen, { ...base, i64: -5, u64: 7 })];
  assert.equal([...toBinaryWith(Kitchen, { ...base, i64: "-5", u64: "7" })], expected);
  assert.equal([...toBinaryWith(Kitchen, { ...base, i64: BigInt(-5), u64: BigInt(7) })], expected);
  assert.equal([...toBinaryWith(Kitchen, { ...base, i64: "0", u64: BigInt(0) })], []);
  throwsCode(() => toBinaryWith(Kitchen, { ...base, u64: "-1" }), "INVALID_EVENT", /^cannot encode test\.kitchen\.v1\.Kitchen to binary: u64: .+/);
});

binaryGeneric("never writes a value of another type as the field's default, nor an out-of-range Timestamp", () => {
  const base = value(kitchen("{}"));
  const refuses = (change: Record<string, unknown>, path: string, reason: string) => {
    try {
      toBinaryWith(Kitchen, { ...base, ...change });
      assert.unreachable(path);
    } catch (error) {
      assert.ok(isRbmEventError(error), String(error));
      assert.is(error.code, "INVALID_EVENT");
      assert.is(error.message, `cannot encode test.kitchen.v1.Kitchen to binary: ${path}: ${reason}`);
      assert.equal(error.issues, [{ path, message: reason }]);
    }
  };
  refuses({ text: 5 }, "text", "invalid value: expected string, received number");
  refuses({ flag: "true" }, "flag", "invalid value: expected boolean, received string");
  refuses({ i32: 1.5 }, "i32", "invalid value: expected integer, received number");
  refuses({ i64: "12abc" }, "i64", "invalid value: expected integer, received string");
  refuses({ dbl: "1" }, "dbl", "invalid value: expected number, received string");
  refuses({ data: "AAAA" }, "data", "invalid value: expected Uint8Array, received string");
  refuses({ inner: "x" }, "inner", "invalid value: expected object, received string");
  refuses({ inner: { name: "a", count: 0, child: { name: 7, count: 0 } } }, "inner.child.name", "invalid value: expected string, received number");
  refuses(
    { when: { seconds: 1e15, nanos: 0 } },
    "when.seconds",
    "invalid timestamp: seconds 1000000000000000 is outside -62135596800 to 253402300799 (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)",
  );
  refuses({ when: { seconds: 0, nanos: 2e9 } }, "when.nanos", "invalid timestamp: nanos must be an integer from 0 to 999999999, received 2000000000");
  refuses({ when: "2014-10-02T15:01:23Z" }, "when", "invalid value: expected object, received string");
});

binaryGeneric("throws INVALID_EVENT, not a RangeError, for messages built by hand nested 100,000 deep", () => {
  let inner: Record<string, unknown> = { name: "", count: 0 };
  for (let i = 0; i < 100_000; i++) inner = { name: "", count: 0, child: inner };
  throwsCode(
    () => toBinaryWith(Kitchen, { ...value(kitchen("{}")), inner }),
    "INVALID_EVENT",
    "cannot encode test.kitchen.v1.Kitchen to binary: too deeply nested",
  );
});

binary("refuses a senderPhoneNumber of another type instead of writing it", () => {
  throwsCode(
    () => toBinary(USER, { ...emptyUser, senderPhoneNumber: 5 } as never),
    "INVALID_EVENT",
    `cannot encode ${USER} to binary: senderPhoneNumber: invalid value: expected string, received number`,
  );
  throwsCode(() => toBinary(USER, null as never), "INVALID_ARGUMENT", "toBinary(): message: expected an object, received null");
});

// Hand-rolled encodings, independent of any protobuf library, for the 64-bit and negative cases.
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const b = Number(v & BigInt(0x7f));
    v >>= BigInt(7);
    out.push(v === BigInt(0) ? b : b | 0x80);
  } while (v !== BigInt(0));
  return out;
};
const zigzag = (n: bigint) => BigInt.asUintN(64, (n << BigInt(1)) ^ (n >> BigInt(63)));
const fixed64 = (n: bigint) => Array.from({ length: 8 }, (_, i) => Number((BigInt.asUintN(64, n) >> BigInt(8 * i)) & BigInt(0xff)));
const pow2 = (n: number) => BigInt(2) ** BigInt(n);
const INT64 = [-pow2(63), -pow2(53) - BigInt(1), -pow2(32), -BigInt(1), BigInt(1), pow2(31), pow2(32) - BigInt(1), pow2(53) + BigInt(1), pow2(63) - BigInt(1)];
const UINT64 = [BigInt(1), pow2(32), pow2(53) + BigInt(1), pow2(63), pow2(64) - BigInt(1)];
/** Each 64-bit field of Kitchen: its JSON key, its tag byte, its values and their encoding. */
const LONG_FIELDS = [
  { key: "i64", tag: 0x30, values: INT64, encode: varint },
  { key: "u64", tag: 0x38, values: UINT64, encode: varint },
  { key: "s64", tag: 0x40, values: INT64, encode: (n: bigint) => varint(zigzag(n)) },
  { key: "f64", tag: 0x49, values: UINT64, encode: fixed64 },
  { key: "sf64", tag: 0x51, values: INT64, encode: fixed64 },
];

binaryGeneric("writes every 64-bit type exactly at its extremes, from bigints, strings and safe numbers", () => {
  const base = value(kitchen("{}"));
  for (const { key, tag, values, encode } of LONG_FIELDS) {
    for (const n of values) {
      const expected = [tag, ...encode(n)];
      assert.equal([...toBinaryWith(Kitchen, { ...base, [key]: n })], expected, `${key} ${n}`);
      assert.equal([...toBinaryWith(Kitchen, { ...base, [key]: String(n) })], expected, `${key} "${n}"`);
      if (Number.isSafeInteger(Number(n))) assert.equal([...toBinaryWith(Kitchen, { ...base, [key]: Number(n) })], expected, `${key} ${n} as a number`);
    }
  }
});

binaryGeneric("writes a negative int32 or enum number as ten bytes, packed too, and a negative sint32 or sfixed32 in its own encoding", () => {
  const base = value(kitchen("{}"));
  const minusOne = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
  assert.equal([...toBinaryWith(Kitchen, { ...base, i32: -1 })], [0x08, ...minusOne]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, i32: -(2 ** 31) })], [0x08, ...varint(-pow2(31))]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, color: { unknown: -1 } })], [0x80, 0x01, ...minusOne]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, numbers: [-1, 1] })], [0x92, 0x01, 11, ...minusOne, 1]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, s32: -1, sf32: -5 })], [0x18, 0x01, 0x2d, 0xfb, 0xff, 0xff, 0xff]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, u32: 4294967295, f32: 4294967295 })], [0x10, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x25, 0xff, 0xff, 0xff, 0xff]);
});

binaryGeneric("refuses an integer or a float out of its field's range instead of wrapping it", () => {
  const base = value(kitchen("{}"));
  const refuses = (change: Record<string, unknown>, path: string, reason: string) =>
    throwsCode(() => toBinaryWith(Kitchen, { ...base, ...change }), "INVALID_EVENT", `cannot encode test.kitchen.v1.Kitchen to binary: ${path}: ${reason}`);
  refuses({ i32: 2 ** 31 }, "i32", "invalid int32: 2147483648 is out of range");
  refuses({ s32: -(2 ** 31) - 1 }, "s32", "invalid sint32: -2147483649 is out of range");
  refuses({ s32: "-1" }, "s32", "invalid value: expected integer, received string");
  refuses({ sf32: BigInt(1) }, "sf32", "invalid value: expected integer, received bigint");
  refuses({ u32: -1 }, "u32", "invalid uint32: -1 is out of range");
  refuses({ f32: 2 ** 32 }, "f32", "invalid fixed32: 4294967296 is out of range");
  refuses({ color: { unknown: 2 ** 31 } }, "color", "invalid enum value: 2147483648 is outside int32");
  refuses({ i64: "9223372036854775808" }, "i64", 'invalid int64: "9223372036854775808" is out of range');
  refuses({ sf64: -pow2(63) - BigInt(1) }, "sf64", "invalid sfixed64: -9223372036854775809 is out of range");
  refuses({ u64: "-1" }, "u64", 'invalid uint64: "-1" is out of range');
  refuses({ f64: pow2(64) }, "f64", "invalid fixed64: 18446744073709551616 is out of range");
  refuses({ flt: 3.5e38 }, "flt", "invalid float: 3.5e+38 is out of range");
  assert.equal([...toBinaryWith(Kitchen, { ...base, flt: Infinity })], [0x5d, 0, 0, 0x80, 0x7f]);
});

binaryGeneric("writes a lone surrogate as U+FFFD, never as invalid UTF-8", () => {
  const base = value(kitchen("{}"));
  assert.equal([...toBinaryWith(Kitchen, { ...base, text: "a\uD800b" })], [0x72, 5, 0x61, 0xef, 0xbf, 0xbd, 0x62]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, text: "\uDC00" })], [0x72, 3, 0xef, 0xbf, 0xbd]);
  assert.equal([...toBinaryWith(Kitchen, { ...base, text: "\uD83D\uDE00" })], [0x72, 4, 0xf0, 0x9f, 0x98, 0x80]);
});

binaryGeneric("gives bytes of their own, not a view of a shared buffer", () => {
  const bytes = toBinaryWith(Kitchen, { ...value(kitchen("{}")), i32: 1 });
  assert.is(bytes.byteOffset, 0);
  assert.is(bytes.buffer.byteLength, 2);
  assert.is(Object.getPrototypeOf(bytes), Uint8Array.prototype);
});

binaryGeneric.run();

const decode = suite("fromBinary()");

decode("decodes what @bufbuild/protobuf writes to the value validate() gives", () => {
  const bytes = oracleBinary(USER, read);
  assert.equal(fromBinary(USER, bytes), readValue);
  assert.equal(fromBinary("UserEvent", new Uint8Array(0)), emptyUser);
  const server = fromBinary(SERVER, oracleBinary(SERVER, revoked));
  assert.equal(server, { ...emptyServer, ...revoked, eventType: "TTL_EXPIRATION_REVOKE_FAILED", sendTime: { seconds: 1412242283, nanos: 0 } });
});

decode("keeps an unknown enum number as { unknown }, frozen", () => {
  const decoded = fromBinary(USER, new Uint8Array([0x10, 99]));
  assert.equal(decoded.eventType, { unknown: 99 });
  assert.ok(Object.isFrozen(decoded.eventType));
  assert.equal([...toBinary(USER, decoded)], [0x10, 99]);
});

decode("skips fields a newer schema wrote", () => {
  const bytes = new Uint8Array([...oracleBinary(USER, read), 0x98, 0x06, 0x01]);
  assert.equal(fromBinary(USER, bytes), readValue);
});

decode("throws INVALID_EVENT for malformed bytes", () => {
  throwsCode(() => fromBinary(USER, new Uint8Array([0x0a, 0x05, 0x61])), "INVALID_EVENT", new RegExp(`^cannot decode ${USER} from binary: .+`));
  throwsCode(() => fromBinary(USER, new Uint8Array([0x0f])), "INVALID_EVENT", new RegExp(`^cannot decode ${USER} from binary: .+`));
});

decode.run();

const decodeGeneric = suite("fromBinaryWith()");

decodeGeneric("gives bytes as a plain Uint8Array and 64-bit integers as numbers", () => {
  const bytes = Kitchen.encode(Kitchen.fromObject({ data: [1, 2], i64: "-7", byUlong: { "9007199254740991": "u" } })).finish();
  const message = fromBinaryWith(Kitchen, bytes);
  assert.is(Object.getPrototypeOf(message["data"]), Uint8Array.prototype);
  assert.equal(message["data"], new Uint8Array([1, 2]));
  assert.is(message["i64"], -7);
  assert.equal(message["byUlong"], dict({ 9007199254740991: "u" }));
});

decodeGeneric("gives 64-bit integers exactly as strings or bigints with the longs option", () => {
  const bytes = protobuf.Writer.create()
    .uint32(48)
    .int64("-9223372036854775808")
    .uint32(56)
    .uint64("18446744073709551615")
    .uint32(362)
    .fork()
    .uint32(8)
    .int64("9223372036854775807")
    .uint32(18)
    .string("m")
    .ldelim()
    .finish();
  const asString = fromBinaryWith(Kitchen, bytes, { longs: "string" });
  assert.equal([asString["i64"], asString["u64"], asString["byLong"]], ["-9223372036854775808", "18446744073709551615", dict({ "9223372036854775807": "m" })]);
  const asBigint = fromBinaryWith(Kitchen, bytes, { longs: "bigint" });
  assert.equal([asBigint["i64"], asBigint["u64"]], [-(BigInt(2) ** BigInt(63)), BigInt(2) ** BigInt(64) - BigInt(1)]);
  assert.equal([...toBinaryWith(Kitchen, asString)], [...bytes]);
  assert.equal([...toBinaryWith(Kitchen, asBigint)], [...bytes]);
});

decodeGeneric("reads a map entry without a key or value as the defaults of their types", () => {
  // byLong (45): an entry with only a value, then an empty one; byFlag (23): only a value; counts (21): only a key.
  const bytes = new Uint8Array([0xea, 0x02, 3, 0x12, 1, 0x6d, 0xba, 0x01, 3, 0x12, 1, 0x79, 0xaa, 0x01, 3, 0x0a, 1, 0x61]);
  const message = fromBinaryWith(Kitchen, bytes);
  assert.equal(message["byLong"], dict({ 0: "m" }));
  assert.equal(message["byFlag"], dict({ false: "y" }));
  assert.equal(message["counts"], dict({ a: 0 }));
  assert.equal(fromBinaryWith(Kitchen, new Uint8Array([0xb2, 0x01, 0]))["byId"], dict({ 0: { name: "", count: 0, child: undefined } }));
});

decodeGeneric("keeps unknown fields, in nested messages too, and writes them back after the known ones", () => {
  const unknown = [0x98, 0x06, 0x01, 0xa5, 0x06, 1, 2, 3, 4, 0xab, 0x06, 0x08, 0x01, 0xac, 0x06];
  const bytes = new Uint8Array([0x08, 0x05, ...unknown, 0x8a, 0x01, 5, 0x10, 0x02, 0xf8, 0x07, 0x09]);
  const message = fromBinaryWith(Kitchen, bytes);
  assert.is(message["i32"], 5);
  assert.equal((message as Record<symbol, unknown>)[UNKNOWN_FIELDS], new Uint8Array(unknown));
  assert.equal((message["inner"] as Record<symbol, unknown>)[UNKNOWN_FIELDS], new Uint8Array([0xf8, 0x07, 0x09]));
  assert.equal([...toBinaryWith(Kitchen, message)], [0x08, 0x05, 0x8a, 0x01, 5, 0x10, 0x02, 0xf8, 0x07, 0x09, ...unknown]);
  assert.equal(Object.keys(message).includes(String(UNKNOWN_FIELDS)), false);
  assert.equal(JSON.stringify(toJsonWith(Kitchen, message)), '{"i32":5,"inner":{"count":2}}');
});

decodeGeneric("keeps a field of a known number but another wire type as unknown", () => {
  const message = fromBinaryWith(Kitchen, new Uint8Array([0x0d, 1, 0, 0, 0]));
  assert.is(message["i32"], 0);
  assert.equal((message as Record<symbol, unknown>)[UNKNOWN_FIELDS], new Uint8Array([0x0d, 1, 0, 0, 0]));
});

decodeGeneric("reads repeated scalars packed and unpacked, merges a message that occurs twice, keeps the last oneof member", () => {
  const bytes = new Uint8Array([0x92, 0x01, 2, 1, 2, 0x90, 0x01, 3, 0x8a, 0x01, 2, 0x10, 7, 0x8a, 0x01, 3, 0x0a, 1, 0x6e, 0xc2, 0x01, 1, 0x78, 0xc8, 0x01, 4]);
  const message = fromBinaryWith(Kitchen, bytes);
  assert.equal(message["numbers"], [1, 2, 3]);
  assert.equal(message["inner"], { name: "n", count: 7, child: undefined });
  assert.equal(message["choice"], { $case: "choiceNumber", value: 4 });
});

decodeGeneric("throws INVALID_EVENT for truncated input, a bad tag or a wrong end group", () => {
  const huge = [0xff, 0xff, 0xff, 0xff, 0x0f]; // a length of 2^32-1, past any input
  for (const bytes of [
    [0x8a, 0x01, 5, 0x10],
    [0x0d, 1, 0],
    [0x00],
    [0x92, 0x01, 3, 1],
    [0x0c],
    [0x0b, 0x14],
    [0x0b],
    [0x92, 0x01, ...huge, 1],
    [0xb2, 0x01, ...huge, 0x08, 1],
    [0x8a, 0x01, ...huge],
  ]) {
    throwsCode(() => fromBinaryWith(Kitchen, new Uint8Array(bytes)), "INVALID_EVENT", /^cannot decode test\.kitchen\.v1\.Kitchen from binary: .+/);
  }
});

decodeGeneric("honours jstype, and reads and writes proto2 groups, extensions, packed and unpacked fields", () => {
  const input = {
    id: "9223372036854775807",
    count: 5,
    plain: 7,
    packedNumbers: [1, 2],
    numbers: [3, 4],
    item: { name: "n" },
    stamps: ["18446744073709551615"],
    "[test.legacy.v1.level]": 2,
  };
  const message = value(validateWith(Legacy, input));
  assert.equal([message["id"], message["count"], message["plain"], message["stamps"]], ["9223372036854775807", 5, 7, ["18446744073709551615"]]);
  const bytes = toBinaryWith(Legacy, message);
  assert.equal(
    [...bytes],
    [
      0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x10, 5, 0x18, 7, 0x22, 2, 1, 2, 0x28, 3, 0x28, 4, 0x33, 0x3a, 1, 0x6e, 0x34, 0x49, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa0, 0x06, 2,
    ],
  );
  assert.equal(fromBinaryWith(Legacy, bytes), message);
  assert.equal(fromBinaryWith(Legacy, bytes, { longs: "bigint" })["plain"], BigInt(7));
  assert.equal(fromBinaryWith(Legacy, bytes, { longs: "bigint" })["id"], "9223372036854775807");
  assert.equal(toJsonWith(Legacy, message), { ...input, count: "5", plain: "7" });
});

decodeGeneric("reads any bytes to a value that writes back to the same value, or throws INVALID_EVENT (property)", () => {
  const known = toBinaryWith(Kitchen, value(kitchen(json(fullKitchen))));
  const inputs = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    // The bytes of a full Kitchen with a few bytes changed: mostly well-formed, now and then not.
    fc.array(fc.tuple(fc.nat(known.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }).map((edits) => {
      const bytes = known.slice();
      for (const [at, byte] of edits) bytes[at] = byte;
      return bytes;
    }),
  );
  fc.assert(
    fc.property(inputs, (bytes) => {
      let message: Record<string, unknown>;
      try {
        message = fromBinaryWith(Kitchen, bytes, { longs: "bigint" });
      } catch (error) {
        assert.ok(isRbmEventError(error) && error.code === "INVALID_EVENT", String(error));
        return;
      }
      let written: Uint8Array;
      try {
        written = toBinaryWith(Kitchen, message);
      } catch (error) {
        // Binary can hold a Timestamp outside 0001-9999; toBinary never writes one.
        assert.ok(
          isRbmEventError(error) && /^cannot encode test\.kitchen\.v1\.Kitchen to binary: when\.(seconds|nanos): invalid timestamp: /.test(error.message),
          String(error),
        );
        return;
      }
      assert.equal(fromBinaryWith(Kitchen, written, { longs: "bigint" }), message);
    }),
    { numRuns: 500 },
  );
});

decodeGeneric("reads a 64-bit zero, written or left out, in the shape longs asks for: fields, wrappers, map values", () => {
  const zero = { number: 0, string: "0", bigint: BigInt(0) } as const;
  const explicitZero = new Uint8Array([0x82, 0x03, 2, 0x08, 0]); // wrappedUlong { value: 0 }, the 0 written
  const emptyWrapper = new Uint8Array([0x82, 0x03, 0]); // wrappedUlong {}, the 0 left out
  for (const longs of ["number", "string", "bigint"] as const) {
    const read = (bytes: Uint8Array) => fromBinaryWith(Kitchen, bytes, { longs });
    assert.is(read(explicitZero)["wrappedUlong"], zero[longs], `written, ${longs}`);
    assert.is(read(emptyWrapper)["wrappedUlong"], zero[longs], `left out, ${longs}`);
    assert.is(read(toBinaryWith(Kitchen, read(explicitZero)))["wrappedUlong"], zero[longs], `written again, ${longs}`);
    assert.equal(
      ["i64", "u64", "s64", "f64", "sf64"].map((key) => read(new Uint8Array(0))[key]),
      Array(5).fill(zero[longs]),
      longs,
    );
    assert.equal(read(new Uint8Array([0xaa, 0x01, 3, 0x0a, 1, 0x61]))["counts"], dict({ a: zero[longs] }), `map value, ${longs}`);
    assert.is(value(kitchen("{}", { longs }))["i64"], zero[longs], `from JSON, ${longs}`);
  }
  // A jstype fixes the shape whatever longs says.
  const proto = 'syntax = "proto3"; message J { int64 id = 1 [jstype = JS_STRING]; uint64 count = 2 [jstype = JS_NUMBER]; }';
  const typed = protobuf.parse(proto).root.resolveAll().lookupType("J");
  for (const longs of ["number", "string", "bigint"] as const) {
    const message = fromBinaryWith(typed, new Uint8Array(0), { longs });
    assert.equal([message["id"], message["count"]], ["0", 0], longs);
    assert.equal(value(validateWith(typed, {}, { longs })), { id: "0", count: 0 }, longs);
  }
});

decodeGeneric("throws INVALID_EVENT for a 64-bit integer a number cannot hold exactly", () => {
  const bytes = protobuf.Writer.create().uint32(48).int64("9007199254740992").finish();
  throwsCode(
    () => fromBinaryWith(Kitchen, bytes),
    "INVALID_EVENT",
    "cannot decode test.kitchen.v1.Kitchen from binary: i64: 9007199254740992 is outside ±(2^53-1), the safe integer range of a JavaScript number; the longs option keeps it exact",
  );
});

decodeGeneric("reads every 64-bit type exactly at its extremes, as bigints and strings, and refuses an unsafe number", () => {
  for (const { key, tag, values, encode } of LONG_FIELDS) {
    for (const n of values) {
      const bytes = new Uint8Array([tag, ...encode(n)]);
      assert.is(fromBinaryWith(Kitchen, bytes, { longs: "bigint" })[key], n, `${key} ${n}`);
      assert.is(fromBinaryWith(Kitchen, bytes, { longs: "string" })[key], String(n), `${key} "${n}"`);
      if (Number.isSafeInteger(Number(n))) assert.is(fromBinaryWith(Kitchen, bytes)[key], Number(n), `${key} ${n} as a number`);
      else throwsCode(() => fromBinaryWith(Kitchen, bytes), "INVALID_EVENT", `cannot decode test.kitchen.v1.Kitchen from binary: ${key}: ${n} ${UNSAFE}`);
    }
  }
});

decodeGeneric("reads a ten-byte int32 and keeps its low 32 bits, as protoc does", () => {
  assert.is(fromBinaryWith(Kitchen, new Uint8Array([0x08, ...varint(-BigInt(1))]))["i32"], -1);
  assert.is(fromBinaryWith(Kitchen, new Uint8Array([0x08, ...varint(pow2(32) + BigInt(5))]))["i32"], 5);
  assert.equal(fromBinaryWith(Kitchen, new Uint8Array([0x92, 0x01, 11, ...varint(-BigInt(1)), 1]))["numbers"], [-1, 1]);
  assert.equal(fromBinaryWith(Kitchen, new Uint8Array([0x80, 0x01, ...varint(-BigInt(1))]))["color"], { unknown: -1 });
});

decodeGeneric("reads a bool from any varint, true for any bit of its 64", () => {
  const flag = (...bytes: number[]) => fromBinaryWith(Kitchen, new Uint8Array([0x68, ...bytes]))["flag"];
  assert.is(flag(0x80, 0x00), false);
  assert.is(flag(...varint(pow2(63))), true);
  assert.is(flag(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), false);
});

decodeGeneric("reads a length given in more bytes than it needs, as protoc does", () => {
  assert.is(fromBinaryWith(Kitchen, new Uint8Array([0x72, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x78]))["text"], "x");
  assert.equal(fromBinaryWith(Kitchen, new Uint8Array([0x7a, 0x82, 0x00, 1, 2]))["data"], new Uint8Array([1, 2]));
});

decodeGeneric("names the cause of malformed input", () => {
  const rejects = (bytes: number[], reason: string) =>
    throwsCode(() => fromBinaryWith(Kitchen, new Uint8Array(bytes)), "INVALID_EVENT", `cannot decode test.kitchen.v1.Kitchen from binary: ${reason}`);
  rejects([0x25, 1, 0], "premature EOF"); // a fixed32 cut short
  rejects([0x49, 1, 2, 3], "premature EOF"); // a fixed64 cut short
  rejects([0x30, 0xff, 0xff], "premature EOF"); // an int64 cut short
  rejects([0x30, ...Array(10).fill(0xff), 0x01], "invalid varint"); // eleven bytes
  rejects([0x08, ...Array(10).fill(0xff), 0x01], "invalid varint"); // eleven bytes for an int32
  rejects([0x72, 2, 0x61], "premature EOF");
  rejects([0x00], "illegal tag: field no 0 wire type 0");
  rejects([0x0e], "illegal tag: field no 1 wire type 6");
  rejects([0xf8, 0xff, 0xff, 0xff, 0x7f], "illegal tag: varint overflows uint32");
  rejects([0xfb, 0x07, 0x08, 0x01, 0x84, 0x08], "invalid end group tag"); // group 127 closed as 128
  rejects([0x72, 1, 0xff], "The encoded data was not valid for encoding utf-8");
});

decodeGeneric.run();
