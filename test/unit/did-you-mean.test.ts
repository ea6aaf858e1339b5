// "Did you mean …?" for a mistyped command or message name.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { closest, didYouMean } from "../../src/errors.js";
import { messageTypeNames } from "../../src/schema/index.js";

const test = suite("closest()");
const commands = ["decode", "drift", "serve", "sign", "validate"];

test("finds a typo of a command, and nothing for a name far from all", () => {
  assert.is(closest("valdate", commands), "validate");
  assert.is(closest("Decode", commands), "decode");
  assert.is(closest("srve", commands), "serve");
  assert.is(closest("deploy", commands), undefined);
  assert.is(closest("x", commands), undefined);
  assert.is(closest("", commands), undefined);
});

test("finds a message by a typo of its short or full name, or its short name in another case", () => {
  const names = messageTypeNames();
  assert.is(closest("UserEvnt", names), "rbm.events.v1.UserEvent");
  assert.is(closest("userevent", names), "rbm.events.v1.UserEvent");
  assert.is(closest("rbm.events.v1.UserEvnt", names), "rbm.events.v1.UserEvent");
  assert.is(closest("Unrelated", names), undefined);
});

test("words the hint, or says nothing", () => {
  assert.is(didYouMean("valdate", commands), '; did you mean "validate"?');
  assert.is(didYouMean("zzzzzz", commands), "");
  assert.is(didYouMean("a".repeat(1_000), commands), "");
});

test.run();
