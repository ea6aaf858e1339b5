// No value decodeEvent returns contradicts its declared type: every event it decodes from the
// corpora (examples, fixtures, the shared vectors and the differential documents) is checked
// against a runtime mirror of Message<N>, enums above all: a declared name or a frozen { unknown }.
import { readdirSync, readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, type DecodedEvent, type DeliveryInput } from "../../../src/events/index.js";
import { payloadTypeNames } from "../../../gen/payloads.js";
import { planOf } from "../../../src/schema/index.js";
import { lookupMessage, messageTypeNames } from "../../../src/schema/index.js";
import { conformance } from "../../support/mirror.js";
import { generateDocuments } from "../../interop/differential/documents.js";

const test = suite("decodeEvent() values against their declared types");
const root = new URL("../../../", import.meta.url);

/** Decodes a body both ways; checks what decodes; counts decoded events and unknown enum values. */
function check(body: unknown, where: string, counts: { events: number; unknownEnums: number }) {
  for (const strict of [false, true]) {
    let decoded: DecodedEvent;
    try {
      decoded = decodeEvent(body as DeliveryInput, { strict });
    } catch {
      continue;
    }
    if (decoded.kind === "unknown") continue;
    counts.events++;
    if (JSON.stringify(decoded.event).includes('"unknown":')) counts.unknownEnums++;
    const problems = conformance(planOf(lookupMessage(payloadTypeNames[decoded.kind])), decoded.event);
    assert.equal(problems, [], `${where}${strict ? " (strict)" : ""}`);
  }
}

const push = (data: Uint8Array) => ({ message: { data: Buffer.from(data).toString("base64"), messageId: "1" } });

test("the examples and fixtures", () => {
  const counts = { events: 0, unknownEnums: 0 };
  for (const folder of ["examples/", "test/fixtures/"]) {
    for (const name of readdirSync(new URL(folder, root)).filter((n) => n.endsWith(".json") && n !== "signatures.json")) {
      check(readFileSync(new URL(folder + name, root)), folder + name, counts);
    }
  }
  assert.ok(counts.events >= 10, `${counts.events} events`);
});

test("the shared vectors, as JSON", () => {
  const counts = { events: 0, unknownEnums: 0 };
  const dir = new URL("test/interop/vectors/", root);
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const file = JSON.parse(readFileSync(new URL(name, dir), "utf8")) as { cases: Array<{ name: string; json: unknown }> };
    for (const c of file.cases) check(push(Buffer.from(JSON.stringify(c.json))), `${name} ${c.name}`, counts);
  }
  assert.ok(counts.events >= 50 && counts.unknownEnums >= 3, JSON.stringify(counts));
});

test("the differential documents of every message", () => {
  const counts = { events: 0, unknownEnums: 0 };
  for (const message of messageTypeNames()) {
    for (const [i, doc] of generateDocuments(message, { count: 600 }).entries()) check(push(doc.bytes), `${message} document ${i}`, counts);
  }
  assert.ok(counts.events >= 400 && counts.unknownEnums >= 50, JSON.stringify(counts));
});

test("finds a value that contradicts its type", () => {
  const plan = planOf(lookupMessage("UserEvent"));
  const good = { senderPhoneNumber: "", eventType: Object.freeze({ unknown: 7 }), eventId: "", messageId: "", sendTime: undefined, agentId: "" };
  assert.equal(conformance(plan, good), []);
  assert.equal(conformance(plan, { ...good, eventType: 7 }), ["eventType: 7 is not a declared name or a frozen { unknown }"]);
  assert.equal(conformance(plan, { ...good, eventType: "NEW" }), ['eventType: "NEW" is not a name of rbm.events.v1.UserEvent.EventType']);
  assert.equal(conformance(plan, { ...good, eventType: Object.freeze({ unknown: 3 }) }), [
    'eventType: {"unknown":3} is not { unknown } of an undeclared number',
  ]);
  assert.equal(conformance(plan, { ...good, sendTime: { seconds: 0, nanos: -1 } }), [
    'sendTime: {"seconds":0,"nanos":-1} is not a Timestamp { seconds, nanos }',
  ]);
});

test.run();
