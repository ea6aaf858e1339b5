// Compiled plans of message types: fields, kinds, defaults.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { defaults, planOf, resolveTypeUrl, wellKnownPlanOf, type FieldPlan } from "../../../src/schema/index.js";
import { lookupMessage } from "../../../src/schema/index.js";
import { Kitchen, Legacy, emptyServer, emptyUser, kitchenField } from "../../support/validation.js";
import { bufbuildRegistry } from "../../support/descriptor-set.js";
import { UserEvent_EventType } from "../../../gen/json-codecs.js";

const field = kitchenField;

const plan = suite("planOf()");

plan("compiles a message's fields in field-number order, under both spellings", () => {
  for (const name of ["rbm.events.v1.UserEvent", "rbm.events.v1.ServerEvent", "rbm.events.v1.UserMessage"]) {
    const compiled = planOf(lookupMessage(name));
    const declared = [...(bufbuildRegistry.getMessage(name)?.fields ?? [])].sort((a, b) => a.number - b.number);
    assert.is(compiled.name, name);
    assert.ok(declared.length > 0, name);
    assert.equal(
      compiled.fields.map((f) => [f.key, f.jsonName, f.protoName]),
      declared.map((f) => [f.jsonName, f.jsonName, f.name]),
      name,
    );
    assert.is(compiled.byKey.size, new Set(declared.flatMap((f) => [f.jsonName, f.name])).size, name);
  }
  const user = planOf(lookupMessage("UserEvent")).byKey;
  const kind = (key: string) => [user.get(key)?.kind, user.get(key)?.shape, user.get(key)?.presence];
  assert.equal(kind("senderPhoneNumber"), ["string", "singular", false]);
  assert.equal(kind("eventType"), ["enum", "singular", false]);
  assert.equal(kind("sendTime"), ["timestamp", "singular", true]);
  assert.is(user.get("event_type"), user.get("eventType"));
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
  assert.equal(kind("any"), ["any", "google.protobuf.Any", "singular", true, false]);
  assert.equal(kind("empty"), ["message", "google.protobuf.Empty", "singular", true, false]);
});

plan("lists an enum's own names only, in declaration order", () => {
  const names = planOf(lookupMessage("UserEvent")).byKey.get("eventType")?.enumNames;
  // ts-proto writes the enum's const object in declaration order, from its own reading of proto/
  assert.equal(names, Object.values(UserEvent_EventType));
  assert.equal(names?.slice(0, 2), ["EVENT_TYPE_UNSPECIFIED", "DELIVERED"]);
  assert.equal(field("color").enumNames, ["COLOR_UNSPECIFIED", "RED", "GREEN"]);
  assert.equal(field("i32").enumNames, []);
});

plan("takes a custom json_name, and links the members of a oneof", () => {
  const byKey = planOf(Kitchen).byKey;
  assert.is(byKey.get("renamed"), byKey.get("custom_name"));
  assert.is(byKey.get("customName"), undefined);
  const text = byKey.get("choiceText");
  assert.is(text?.oneofName, "choice");
  assert.equal(
    text?.oneof?.map((f) => f.key),
    ["choiceNumber", "choiceInner", "choiceValue"],
  );
  assert.equal(byKey.get("maybe")?.oneof, []);
  assert.is(byKey.get("i32")?.oneof, undefined);
  assert.is(text?.union, "choice");
  assert.is(byKey.get("choice_value")?.union, "choice");
  // proto3 `optional` is a synthetic oneof in the descriptor, and a plain property in ts-proto
  assert.is(byKey.get("maybe")?.union, undefined);
  assert.is(byKey.get("i32")?.union, undefined);
});

plan("takes jstype, packed, groups and extensions from the declaration", () => {
  const fields = planOf(Legacy).byNumber;
  const of = (n: number) => fields.get(n) as FieldPlan;
  assert.equal([of(1).kind, of(1).jstype, of(2).jstype, of(3).jstype, of(9).jstype], ["int64", "string", "number", undefined, "string"]);
  assert.equal([of(4).packed, of(5).packed], [true, false]);
  assert.equal([of(6).key, of(6).delimited, of(6).kind], ["item", true, "message"]);
  assert.equal(
    [of(100).key, of(100).jsonName, of(100).protoName, of(100).presence],
    ["[test.legacy.v1.level]", "[test.legacy.v1.level]", "[test.legacy.v1.level]", true],
  );
  assert.is(planOf(Legacy).byKey.get("[test.legacy.v1.label]")?.number, 101);
  assert.equal(
    planOf(Kitchen)
      .fields.filter((f) => f.packed)
      .map((f) => f.key),
    ["numbers", "colors"],
  );
});

plan.run();

const defaultsOf = suite("defaults()");

defaultsOf("gives every field its default, in the generated interface's key order", () => {
  const user = defaults(planOf(lookupMessage("UserEvent")));
  assert.equal(user, emptyUser);
  assert.equal(Object.keys(user), Object.keys(emptyUser));
  const server = defaults(planOf(lookupMessage("ServerEvent")));
  assert.equal(server, emptyServer);
  assert.equal(Object.keys(server), Object.keys(emptyServer));
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

defaultsOf("gives every value of a type the same keys, in field-number order", () => {
  const plan = planOf(Kitchen);
  assert.equal(Object.keys(defaults(plan)), [...new Set(plan.fields.map((f) => f.union ?? f.key))]);
  assert.equal(
    plan.fresh.map((f) => f.key),
    ["data", "numbers", "inners", "colors", "counts", "byId", "byFlag", "byLong", "byUlong", "tags"],
  );
});

defaultsOf.run();

const typeUrl = suite("resolveTypeUrl()");

typeUrl("finds a message of the root by the name after the last slash", () => {
  assert.is(resolveTypeUrl(Kitchen.root, "type.googleapis.com/test.kitchen.v1.Kitchen"), Kitchen);
  assert.is(resolveTypeUrl(Kitchen.root, "example.com/a/b/test.kitchen.v1.Kitchen.Inner")?.name, "Inner");
  assert.is(resolveTypeUrl(Kitchen.root, "/google.protobuf.Duration")?.name, "Duration");
});

typeUrl("finds nothing for an unknown name, an enum, no slash or a malformed name", () => {
  for (const url of [
    "type.googleapis.com/test.kitchen.v1.Nope",
    "type.googleapis.com/test.kitchen.v1.Kitchen.Color",
    "test.kitchen.v1.Kitchen",
    "type.googleapis.com/",
    "type.googleapis.com/.test.kitchen.v1.Kitchen",
    "x/__proto__",
    "x/constructor",
  ]) {
    assert.is(resolveTypeUrl(Kitchen.root, url), undefined, url);
  }
});

typeUrl.run();

const wellKnown = suite("wellKnownPlanOf()");

wellKnown("plans a value field for the well-known types with a JSON form, and none for others", () => {
  const of = (name: string) => wellKnownPlanOf(Kitchen.root.lookupType(name));
  assert.equal([of("google.protobuf.Duration")?.kind, of("google.protobuf.Duration")?.key], ["duration", "value"]);
  assert.equal([of("google.protobuf.Int64Value")?.kind, of("google.protobuf.Int64Value")?.wrapper], ["int64", true]);
  assert.is(of("google.protobuf.Any")?.kind, "any");
  assert.is(of("google.protobuf.Struct")?.kind, "struct");
  assert.is(of("google.protobuf.Empty"), undefined);
  assert.is(of("test.kitchen.v1.Kitchen"), undefined);
  assert.is(of("google.protobuf.Duration"), of("google.protobuf.Duration"));
});

wellKnown.run();
