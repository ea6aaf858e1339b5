// Shared by the validation, JSON printing and binary tests: the event fixtures and the Kitchen
// message (every kind of field proto3 JSON maps), with helpers to read them.

import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import * as assert from "uvu/assert";
import {
  fromBinary as esFromBinary,
  fromJson as esFromJson,
  toBinary as esToBinary,
  toJson as esToJson,
  type DescMessage,
  type JsonValue,
} from "@bufbuild/protobuf";
import { bufbuildRegistry } from "./descriptor-set.js";
import type { ServerEvent, UserEvent } from "../../gen/json-codecs.js";
import { isRbmEventError } from "../../src/errors.js";
import { parseJson } from "../../src/encoding/index.js";
import { validateWith } from "../../src/codec/validate.js";
import { type ValidateOptions, type ValidateResult } from "../../src/codec/index.js";
import { planOf, type FieldPlan } from "../../src/schema/index.js";

export const USER = "rbm.events.v1.UserEvent";
export const SERVER = "rbm.events.v1.ServerEvent";
export const USER_ENUM = "rbm.events.v1.UserEvent.EventType";

const root = protobuf.loadSync(fileURLToPath(new URL("../fixtures/kitchen.proto", import.meta.url)));
root.resolveAll();
export const Kitchen = root.lookupType("test.kitchen.v1.Kitchen");

/** The plan of the Kitchen field with this JSON or proto name. */
export function kitchenField(key: string): FieldPlan {
  const f = planOf(Kitchen).byKey.get(key);
  if (f === undefined) throw new Error(`no field ${key}`);
  return f;
}

const legacyRoot = protobuf.loadSync(fileURLToPath(new URL("../fixtures/legacy.proto", import.meta.url)));
legacyRoot.resolveAll();
/** The test-only proto2 Legacy message: jstype, packed and unpacked fields, a group, extensions. */
export const Legacy = legacyRoot.lookupType("test.legacy.v1.Legacy");

export const read = {
  senderPhoneNumber: "+14155550123",
  eventType: "READ",
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  messageId: "msg-4f9c1c6e",
  sendTime: "2014-10-02T15:01:23.045123456Z",
  agentId: "coffee-bot@rbm.goog",
};
export const readValue: UserEvent = { ...read, eventType: "READ", sendTime: { seconds: 1412262083, nanos: 45123456 } };

/** A UserEvent and a ServerEvent with every field at its default. */
export const emptyUser: UserEvent = {
  senderPhoneNumber: "",
  eventType: "EVENT_TYPE_UNSPECIFIED",
  eventId: "",
  messageId: "",
  sendTime: undefined,
  agentId: "",
};
export const emptyServer: ServerEvent = { phoneNumber: "", agentId: "", messageId: "", eventType: "EVENT_TYPE_UNSPECIFIED", eventId: "", sendTime: undefined };

// @bufbuild/protobuf, over the same descriptor set: an independent implementation to compare with.
const registry = bufbuildRegistry;
const esSchema = (typeName: string) => registry.getMessage(typeName) as DescMessage;

/** The bytes @bufbuild/protobuf writes for a message given as proto3 JSON. */
export function oracleBinary(typeName: string, json: unknown): Uint8Array {
  return esToBinary(esSchema(typeName), esFromJson(esSchema(typeName), json as JsonValue));
}

/** The canonical proto3 JSON @bufbuild/protobuf writes for a message given as bytes. */
export function oracleJson(typeName: string, bytes: Uint8Array): unknown {
  return esToJson(esSchema(typeName), esFromBinary(esSchema(typeName), bytes));
}

export const revoked = {
  phoneNumber: "+447700900123",
  agentId: "coffee-bot@rbm.goog",
  messageId: "msg-9d2e",
  eventType: "TTL_EXPIRATION_REVOKE_FAILED",
  eventId: "srv-61b7",
  sendTime: "2014-10-02T15:01:23+05:30",
};

export const json = (value: unknown) => JSON.stringify(value);

/** A map or Struct value as validation returns it: an object without prototype. */
export function dict(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

/** The value of a result that must have no issues. */
export function value<T>(result: ValidateResult<T>): T {
  assert.is(result.issues, undefined, JSON.stringify(result.issues));
  return result.value as T;
}

/** The test-only Kitchen message, from JSON text. */
export function kitchen(text: string, options?: ValidateOptions): ValidateResult {
  return validateWith(Kitchen, parseJson(text), options);
}

/** Asserts that `fn` throws an RbmEventError with this code and message. */
export function throwsCode(fn: () => unknown, code: string, message: string | RegExp) {
  try {
    fn();
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, code);
    if (typeof message === "string") assert.is(error.message, message);
    else assert.match(error.message, message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

/** The Kitchen message with every field set, and its canonical JSON. */
export const fullKitchen = {
  i32: -1,
  u32: 4294967295,
  s32: -3,
  f32: 4,
  sf32: -5,
  i64: "-9007199254740991",
  u64: "9007199254740991",
  s64: "-8",
  f64: "9",
  sf64: "-10",
  flt: "NaN",
  dbl: "-Infinity",
  flag: true,
  text: "t",
  data: "-_8",
  color: "GREEN",
  inner: { name: "n", count: 2, child: { name: "c" } },
  numbers: [1, 2],
  inners: [{}, { count: 1 }],
  colors: ["RED", 9],
  counts: { a: "5" },
  by_id: { "-1": { name: "x" } },
  byFlag: { true: "y" },
  choiceNumber: 0,
  maybe: 0,
  renamed: "r",
  when: "2020-01-01T00:00:00.5+01:00",
  took: "-1.5s",
  wrappedInt: 0,
  wrappedLong: "5",
  wrappedText: "",
  wrappedBytes: "",
  wrappedFlag: false,
  wrappedDouble: 1.5,
  extra: { a: [1, "x", null, { b: true }] },
  anything: null,
  items: [1, {}],
  nothing: null,
  mask: "fooBar.baz,qux",
  empty: {},
  byLong: { "-3": "m" },
  byUlong: { "18": "u" },
  tags: ["a"],
  wrappedUlong: "1",
  wrappedFloat: 0.5,
};

export const fullKitchenJson = {
  i32: -1,
  u32: 4294967295,
  s32: -3,
  f32: 4,
  sf32: -5,
  i64: "-9007199254740991",
  u64: "9007199254740991",
  s64: "-8",
  f64: "9",
  sf64: "-10",
  flt: "NaN",
  dbl: "-Infinity",
  flag: true,
  text: "t",
  data: "+/8=",
  color: "GREEN",
  inner: { name: "n", count: 2, child: { name: "c" } },
  numbers: [1, 2],
  inners: [{}, { count: 1 }],
  colors: ["RED", 9],
  counts: dict({ a: "5" }),
  byId: dict({ "-1": { name: "x" } }),
  byFlag: dict({ true: "y" }),
  choiceNumber: 0,
  maybe: 0,
  renamed: "r",
  when: "2019-12-31T23:00:00.500Z",
  took: "-1.500s",
  wrappedInt: 0,
  wrappedLong: "5",
  wrappedText: "",
  wrappedBytes: "",
  wrappedFlag: false,
  wrappedDouble: 1.5,
  extra: dict({ a: [1, "x", null, dict({ b: true })] }),
  anything: null,
  items: [1, dict({})],
  mask: "fooBar.baz,qux",
  empty: {},
  byLong: dict({ "-3": "m" }),
  byUlong: dict({ 18: "u" }),
  tags: ["a"],
  wrappedUlong: "1",
  wrappedFloat: 0.5,
};
