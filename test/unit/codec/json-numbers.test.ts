import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UNSAFE, parseFloating, parseInteger, parseIntegerKey } from "../../../src/codec/json-numbers.js";
import type { Kind } from "../../../src/schema/index.js";

const integer = suite("parseInteger()");

function int(raw: number | string, expected: number | string, kind: Kind = "int32", typeName: string = kind): void {
  const result = parseInteger(raw, kind, typeName);
  assert.ok(Object.is(result, expected), `${JSON.stringify(raw)} as ${typeName}: ${String(result)}`);
}

integer("reads integral numbers and decimal strings, exponent included", () => {
  int(0, 0);
  int(-1, -1);
  int(1e5, 100000);
  int("123", 123);
  int("1e2", 100);
  int("150e-1", 15);
  int("100000.000", 100000);
  int("-0", 0); // never -0
  int(-0, 0);
});

integer("takes each kind's limits exactly", () => {
  int(2147483647, 2147483647);
  int(-2147483648, -2147483648);
  int(2147483648, "invalid int32: 2147483648 is out of range");
  int("-2147483649", 'invalid int32: "-2147483649" is out of range');
  int(4294967295, 4294967295, "uint32");
  int(-1, "invalid fixed32: -1 is out of range", "uint32", "fixed32");
  int("9007199254740991", 9007199254740991, "int64");
  int(-9007199254740991, -9007199254740991, "int64", "sint64");
  int("9007199254740992", `invalid int64: "9007199254740992" ${UNSAFE}`, "int64");
  int(1e300, `invalid sfixed64: 1e+300 ${UNSAFE}`, "int64", "sfixed64");
  int("18446744073709551615", `invalid fixed64: "18446744073709551615" ${UNSAFE}`, "uint64", "fixed64");
  int("-1", 'invalid uint64: "-1" is out of range', "uint64");
});

integer("rejects fractions, infinities and strings that are not JSON numbers", () => {
  int(1.5, "invalid int32: 1.5 is not an integer");
  int("1.05e1", 'invalid int32: "1.05e1" is not an integer');
  int("1e-1", 'invalid int32: "1e-1" is not an integer');
  int(Infinity, "invalid int32: Infinity is out of range");
  int(NaN, "invalid int32: NaN is out of range");
  for (const text of ["", " 1", "1 ", "+1", "01", "0x10", "1_000", "NaN", "1.", ".5", "1e"]) {
    int(text, `invalid int32: ${JSON.stringify(text)} is not a number`);
  }
  int("x".repeat(100), "invalid int32: string is not a number");
});

integer("gives what Number gives for any safe integer, written either way (property)", () => {
  fc.assert(
    fc.property(fc.maxSafeInteger(), (n) => {
      int(n, n + 0, "int64");
      int(String(n), n + 0, "int64");
    }),
  );
});

integer.run();

const floating = suite("parseFloating()");

function float(raw: number | string, expected: number | string, kind: Kind = "double"): void {
  const result = parseFloating(raw, kind, kind);
  assert.ok(Object.is(result, expected), `${JSON.stringify(raw)} as ${kind}: ${String(result)}`);
}

floating("reads numbers, numeric strings and the three special strings", () => {
  float(1.5, 1.5);
  float("-2.5e-3", -0.0025);
  float("-0", -0);
  float("NaN", NaN);
  float("Infinity", Infinity);
  float("-Infinity", -Infinity);
  float(5e-324, 5e-324);
  float(Number.MAX_VALUE, Number.MAX_VALUE);
});

floating("rejects what overflows the type, and strings that are not numbers", () => {
  float(Infinity, "invalid double: Infinity is out of range");
  float("1e309", 'invalid double: "1e309" is out of range');
  float(3.4028234663852886e38, 3.4028234663852886e38, "float");
  float(3.5e38, "invalid float: 3.5e+38 is out of range", "float");
  float("-3.5e38", 'invalid float: "-3.5e38" is out of range', "float");
  for (const text of ["nan", "inf", "-infinity", " 1", "1,5", "", "0x1", "+1"]) {
    float(text, `invalid double: ${JSON.stringify(text)} is not a number`);
  }
});

floating.run();

const key = suite("parseIntegerKey()");

function mapKey(name: string, expected: number | string, kind: Kind = "int32"): void {
  const result = parseIntegerKey(name, kind, kind);
  assert.ok(Object.is(result, expected), `${JSON.stringify(name)} as ${kind}: ${String(result)}`);
}

key("reads plain decimal digits within the key type's range", () => {
  mapKey("7", 7);
  mapKey("-1", -1);
  mapKey("-0", 0);
  mapKey("01", 1);
  mapKey("4294967295", 4294967295, "uint32");
  mapKey("-9007199254740991", -9007199254740991, "int64");
});

key("rejects other spellings, and keys out of range", () => {
  mapKey("x", 'invalid map key: expected int32, received "x"');
  mapKey("1.0", 'invalid map key: expected int32, received "1.0"');
  mapKey("1e2", 'invalid map key: expected int32, received "1e2"');
  mapKey("", 'invalid map key: expected int32, received ""');
  mapKey("2147483648", 'invalid map key: expected int32, received "2147483648"');
  mapKey("-1", 'invalid map key: expected uint64, received "-1"', "uint64");
  mapKey("9007199254740992", `invalid map key: "9007199254740992" ${UNSAFE}`, "int64");
});

key.run();
