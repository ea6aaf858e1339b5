import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { Issue } from "../../../src/errors.js";
import { durationToJson, fieldMaskToJson, parseDuration, parseFieldMask, readJsonValue, type JsonValueReader } from "../../../src/schema/index.js";

const SHAPE = 'invalid duration: expected seconds with up to 9 fraction digits and an "s" suffix, received';

const duration = suite("parseDuration()");

function reads(text: string, seconds: number, nanos: number): void {
  const result = parseDuration(text);
  assert.equal(result, { seconds, nanos }, text);
  if (typeof result !== "string") assert.ok(Object.is(result.seconds, seconds) && Object.is(result.nanos, nanos), `${text}: no -0`);
}

duration("reads seconds and up to 9 fraction digits, both parts carrying the sign", () => {
  reads("0s", 0, 0);
  reads("1.5s", 1, 500000000);
  reads("-1.000000001s", -1, -1);
  reads("-0.5s", 0, -500000000);
  reads("0.000001s", 0, 1000);
  reads("315576000000.999999999s", 315576000000, 999999999);
  reads("-315576000000s", -315576000000, 0);
});

duration("rejects other shapes, and more than 10,000 years", () => {
  for (const text of ["1h", "1", "1.s", ".5s", "1.0000000001s", "+1s", "1 s", "1S", "", "s"]) {
    assert.is(parseDuration(text), `${SHAPE} ${JSON.stringify(text)}`, text);
  }
  assert.is(parseDuration("-315576000001s"), 'invalid duration: "-315576000001s" is out of range (±315576000000s)');
  assert.is(parseDuration(`${"9".repeat(40)}s`), "invalid duration: string is out of range (±315576000000s)");
});

duration.run();

const durationJson = suite("durationToJson()");

durationJson("writes 0, 3, 6 or 9 fraction digits, the sign once", () => {
  assert.is(durationToJson({ seconds: 1, nanos: 0 }), "1s");
  assert.is(durationToJson({ seconds: 0, nanos: -500000000 }), "-0.500s");
  assert.is(durationToJson({ seconds: 0, nanos: 1000 }), "0.000001s");
  assert.is(durationToJson({ seconds: 1, nanos: 1 }), "1.000000001s");
  assert.is(durationToJson({ seconds: -315576000000, nanos: 0 }), "-315576000000s");
});

durationJson("writes what parseDuration reads back (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 315576000000 }), fc.integer({ min: 0, max: 999999999 }), fc.boolean(), (s, n, negative) => {
      const value = negative ? { seconds: -s + 0, nanos: -n + 0 } : { seconds: s, nanos: n };
      assert.equal(parseDuration(durationToJson(value)), value);
    }),
  );
});

durationJson.run();

const mask = suite("parseFieldMask()");

mask("reads lowerCamelCase paths into proto paths", () => {
  assert.equal(parseFieldMask("fooBar.baz,qux"), ["foo_bar.baz", "qux"]);
  assert.equal(parseFieldMask("a1B"), ["a1_b"]);
  assert.equal(parseFieldMask(""), []);
});

mask("rejects a path that is not lowerCamelCase field names, naming it", () => {
  for (const [text, bad] of [
    ["foo_bar", "foo_bar"],
    ["a..b", "a..b"],
    ["a,", ""],
    ["1a", "1a"],
    ["a-b", "a-b"],
    ["ok,x y", "x y"],
  ]) {
    assert.is(parseFieldMask(text as string), `invalid field mask: ${JSON.stringify(bad)} is not a path of lowerCamelCase field names`, text);
  }
});

mask.run();

const maskJson = suite("fieldMaskToJson()");

maskJson("writes proto paths as lowerCamelCase, comma-separated", () => {
  assert.is(fieldMaskToJson(["foo_bar.baz", "qux"]), "fooBar.baz,qux");
  assert.is(fieldMaskToJson(["a1_b"]), "a1B");
  assert.is(fieldMaskToJson([]), "");
});

maskJson.run();

/** A reader that collects issues, trusting strings as `wellFormed` says. */
function collector(wellFormed = false, maxDepth = 100): JsonValueReader & { issues: Issue[] } {
  const issues: Issue[] = [];
  return { wellFormed, maxDepth, issues, report: (path, message) => void issues.push({ path, message }) };
}

function dict(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

const jsonValue = suite("readJsonValue()");

jsonValue("copies any JSON, objects without prototype", () => {
  const reader = collector();
  const raw = { a: [1, null, { b: "c" }], d: true };
  const copy = readJsonValue(raw, "x", "y", 0, reader);
  assert.equal(copy, dict({ a: [1, null, dict({ b: "c" })], d: true }));
  assert.is.not(copy, raw);
  assert.equal(readJsonValue(null, "", "v", 0, reader), null);
  assert.equal(reader.issues, []);
});

jsonValue("reports what JSON does not have, leaves it out, and names its path", () => {
  const reader = collector();
  const copy = readJsonValue({ a: ["\ud800", NaN, 1], "\udc00": 1, b: undefined }, "extra", "x", 0, reader);
  assert.equal(copy, dict({ a: [1] }));
  assert.equal(reader.issues, [
    { path: "extra.x.a[0]", message: "invalid string: contains a lone surrogate" },
    { path: "extra.x.a[1]", message: "invalid number: NaN is out of range" },
    { path: 'extra.x["\\udc00"]', message: "invalid key: contains a lone surrogate" },
    { path: "extra.x.b", message: "invalid value: expected JSON value, received undefined" },
  ]);
  assert.is(readJsonValue(Infinity, "", "n", 0, reader), undefined);
  assert.is(readJsonValue(1n, "list", 3, 0, reader), undefined);
  assert.equal(reader.issues.slice(4), [
    { path: "n", message: "invalid number: Infinity is out of range" },
    { path: "list[3]", message: "invalid value: expected JSON value, received bigint" },
  ]);
});

jsonValue("trusts strings and keys when told they are well-formed", () => {
  const reader = collector(true);
  assert.equal(readJsonValue({ k: "\ud800" }, "", "v", 0, reader), dict({ k: "\ud800" }));
  assert.equal(reader.issues, []);
});

jsonValue("follows nesting to the reader's depth, and no deeper", () => {
  const nest = (levels: number): unknown => (levels === 0 ? 0 : [nest(levels - 1)]);
  const reader = collector(false, 3);
  assert.equal(readJsonValue(nest(2), "", "v", 1, reader), [[0]]);
  assert.equal(readJsonValue(nest(3), "", "v", 1, reader), [[]]);
  assert.equal(reader.issues, [{ path: "v[0][0]", message: "too deeply nested: more than 3 levels" }]);
});

jsonValue("keeps a __proto__ key as an own key, polluting nothing", () => {
  const copy = readJsonValue(JSON.parse('{"__proto__":{"polluted":1}}'), "", "v", 0, collector()) as Record<string, unknown>;
  assert.equal(Object.keys(copy), ["__proto__"]);
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
});

jsonValue.run();
