import { suite } from "uvu";
import * as assert from "uvu/assert";
import { DriftSummary, MAX_ENTRIES } from "../../../src/cli/drift-summary.js";
import type { DecodedEvent } from "../../../src/events/index.js";
import type { UnknownPart } from "../../../src/codec/index.js";

const envelope = { source: "push" } as const;
const userMessage = (...unknown: UnknownPart[]) =>
  ({ kind: "userMessage", event: {}, envelope, ...(unknown.length > 0 ? { unknown } : {}) }) as unknown as DecodedEvent;
const userEvent = (...unknown: UnknownPart[]) =>
  ({ kind: "userEvent", event: {}, envelope, ...(unknown.length > 0 ? { unknown } : {}) }) as unknown as DecodedEvent;
const field = (path: string): UnknownPart => ({ path, kind: "field" });
const enumValue = (path: string, value: string | number): UnknownPart => ({ path, kind: "enumValue", value });

const test = suite("DriftSummary");

test("counts deliveries, those with unknown parts and failures, and says when nothing is unknown", () => {
  const summary = new DriftSummary();
  summary.add(userEvent(), "a:1");
  summary.add(userMessage(), "a:2");
  assert.is(summary.drift, false);
  assert.equal(summary.toJson(), { deliveries: 2, withUnknown: 0, failed: 0, unknown: [], failures: [] });
  assert.is(
    summary.toText(),
    ["deliveries: 2 read, 0 with unknown parts, 0 failed to decode", "nothing unknown: every field and enum value read is in this build's schema", ""].join(
      "\n",
    ),
  );
});

test("counts each part once per delivery that carried it, the most frequent first, with the first example", () => {
  const summary = new DriftSummary();
  summary.add(userMessage(field("richCard")), "a:1");
  summary.add(userEvent(enumValue("eventType", "NEW_TYPE")), "a:2");
  summary.add(userMessage(field("richCard"), field("userFile.payload.newThing")), "b:7");
  summary.add(userMessage(field("richCard"), field("richCard")), "b:8"); // once for the delivery
  summary.add(userEvent(enumValue("eventType", 9), enumValue("eventType", "NEW_TYPE")), "b:9");
  summary.add(userEvent(field("richCard")), "b:10"); // another payload's field of the same name
  assert.is(summary.drift, true);
  assert.equal(summary.entries(), [
    { deliveries: 3, in: "userMessage", kind: "field", path: "richCard", example: "a:1" },
    { deliveries: 2, in: "userEvent", kind: "enumValue", path: "eventType", value: "NEW_TYPE", example: "a:2" },
    { deliveries: 1, in: "userEvent", kind: "enumValue", path: "eventType", value: 9, example: "b:9" },
    { deliveries: 1, in: "userEvent", kind: "field", path: "richCard", example: "b:10" },
    { deliveries: 1, in: "userMessage", kind: "field", path: "userFile.payload.newThing", example: "b:7" },
  ]);
  assert.is(
    summary.toText(),
    [
      "deliveries: 6 read, 6 with unknown parts, 0 failed to decode",
      "deliveries  in           kind       path                       example",
      "         3  userMessage  field      richCard                   a:1",
      '         2  userEvent    enumValue  eventType = "NEW_TYPE"     a:2',
      "         1  userEvent    enumValue  eventType = 9              b:9",
      "         1  userEvent    field      richCard                   b:10",
      "         1  userMessage  field      userFile.payload.newThing  b:7",
      "",
    ].join("\n"),
  );
});

test("tells an enum name from the number of the same digits", () => {
  const summary = new DriftSummary();
  summary.add(userEvent(enumValue("eventType", 9)), "a:1");
  summary.add(userEvent(enumValue("eventType", "9")), "a:2");
  assert.equal(
    summary.entries().map((e) => e.value),
    [9, "9"],
  );
});

test("counts a payload of no kind by its top-level keys, each shown as paths show keys", () => {
  const summary = new DriftSummary();
  const unknown = (json: Record<string, unknown>) => ({ kind: "unknown", json, envelope }) as DecodedEvent;
  summary.add(unknown({ requestId: "r", capabilities: [] }), "a:1");
  summary.add(unknown({ capabilities: [], requestId: "s" }), "a:2");
  summary.add(unknown(JSON.parse('{"__proto__":1,"a b":2}') as Record<string, unknown>), "a:3");
  assert.equal(summary.entries(), [
    { deliveries: 2, in: "unknown", kind: "payload", path: "", value: "{capabilities,requestId}", example: "a:1" },
    { deliveries: 1, in: "unknown", kind: "payload", path: "", value: '{__proto__,["a b"]}', example: "a:3" },
  ]);
  assert.match(summary.toText(), /\n {9}2 {2}unknown {2}payload {2}\{capabilities,requestId\} {2}a:1\n/);
});

test("counts failures by code, with the first one's place and message, cut to 120 characters", () => {
  const summary = new DriftSummary();
  summary.fail("INVALID_JSON", "cannot decode body: blank", "a:1");
  summary.fail("INVALID_BASE64", `cannot decode envelope: ${"x".repeat(200)}`, "a:2");
  summary.fail("INVALID_BASE64", "another", "a:3");
  summary.add(userEvent(), "a:4");
  assert.equal(summary.toJson(), {
    deliveries: 4,
    withUnknown: 0,
    failed: 3,
    unknown: [],
    failures: [
      { code: "INVALID_BASE64", deliveries: 2, example: "a:2", message: `cannot decode envelope: ${"x".repeat(95)}…` },
      { code: "INVALID_JSON", deliveries: 1, example: "a:1", message: "cannot decode body: blank" },
    ],
  });
  assert.ok(summary.toText().endsWith("failed with INVALID_JSON: 1, first at a:1: cannot decode body: blank\n"));
  assert.is(summary.drift, false);
});

test("keeps __proto__ as a path, as data, polluting nothing", () => {
  const summary = new DriftSummary();
  summary.add(userMessage(field("__proto__"), field("constructor")), "a:1");
  assert.equal(
    summary.entries().map((e) => e.path),
    ["__proto__", "constructor"],
  );
  assert.is(({} as Record<string, unknown>)["deliveries"], undefined);
});

test(`lists at most ${MAX_ENTRIES} distinct parts and counts the others as omitted`, () => {
  const summary = new DriftSummary();
  for (let i = 0; i < MAX_ENTRIES + 5; i++) summary.add(userEvent(enumValue("eventType", `NAME_${i}`)), `a:${i + 1}`);
  summary.add(userEvent(enumValue("eventType", "NAME_0")), "b:1");
  assert.is(summary.entries().length, MAX_ENTRIES);
  assert.equal(summary.entries()[0], { deliveries: 2, in: "userEvent", kind: "enumValue", path: "eventType", value: "NAME_0", example: "a:1" });
  assert.is(summary.toJson()["omitted"], 5);
  assert.ok(summary.toText().includes("\nand 5 more distinct unknown parts, not listed\n"));
});

test("cuts a long enum name to 120 characters, never inside a surrogate pair", () => {
  const summary = new DriftSummary();
  // Shown as JSON: the quote, then 117 letters; the 119th character would be half of an emoji.
  summary.add(userEvent(enumValue("eventType", `${"A".repeat(117)}😀😀`)), "a:1");
  summary.add(userEvent(enumValue("eventType", `${"A".repeat(116)}😀😀`)), "a:2");
  const shown = [...summary.toText().matchAll(/eventType = (\S+)/g)].map((m) => m[1] as string);
  assert.equal(shown, [`"${"A".repeat(117)}…`, `"${"A".repeat(116)}😀…`]);
});

test.run();
