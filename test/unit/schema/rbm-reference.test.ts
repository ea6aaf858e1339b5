// The compiled schema (gen/descriptor-set.ts, which buf generate writes) against the public RBM reference.
// JSON names, field numbers and enum names/numbers are the wire contract: any
// drift must fail here with the name of the field that moved.
import { createFileRegistry, fromBinary, ScalarType, type DescField } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { descriptorSetBase64 } from "../../../gen/descriptor-set.js";

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(descriptorSetBase64, "base64")));

/** [proto name, JSON name, number, type] as the RBM reference gives them. */
type FieldRow = [string, string, number, string];

const reference: Record<string, { fields: FieldRow[]; eventTypes: string[] }> = {
  "rbm.events.v1.ServerEvent": {
    fields: [
      ["phone_number", "phoneNumber", 1, "string"],
      ["agent_id", "agentId", 2, "string"],
      ["message_id", "messageId", 3, "string"],
      ["event_type", "eventType", 4, "rbm.events.v1.ServerEvent.EventType"],
      ["event_id", "eventId", 5, "string"],
      ["send_time", "sendTime", 6, "google.protobuf.Timestamp"],
    ],
    eventTypes: ["EVENT_TYPE_UNSPECIFIED", "TTL_EXPIRATION_REVOKED", "TTL_EXPIRATION_REVOKE_FAILED"],
  },
  "rbm.events.v1.UserEvent": {
    fields: [
      ["sender_phone_number", "senderPhoneNumber", 1, "string"],
      ["event_type", "eventType", 2, "rbm.events.v1.UserEvent.EventType"],
      ["event_id", "eventId", 3, "string"],
      ["message_id", "messageId", 4, "string"],
      ["send_time", "sendTime", 5, "google.protobuf.Timestamp"],
      ["agent_id", "agentId", 6, "string"],
    ],
    eventTypes: ["EVENT_TYPE_UNSPECIFIED", "DELIVERED", "IS_TYPING", "READ", "UNSUBSCRIBE", "SUBSCRIBE"],
  },
};

function typeOf(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return ScalarType[field.scalar].toLowerCase();
    case "enum":
      return field.enum.typeName;
    case "message":
      return field.message.typeName;
    default:
      return field.fieldKind;
  }
}

for (const [typeName, expected] of Object.entries(reference)) {
  const test = suite(`schema of ${typeName}`);
  const message = registry.getMessage(typeName);

  test("exists in the compiled descriptor set", () => {
    assert.ok(message, `${typeName} is missing from gen/descriptor-set.ts`);
  });

  test("has exactly the reference fields, JSON names, numbers and types", () => {
    const actual = message!.fields.map((f) => f.name);
    assert.equal(actual, expected.fields.map(([name]) => name), `${typeName}: field list`);
    for (const [name, jsonName, number, type] of expected.fields) {
      const field = message!.fields.find((f) => f.name === name)!;
      const where = `${typeName}.${name}`;
      assert.is(field.jsonName, jsonName, `${where}: JSON name is "${field.jsonName}", reference says "${jsonName}"`);
      assert.is(field.number, number, `${where}: field number is ${field.number}, reference says ${number}`);
      assert.is(typeOf(field), type, `${where}: type is ${typeOf(field)}, reference says ${type}`);
      assert.is(field.fieldKind === "list" || field.fieldKind === "map", false, `${where}: must not repeat`);
    }
  });

  test("has exactly the reference EventType names, numbered in reference order", () => {
    const enumType = registry.getEnum(`${typeName}.EventType`);
    assert.ok(enumType, `${typeName}.EventType is missing`);
    const actual = enumType!.values.map((v) => `${v.name}=${v.number}`);
    assert.equal(actual, expected.eventTypes.map((name, i) => `${name}=${i}`), `${typeName}.EventType values`);
  });

  test.run();
}
