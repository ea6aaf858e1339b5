// The generated readers of flat messages (gen/plain-readers.ts) against the reflective reader:
// whatever a generated reader accepts, the reflective one reads to the same value, key order
// included, and measures no shorter.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { plainReaders, type PlainReader } from "../../../gen/plain-readers.js";
import { readObject } from "../../../src/codec/from-json.js";
import { Reader } from "../../../src/codec/index.js";
import { planOf, type MessagePlan } from "../../../src/schema/index.js";
import { lookupMessage } from "../../../src/schema/index.js";
import { parseTimestamp } from "../../../src/schema/index.js";

const test = suite("generated plain readers");

const readers = Object.entries(plainReaders) as [string, PlainReader<unknown>][];

test("exist for the flat events, and only for messages of strings, enums and Timestamps", () => {
  const names = readers.map(([name]) => name);
  for (const name of ["rbm.events.v1.UserEvent", "rbm.events.v1.ServerEvent", "rbm.events.v1.AgentLaunchEvent"]) {
    assert.ok(names.includes(name), name);
  }
  for (const name of names) {
    const plan = planOf(lookupMessage(name));
    for (const f of plan.fields) {
      assert.ok(f.shape === "singular" && f.oneof === undefined && ["string", "enum", "timestamp"].includes(f.kind), `${name}.${f.jsonName}`);
    }
  }
  assert.not.ok(names.includes("rbm.events.v1.UserMessage"));
});

/** Hand-written compact JSON text of an object, so that keys may repeat, be "__proto__", hold anything. */
function textOf(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
}

/** Members under the fields' JSON names, mostly valid, in any order, and sometimes others. */
function entriesFor(plan: MessagePlan): fc.Arbitrary<[string, unknown][]> {
  const text = fc.string({ unit: fc.oneof({ weight: 9, arbitrary: fc.constantFrom("a", "é", "😀") }, fc.constantFrom('"', "\\", "\u0000")), maxLength: 5 });
  const good = fc.tuple(
    ...plan.fields.map((f) => {
      const value =
        f.kind === "enum"
          ? fc.constantFrom(...f.enumNames)
          : f.kind === "timestamp"
            ? fc.constantFrom("2024-03-05T10:15:30Z", "2024-03-05T10:15:30.123456789Z", "1969-12-31T23:59:59.5+01:00")
            : text;
      return value.map((v): [string, unknown] => [f.jsonName, v]);
    }),
  );
  const odd = fc.tuple(
    fc.constantFrom(...plan.fields.map((f) => f.protoName), ...plan.fields.map((f) => f.jsonName), "x", "__proto__", "toString"),
    fc.constantFrom(null, 1, true, "", "NOPE", "bad time", {}, []),
  );
  const others = fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, fc.array(odd, { minLength: 1, maxLength: 2 }));
  return fc
    .tuple(
      good.chain((all) => fc.shuffledSubarray(all)),
      others,
    )
    .chain(([members, extra]) => fc.shuffledSubarray([...members, ...extra], { minLength: members.length + extra.length }));
}

test("measure no more than the text, and where as much, read what the reflective reader reads (property)", () => {
  for (const [name, plain] of readers) {
    const plan = planOf(lookupMessage(name));
    const names = new Set(plan.fields.map((f) => f.jsonName));
    let taken = 0;
    fc.assert(
      fc.property(entriesFor(plan), (entries) => {
        const text = textOf(entries);
        const json = JSON.parse(text) as Record<string, unknown>;
        const measure = { length: 0 };
        const value = plain(json, parseTimestamp, measure);
        if (value === undefined) return;
        // A member not read, a repeated key or an escape makes the text longer than the measure;
        // without them, the text is exactly as long ("{}" aside: a reader counts no closing brace
        // where it read no member, and leaves the empty object to the reflective reader).
        assert.ok(measure.length <= text.length, `${measure.length} > ${text.length}: ${text}`);
        const keys = entries.map(([key]) => key);
        const plainText = keys.length > 0 && !text.includes("\\") && new Set(keys).size === keys.length && keys.every((key) => names.has(key));
        if (plainText) assert.is(measure.length, text.length, text);
        if (measure.length < text.length) return;
        taken++;
        const reader = new Reader(false, false, true, true);
        const expected = readObject(plan, json, reader);
        assert.is(reader.issues, undefined, text);
        assert.equal(value, expected, text);
        assert.equal(Object.keys(value as object), Object.keys(expected), text);
      }),
      { numRuns: 600 },
    );
    assert.ok(taken > 100, `${name}: only ${taken} results taken`);
  }
});

test("take no member from the prototype chain", () => {
  const inherited = Object.create({ senderPhoneNumber: "+1", eventType: "READ" }) as Record<string, unknown>;
  const reader = plainReaders["rbm.events.v1.UserEvent"];
  assert.is(reader?.(inherited, parseTimestamp, { length: 0 }), undefined);
});

test("take no member from a polluted Object.prototype, and read the object's own members as before", () => {
  const reader = plainReaders["rbm.events.v1.UserEvent"];
  const json = JSON.parse('{"senderPhoneNumber":"+1","eventType":"READ"}') as Record<string, unknown>;
  const own = JSON.parse('{"senderPhoneNumber":"+1","eventType":"READ","eventId":"e"}') as Record<string, unknown>;
  const prototype = Object.prototype as Record<string, unknown>;
  prototype["eventId"] = "polluted";
  try {
    assert.is(reader?.(json, parseTimestamp, { length: 0 }), undefined);
    assert.is(reader?.(own, parseTimestamp, { length: 0 })?.eventId, "e");
  } finally {
    delete prototype["eventId"];
  }
  assert.is(reader?.(json, parseTimestamp, { length: 0 })?.eventId, "");
});

test("give up on an object without Object.prototype, which JSON.parse never makes", () => {
  const reader = plainReaders["rbm.events.v1.UserEvent"];
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { senderPhoneNumber: "+1", eventType: "READ" });
  assert.is(reader?.(bare, parseTimestamp, { length: 0 }), undefined);
});

test.run();
