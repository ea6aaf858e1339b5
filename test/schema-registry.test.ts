// The schema as protobufjs reflection: loading, lookup by name, and the compiled plans.
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { descriptorSetBase64 } from "../gen/descriptor-set.js";
import { ServerEvent } from "../gen/rbm/events/v1/server_event.js";
import { UserEvent } from "../gen/rbm/events/v1/user_event.js";
import { isRbmEventError } from "../src/errors.js";
import { defaults, fullName, loadSchema, lookupMessage, messageTypeNames, planOf } from "../src/schema.js";

const kitchenRoot = protobuf.loadSync(fileURLToPath(new URL("./fixtures/kitchen.proto", import.meta.url)));
kitchenRoot.resolveAll();
const Kitchen = kitchenRoot.lookupType("test.kitchen.v1.Kitchen");

function unknown(name: string, message: string) {
  try {
    lookupMessage(name);
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, "UNKNOWN_TYPE");
    assert.is(error.message, message);
    assert.equal(error.issues, []);
    return;
  }
  assert.unreachable(`expected ${name} to be unknown`);
}

const load = suite("loadSchema()");

load("loads the shipped schema once and returns the same Root after", () => {
  const root = loadSchema();
  assert.instance(root, protobuf.Root);
  assert.is(loadSchema(), root);
  assert.instance(root.lookup("rbm.events.v1.UserEvent"), protobuf.Type);
  assert.instance(root.lookup("rbm.events.v1.ServerEvent.EventType"), protobuf.Enum);
  assert.instance(root.lookup("google.protobuf.Timestamp"), protobuf.Type);
});

load("keeps the proto names and JSON names of the descriptor set", () => {
  const bytes = Uint8Array.from(atob(descriptorSetBase64), (c) => c.charCodeAt(0));
  const set = descriptor.FileDescriptorSet.decode(bytes) as unknown as {
    file: Array<{ package: string; messageType: Array<{ name: string; field: Array<{ name: string; number: number; jsonName: string }> }> }>;
  };
  let checked = 0;
  for (const file of set.file) {
    for (const message of file.messageType) {
      const type = loadSchema().lookupType(`${file.package}.${message.name}`);
      for (const field of message.field) {
        const loaded = type.fieldsById[field.number];
        assert.is(loaded?.protoName, field.name, `${message.name}.${field.name}`);
        assert.is(loaded?.jsonName, field.jsonName, `${message.name}.${field.name}`);
        checked++;
      }
    }
  }
  assert.is(checked, 14);
});

load.run();

const lookup = suite("lookupMessage()");

lookup("finds a message by full name, with or without a leading dot", () => {
  const type = lookupMessage("rbm.events.v1.UserEvent");
  assert.is(type.fullName, ".rbm.events.v1.UserEvent");
  assert.is(lookupMessage(".rbm.events.v1.UserEvent"), type);
  assert.is(lookupMessage("rbm.events.v1.ServerEvent").fullName, ".rbm.events.v1.ServerEvent");
  assert.is(lookupMessage("google.protobuf.Timestamp").fullName, ".google.protobuf.Timestamp");
});

lookup("finds a message by short name", () => {
  assert.is(lookupMessage("UserEvent"), lookupMessage("rbm.events.v1.UserEvent"));
  assert.is(lookupMessage("ServerEvent"), lookupMessage("rbm.events.v1.ServerEvent"));
  assert.is(lookupMessage("Timestamp"), lookupMessage("google.protobuf.Timestamp"));
});

lookup("throws UNKNOWN_TYPE for a name that is no message of the schema", () => {
  unknown("Foo", 'unknown message type "Foo"');
  unknown("", 'unknown message type ""');
  unknown("userevent", 'unknown message type "userevent"');
  unknown("EventType", 'unknown message type "EventType"');
  unknown("rbm.events.v1.UserEvent.EventType", "unknown message type string");
  unknown("events.v1.UserEvent", 'unknown message type "events.v1.UserEvent"');
  unknown(".UserEvent", 'unknown message type ".UserEvent"');
  unknown("x".repeat(10_000), "unknown message type string");
});

lookup("throws a TypeError for a name that is not a string", () => {
  assert.throws(() => lookupMessage(7 as unknown as string), (e: unknown) =>
    e instanceof TypeError && e.message === "lookupMessage(): expected a string, received number");
});

lookup.run();

const names = suite("messageTypeNames()");

names("lists the schema's own messages by full name, sorted", () => {
  assert.equal(messageTypeNames(), ["rbm.events.v1.ServerEvent", "rbm.events.v1.UserEvent"]);
});

names("returns a new array each time", () => {
  messageTypeNames().push("x");
  assert.is(messageTypeNames().length, 2);
});

names.run();

const full = suite("fullName()");

full("gives a type's full name without the leading dot", () => {
  assert.is(fullName(lookupMessage("UserEvent")), "rbm.events.v1.UserEvent");
  assert.is(fullName(Kitchen), "test.kitchen.v1.Kitchen");
  assert.is(fullName(Kitchen.lookupEnum("Color")), "test.kitchen.v1.Kitchen.Color");
});

