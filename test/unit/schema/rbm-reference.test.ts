// The compiled schema (gen/descriptor-set.ts, which buf generate writes) against the public RBM reference.
// JSON names, field numbers and enum names/numbers are the wire contract: any
// drift must fail here with the name of the field that moved.
import { ScalarType, type DescField } from "@bufbuild/protobuf";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { bufbuildRegistry } from "../../support/descriptor-set.js";

const registry = bufbuildRegistry;

/** [proto name, JSON name, number, type] as the RBM reference gives them. */
type FieldRow = [string, string, number, string];

/** A message's fields, its oneofs (name and members), and its enums' value names by enum name. */
interface MessageRow {
  fields: FieldRow[];
  oneofs?: Record<string, string[]>;
  enums?: Record<string, string[]>;
}

const reference: Record<string, MessageRow> = {
  "rbm.events.v1.ServerEvent": {
    fields: [
      ["phone_number", "phoneNumber", 1, "string"],
      ["agent_id", "agentId", 2, "string"],
      ["message_id", "messageId", 3, "string"],
      ["event_type", "eventType", 4, "rbm.events.v1.ServerEvent.EventType"],
      ["event_id", "eventId", 5, "string"],
      ["send_time", "sendTime", 6, "google.protobuf.Timestamp"],
    ],
    enums: { EventType: ["EVENT_TYPE_UNSPECIFIED", "TTL_EXPIRATION_REVOKED", "TTL_EXPIRATION_REVOKE_FAILED"] },
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
    enums: { EventType: ["EVENT_TYPE_UNSPECIFIED", "DELIVERED", "IS_TYPING", "READ", "UNSUBSCRIBE", "SUBSCRIBE"] },
  },
  "rbm.events.v1.UserMessage": {
    fields: [
      ["sender_phone_number", "senderPhoneNumber", 1, "string"],
      ["message_id", "messageId", 2, "string"],
      ["send_time", "sendTime", 3, "google.protobuf.Timestamp"],
      ["agent_id", "agentId", 4, "string"],
      ["rich_message_classification", "richMessageClassification", 5, "rbm.events.v1.RichMessageClassification"],
      ["carrier", "carrier", 6, "string"],
      ["text", "text", 7, "string"],
      ["user_file", "userFile", 8, "rbm.events.v1.UserFile"],
      ["location", "location", 9, "rbm.events.v1.LatLng"],
      ["suggestion_response", "suggestionResponse", 10, "rbm.events.v1.SuggestionResponse"],
    ],
    oneofs: { content: ["text", "user_file", "location", "suggestion_response"] },
  },
  "rbm.events.v1.UserFile": {
    fields: [
      ["thumbnail", "thumbnail", 1, "rbm.events.v1.FileInfo"],
      ["payload", "payload", 2, "rbm.events.v1.FileInfo"],
    ],
  },
  "rbm.events.v1.FileInfo": {
    fields: [
      ["mime_type", "mimeType", 1, "string"],
      ["file_size_bytes", "fileSizeBytes", 2, "int32"],
      ["file_name", "fileName", 3, "string"],
      ["file_uri", "fileUri", 4, "string"],
    ],
  },
  "rbm.events.v1.LatLng": {
    fields: [
      ["latitude", "latitude", 1, "double"],
      ["longitude", "longitude", 2, "double"],
    ],
  },
  "rbm.events.v1.SuggestionResponse": {
    fields: [
      ["postback_data", "postbackData", 1, "string"],
      ["text", "text", 2, "string"],
      ["type", "type", 3, "rbm.events.v1.SuggestionResponse.SuggestionType"],
    ],
    enums: { SuggestionType: ["UNKNOWN", "ACTION", "REPLY"] },
  },
  "rbm.events.v1.RichMessageClassification": {
    // Partly unpublished: the fields seen in real payloads.
    fields: [
      ["classification_type", "classificationType", 1, "rbm.events.v1.RichMessageClassification.ClassificationType"],
      ["segment_count", "segmentCount", 2, "int32"],
    ],
    enums: { ClassificationType: ["CLASSIFICATION_TYPE_UNSPECIFIED", "SUGGESTED_ACTION_CLICK"] },
  },
  "rbm.events.v1.AgentLaunchEvent": {
    fields: [
      ["event_id", "eventId", 1, "string"],
      ["agent_id", "agentId", 2, "string"],
      ["bot_display_name", "botDisplayName", 3, "string"],
      ["brand_id", "brandId", 4, "string"],
      ["brand_display_name", "brandDisplayName", 5, "string"],
      ["region_id", "regionId", 6, "string"],
      ["old_launch_state", "oldLaunchState", 7, "rbm.events.v1.AgentLaunchEvent.LaunchState"],
      ["new_launch_state", "newLaunchState", 8, "rbm.events.v1.AgentLaunchEvent.LaunchState"],
      ["acting_party", "actingParty", 9, "string"],
      ["comment", "comment", 10, "string"],
      ["send_time", "sendTime", 11, "google.protobuf.Timestamp"],
    ],
    enums: { LaunchState: ["LAUNCH_STATE_UNSPECIFIED", "UNLAUNCHED", "PENDING", "LAUNCHED", "REJECTED", "SUSPENDED"] },
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

const all = suite("schema of rbm.events.v1");

all("has exactly the messages of the reference", () => {
  const names = [...registry].filter((d) => d.kind === "message" && d.typeName.startsWith("rbm.")).map((d) => d.typeName);
  assert.equal(names.sort(), Object.keys(reference).sort());
});

all.run();

for (const [typeName, expected] of Object.entries(reference)) {
  const test = suite(`schema of ${typeName}`);
  const message = registry.getMessage(typeName);

  test("exists in the compiled descriptor set", () => {
    assert.ok(message, `${typeName} is missing from gen/descriptor-set.ts`);
  });

  test("has exactly the reference fields, JSON names, numbers and types", () => {
    const actual = message!.fields.map((f) => f.name);
    assert.equal(
      actual,
      expected.fields.map(([name]) => name),
      `${typeName}: field list`,
    );
    for (const [name, jsonName, number, type] of expected.fields) {
      const field = message!.fields.find((f) => f.name === name)!;
      const where = `${typeName}.${name}`;
      assert.is(field.jsonName, jsonName, `${where}: JSON name is "${field.jsonName}", reference says "${jsonName}"`);
      assert.is(field.number, number, `${where}: field number is ${field.number}, reference says ${number}`);
      assert.is(typeOf(field), type, `${where}: type is ${typeOf(field)}, reference says ${type}`);
      assert.is(field.fieldKind === "list" || field.fieldKind === "map", false, `${where}: must not repeat`);
    }
  });

  test("has exactly the reference oneofs, with their members", () => {
    const actual = Object.fromEntries(message!.oneofs.map((o) => [o.name, o.fields.map((f) => f.name)]));
    assert.equal(actual, expected.oneofs ?? {}, `${typeName}: oneofs`);
  });

  test("has exactly the reference enums, their names numbered in reference order", () => {
    assert.equal(message!.nestedEnums.map((e) => e.name).sort(), Object.keys(expected.enums ?? {}).sort(), `${typeName}: enums`);
    for (const [name, values] of Object.entries(expected.enums ?? {})) {
      const enumType = registry.getEnum(`${typeName}.${name}`);
      assert.ok(enumType, `${typeName}.${name} is missing`);
      const actual = enumType.values.map((v) => `${v.name}=${v.number}`);
      assert.equal(
        actual,
        values.map((value, i) => `${value}=${i}`),
        `${typeName}.${name} values`,
      );
    }
  });

  test.run();
}
