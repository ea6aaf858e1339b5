// The schema as protobufjs reflection: loading and lookup by name.
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { descriptorSetBytes } from "../../support/descriptor-set.js";
import { isRbmEventError } from "../../../src/errors.js";
import { loadSchema, lookupMessage, messageTypeNames } from "../../../src/schema/registry.js";
import { fullName } from "../../../src/schema/plan.js";
import * as jsonCodecs from "../../../gen/json-codecs.js";

const kitchenRoot = protobuf.loadSync(fileURLToPath(new URL("../../fixtures/kitchen.proto", import.meta.url)));
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
  const bytes = descriptorSetBytes;
  const set = descriptor.FileDescriptorSet.decode(bytes) as unknown as {
    file: Array<{ package: string; messageType: Array<{ name: string; field: Array<{ name: string; number: number; jsonName: string }> }> }>;
  };
  let checked = 0;
  const visited = new Set<string>();
  for (const file of set.file) {
    for (const message of file.messageType) {
      const type = loadSchema().lookupType(`${file.package}.${message.name}`);
      visited.add(`${file.package}.${message.name}`);
      for (const field of message.field) {
        const loaded = type.fieldsById[field.number];
        assert.is(loaded?.protoName, field.name, `${message.name}.${field.name}`);
        assert.is(loaded?.jsonName, field.jsonName, `${message.name}.${field.name}`);
        checked++;
      }
    }
  }
  // every message of the schema, and Timestamp, with every field the loaded types have
  for (const name of [...messageTypeNames(), "google.protobuf.Timestamp"]) assert.ok(visited.has(name), name);
  assert.is(
    checked,
    [...visited].reduce((n, name) => n + loadSchema().lookupType(name).fieldsArray.length, 0),
  );
  assert.ok(checked > visited.size, `${checked} fields`);
});

load.run();

const lookup = suite("lookupMessage()");

lookup("finds a message by full name, with or without a leading dot", () => {
  const type = lookupMessage("rbm.events.v1.UserEvent");
  assert.is(type.fullName, ".rbm.events.v1.UserEvent");
  assert.is(lookupMessage(".rbm.events.v1.UserEvent"), type);
  assert.is(lookupMessage("rbm.events.v1.ServerEvent").fullName, ".rbm.events.v1.ServerEvent");
});

lookup("finds a message by short name", () => {
  assert.is(lookupMessage("UserEvent"), lookupMessage("rbm.events.v1.UserEvent"));
  assert.is(lookupMessage("ServerEvent"), lookupMessage("rbm.events.v1.ServerEvent"));
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

lookup("throws UNKNOWN_TYPE for a well-known type the schema imports, as the command line refuses it", () => {
  const reason = ": a well-known type, not a message of the schema";
  unknown("google.protobuf.Timestamp", `unknown message type "google.protobuf.Timestamp"${reason}`);
  unknown(".google.protobuf.Timestamp", `unknown message type ".google.protobuf.Timestamp"${reason}`);
  unknown("Timestamp", 'unknown message type "Timestamp"');
  for (const name of messageTypeNames()) assert.is(lookupMessage(name).fullName, `.${name}`);
});

lookup("throws INVALID_ARGUMENT for a name that is not a string", () => {
  assert.throws(
    () => lookupMessage(7 as unknown as string),
    (e: unknown) => isRbmEventError(e) && e.code === "INVALID_ARGUMENT" && e.message === "lookupMessage(): typeName: expected a string, received number",
  );
});

lookup.run();

const names = suite("messageTypeNames()");

names("lists the schema's own messages by full name, sorted, as the generated codecs name them", () => {
  const codecs = Object.values(jsonCodecs).flatMap((value) => (typeof value === "object" && "typeName" in value ? [value.typeName] : []));
  assert.ok(codecs.includes("rbm.events.v1.UserEvent"));
  assert.equal(messageTypeNames(), [...codecs].sort());
});

names("lists every message of the loaded schema outside google.protobuf, as the generated list does", () => {
  const reflected: string[] = [];
  const walk = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) reflected.push(fullName(nested));
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
    }
  };
  walk(loadSchema());
  assert.equal(messageTypeNames(), reflected.filter((name) => !name.startsWith("google.protobuf.")).sort());
  for (const name of messageTypeNames()) assert.is(fullName(lookupMessage(name)), name);
});

names("returns a new array each time", () => {
  const { length } = messageTypeNames();
  messageTypeNames().push("x" as never);
  assert.is(messageTypeNames().length, length);
});

names.run();

const full = suite("fullName()");

full("gives a type's full name without the leading dot", () => {
  assert.is(fullName(lookupMessage("UserEvent")), "rbm.events.v1.UserEvent");
  assert.is(fullName(Kitchen), "test.kitchen.v1.Kitchen");
  assert.is(fullName(Kitchen.lookupEnum("Color")), "test.kitchen.v1.Kitchen.Color");
});

full.run();