full.run();

const plan = suite("planOf()");

plan("compiles a message's fields in field-number order, under both spellings", () => {
  const user = planOf(lookupMessage("UserEvent"));
  assert.is(user.name, "rbm.events.v1.UserEvent");
  assert.equal(
    user.fields.map((f) => [f.key, f.jsonName, f.protoName, f.kind, f.shape, f.presence]),
    [
      ["senderPhoneNumber", "senderPhoneNumber", "sender_phone_number", "string", "singular", false],
      ["eventType", "eventType", "event_type", "enum", "singular", false],
      ["eventId", "eventId", "event_id", "string", "singular", false],
      ["messageId", "messageId", "message_id", "string", "singular", false],
      ["sendTime", "sendTime", "send_time", "timestamp", "singular", true],
      ["agentId", "agentId", "agent_id", "string", "singular", false],
    ],
  );
  assert.is(user.byKey.get("event_type"), user.byKey.get("eventType"));
  assert.is(user.byKey.size, 12);
  assert.is(planOf(lookupMessage("ServerEvent")).fields.map((f) => f.key).join(), "phoneNumber,agentId,messageId,eventType,eventId,sendTime");
});

plan("compiles once per type", () => {
  assert.is(planOf(lookupMessage("UserEvent")), planOf(lookupMessage("rbm.events.v1.UserEvent")));
  assert.is(planOf(Kitchen), planOf(Kitchen));
});

plan("tells scalar, enum, message, well-known and wrapper kinds apart", () => {
  const byKey = planOf(Kitchen).byKey;
  const kind = (key: string) => {
    const f = byKey.get(key);
    return [f?.kind, f?.typeName, f?.shape, f?.presence, f?.wrapper];
  };
  assert.equal(kind("sf64"), ["int64", "sfixed64", "singular", false, false]);
  assert.equal(kind("f32"), ["uint32", "fixed32", "singular", false, false]);
  assert.equal(kind("color"), ["enum", "test.kitchen.v1.Kitchen.Color", "singular", false, false]);
  assert.equal(kind("inner"), ["message", "test.kitchen.v1.Kitchen.Inner", "singular", true, false]);
  assert.equal(kind("inners"), ["message", "test.kitchen.v1.Kitchen.Inner", "list", false, false]);
  assert.equal(kind("by_id"), ["message", "test.kitchen.v1.Kitchen.Inner", "map", false, false]);
  assert.equal(byKey.get("byId")?.mapKey, { kind: "int32", typeName: "int32" });
  assert.equal(kind("maybe"), ["int32", "int32", "singular", true, false]);
  assert.equal(kind("wrappedLong"), ["int64", "int64", "singular", true, true]);
  assert.equal(kind("took"), ["duration", "google.protobuf.Duration", "singular", true, false]);
  assert.equal(kind("nothing"), ["nullvalue", "google.protobuf.NullValue", "singular", false, false]);
  assert.equal(kind("extra"), ["struct", "google.protobuf.Struct", "singular", true, false]);
  assert.equal(kind("any"), ["unsupported", "google.protobuf.Any", "singular", true, false]);
  assert.equal(kind("empty"), ["message", "google.protobuf.Empty", "singular", true, false]);
});

plan("takes a custom json_name, and links the members of a oneof", () => {
  const byKey = planOf(Kitchen).byKey;
  assert.is(byKey.get("renamed"), byKey.get("custom_name"));
  assert.is(byKey.get("customName"), undefined);
  const text = byKey.get("choiceText");
  assert.is(text?.oneofName, "choice");
  assert.equal(text?.oneof?.map((f) => f.key), ["choiceNumber", "choiceInner", "choiceValue"]);
  assert.equal(byKey.get("maybe")?.oneof, []);
  assert.is(byKey.get("i32")?.oneof, undefined);
});

plan.run();

const defaultsOf = suite("defaults()");

defaultsOf("gives the value ts-proto's create() gives, key order included", () => {
  const user = defaults(planOf(lookupMessage("UserEvent")));
  assert.equal(user, UserEvent.create());
  assert.equal(Object.keys(user), Object.keys(UserEvent.create()));
  const server = defaults(planOf(lookupMessage("ServerEvent")));
  assert.equal(server, ServerEvent.create());
  assert.equal(Object.keys(server), Object.keys(ServerEvent.create()));
});

defaultsOf("gives fresh lists, maps and bytes each time", () => {
  const a = defaults(planOf(Kitchen));
  const b = defaults(planOf(Kitchen));
  assert.is.not(a["numbers"], b["numbers"]);
  assert.is.not(a["counts"], b["counts"]);
  assert.is.not(a["data"], b["data"]);
  assert.equal(a["data"], new Uint8Array(0));
  assert.is(Object.getPrototypeOf(a["counts"]), null);
  assert.is(a["color"], "COLOR_UNSPECIFIED");
  assert.is(a["nothing"], "NULL_VALUE");
  assert.is(a["i64"], 0);
  assert.is(a["maybe"], undefined);
  assert.is(a["wrappedInt"], undefined);
});

defaultsOf.run();
