// The conversion options and the arguments of fromBinary: a caller's mistake is INVALID_ARGUMENT,
// naming the function, the argument and what it takes, in every function that takes `longs`.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UserEvent } from "../../../gen/binary-codecs.js";
import { fromBinary, fromBinaryWith, toBinary, toBinaryWith } from "../../../src/codec/binary-conversion.js";
import { toJson, toJsonWith } from "../../../src/codec/index.js";
import { validate, validateTextWith, validateValue, validateWith } from "../../../src/codec/validate.js";
import { Kitchen, USER, emptyUser, throwsCode } from "../../support/validation.js";

/** Every function that takes `longs`, called with `options`, under the name its errors give. */
const takingLongs: [string, (options: never) => unknown][] = [
  ["toJson()", (o) => toJson(USER, emptyUser, o)],
  ["toJson()", (o) => toJsonWith(Kitchen, {}, o)],
  ["toBinary()", (o) => toBinary(USER, emptyUser, o)],
  ["toBinary()", (o) => toBinaryWith(Kitchen, {}, o)],
  ["fromBinary()", (o) => fromBinary(USER, new Uint8Array(0), o)],
  ["fromBinary()", (o) => fromBinaryWith(Kitchen, new Uint8Array(0), o)],
  ["validate()", (o) => validate(USER, "{}", o)],
  ["validate()", (o) => validateTextWith(Kitchen, "{}", o)],
  ["validateValue()", (o) => validateValue(USER, {}, o)],
  ["validateValue()", (o) => validateWith(Kitchen, {}, o)],
  ["validateValue()", (o) => UserEvent.fromJSON({}, o)],
];

const longs = suite("ConversionOptions: longs");

longs("throws INVALID_ARGUMENT naming the option and the values it takes, in every function that takes it", () => {
  for (const [fn, call] of takingLongs) {
    for (const [bad, shown] of [
      ["foo", '"foo"'],
      ["BigInt", '"BigInt"'],
      [true, "true"],
      [null, "null"],
      ["x".repeat(100), "string"],
    ] as const) {
      throwsCode(() => call({ longs: bad } as never), "INVALID_ARGUMENT", `${fn}: options.longs: expected "number", "string" or "bigint", received ${shown}`);
    }
  }
});

longs("throws INVALID_ARGUMENT for options that are not an object", () => {
  for (const [fn, call] of takingLongs) {
    for (const [bad, type] of [
      ["bigint", "string"],
      [1, "number"],
      [[], "array"],
      [null, "null"],
    ] as const) {
      throwsCode(() => call(bad as never), "INVALID_ARGUMENT", `${fn}: options: expected an object, received ${type}`);
    }
  }
});

longs("takes each of the three shapes, and no options or no longs as number", () => {
  for (const [, call] of takingLongs) {
    for (const options of [undefined, {}, { longs: undefined }, { longs: "number" }, { longs: "string" }, { longs: "bigint" }]) call(options as never);
  }
  assert.is(fromBinaryWith(Kitchen, new Uint8Array([0x30, 5]), { longs: "bigint" })["i64"], BigInt(5));
  assert.is(fromBinaryWith(Kitchen, new Uint8Array([0x30, 5]), {})["i64"], 5);
});

longs.run();

const bytes = suite("fromBinary() given no bytes");

bytes("throws INVALID_ARGUMENT, a caller's mistake, for anything but a Uint8Array", () => {
  for (const [bad, type] of [
    [null, "null"],
    [undefined, "undefined"],
    ["CAE=", "string"],
    [[8, 1], "array"],
    [new ArrayBuffer(2), "object"],
    [{ length: 0 }, "object"],
  ] as const) {
    const message = `fromBinary(): bytes: expected a Uint8Array, received ${type}`;
    throwsCode(() => fromBinary(USER, bad as never), "INVALID_ARGUMENT", message);
    throwsCode(() => fromBinaryWith(Kitchen, bad as never), "INVALID_ARGUMENT", message);
    throwsCode(() => UserEvent.decode(bad as never), "INVALID_ARGUMENT", message);
  }
});

bytes("takes a Buffer, which is a Uint8Array", () => {
  assert.equal(fromBinary(USER, Buffer.from([0x1a, 1, 0x61])), { ...emptyUser, eventId: "a" });
});

bytes.run();
