// JSON text that keeps -0, and is JSON.stringify's text for everything else.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { jsonText } from "../../../src/encoding/index.js";

const test = suite("jsonText()");

test("writes -0 as -0.0, wherever it is", () => {
  assert.is(jsonText(-0), "-0.0");
  assert.is(jsonText({ latitude: -0, longitude: 0 }), '{"latitude":-0.0,"longitude":0}');
  assert.is(jsonText([1, [-0], { a: { b: -0 } }]), '[1,[-0.0],{"a":{"b":-0.0}}]');
  assert.is(jsonText({ s: "-0", n: -0, u: undefined, f: () => 1, list: [undefined, -0] }), '{"s":"-0","n":-0.0,"list":[null,-0.0]}');
  assert.ok(Object.is((JSON.parse(jsonText({ x: -0 })) as { x: number }).x, -0));
});

test("writes what JSON.stringify writes when there is no -0", () => {
  assert.is(
    jsonText({ a: 0, b: "x\u2028\ud800", c: [null, NaN, Infinity], d: new Date(0) }),
    JSON.stringify({ a: 0, b: "x\u2028\ud800", c: [null, NaN, Infinity], d: new Date(0) }),
  );
  assert.is(jsonText(undefined), undefined);
  // a round trip through JSON.stringify turns every -0 into 0
  const withoutNegativeZero = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);
  fc.assert(
    fc.property(withoutNegativeZero, (value) => assert.is(jsonText(value), JSON.stringify(value))),
    { numRuns: 1000 },
  );
});

test("reads back to the same value, the sign of every zero included (property)", () => {
  const same = (a: unknown, b: unknown): boolean => {
    if (typeof a === "number") return Object.is(a, b);
    if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
    if (typeof a === "object" && a !== null) {
      const keys = Object.keys(a);
      return (
        typeof b === "object" &&
        b !== null &&
        keys.length === Object.keys(b).length &&
        keys.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      );
    }
    return a === b;
  };
  const values = fc.letrec((tie) => ({
    value: fc.oneof(
      { maxDepth: 4 },
      fc.constantFrom(-0, 0, 1.5, -2e-300),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
    ),
  })).value;
  fc.assert(
    fc.property(values, (value) => {
      assert.ok(same(JSON.parse(jsonText(value)), value), jsonText(value));
    }),
    { numRuns: 2000 },
  );
});

test.run();
