// Reading a field's value out of a message value, through oneof unions, and telling defaults.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { fieldValue, isDefault } from "../../../src/schema/index.js";
import { kitchenField } from "../../support/validation.js";

const field = kitchenField;

const value = suite("fieldValue()");

value("reads a plain field, and a proto3 optional one, from its own property", () => {
  assert.is(fieldValue(field("i32"), { i32: 5 }), 5);
  assert.is(fieldValue(field("maybe"), { maybe: 0 }), 0);
  assert.is(fieldValue(field("maybe"), {}), undefined);
});

value("reads a member of a oneof from its union, only when the union holds that member", () => {
  const held = { choice: { $case: "choiceNumber", value: 7 } };
  assert.is(fieldValue(field("choiceNumber"), held), 7);
  assert.is(fieldValue(field("choiceText"), held), undefined);
  assert.is(fieldValue(field("choiceValue"), { choice: { $case: "choiceValue", value: null } }), null);
  // a flat property of the member's name is not where a oneof lives
  assert.is(fieldValue(field("choiceNumber"), { choiceNumber: 7 }), undefined);
  assert.is(fieldValue(field("choiceNumber"), { choice: undefined }), undefined);
  assert.is(fieldValue(field("choiceNumber"), { choice: null }), undefined);
});

value.run();

const isDefaultOf = suite("isDefault()");

isDefaultOf("tells a field's default from any other value", () => {
  assert.is(isDefault(field("i32"), 0), true);
  assert.is(isDefault(field("i32"), 1), false);
  assert.is(isDefault(field("text"), ""), true);
  assert.is(isDefault(field("text"), " "), false);
  assert.is(isDefault(field("flag"), false), true);
  assert.is(isDefault(field("data"), new Uint8Array(0)), true);
  assert.is(isDefault(field("data"), new Uint8Array(1)), false);
  // -0 has bits set: the reference encoders write it, in binary and in JSON
  assert.is(isDefault(field("dbl"), 0), true);
  assert.is(isDefault(field("dbl"), -0), false);
  assert.is(isDefault(field("flt"), -0), false);
  assert.is(isDefault(field("dbl"), Number.NaN), false);
  assert.is(isDefault(field("i32"), -0), true);
  assert.is(isDefault(field("color"), "COLOR_UNSPECIFIED"), true);
  assert.is(isDefault(field("color"), 0), true);
  assert.is(isDefault(field("color"), "RED"), false);
  assert.is(isDefault(field("nothing"), "NULL_VALUE"), true);
});

isDefaultOf.run();
