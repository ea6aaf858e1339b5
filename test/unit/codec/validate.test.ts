import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ServerEvent_EventType } from "../../../gen/json-codecs.js";
import { isRbmEventError, type Issue } from "../../../src/errors.js";
import { parseJson } from "../../../src/encoding/index.js";
import { fromBinary, toBinary, toJson } from "../../../src/codec/index.js";
import { validate, validateValue, validateWith } from "../../../src/codec/validate.js";
import { type ValidateOptions } from "../../../src/codec/index.js";
import {
  Kitchen,
  SERVER,
  USER,
  USER_ENUM,
  dict,
  emptyServer,
  emptyUser,
  oracleBinary,
  oracleJson,
  json,
  kitchen,
  read,
  readValue,
  revoked,
  throwsCode,
  value,
} from "../../support/validation.js";

const TIMESTAMP_SHAPE = "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)";

/** validate(type, text) gives the defaults overridden by `expected`. */
function accepts(text: string, expected: Record<string, unknown>, options?: ValidateOptions, type: typeof USER | typeof SERVER = USER) {
  const base = type === USER ? emptyUser : emptyServer;
  assert.equal(validate(type, text, options), { value: { ...base, ...expected } }, text);
}

/** validate(type, text) gives exactly one issue. */
function rejects(text: string, path: string, message: string, options?: ValidateOptions, type: typeof USER | typeof SERVER = USER) {
  assert.equal(validate(type, text, options), { issues: [{ path, message }] }, text);
}

/**
 * The result is one "too deeply nested" issue whose path, `path` in full, is shown cut in the
 * middle to at most 120 characters.
 */
function tooDeep(run: () => unknown, path: string) {
  let issues: readonly Issue[];
  try {
    ({ issues } = run() as { issues: Issue[] });
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    issues = error.issues;
  }
  assert.is(issues.length, 1);
  const [{ path: shown, message }] = issues as [Issue];
  assert.is(message, "too deeply nested: more than 100 levels");
  const [head, tail] = shown.split("…") as [string, string];
  assert.ok(shown.length <= 120 && path.startsWith(head) && path.endsWith(tail) && head.length + tail.length >= 100, shown);
}

/** kitchen(text) sets these properties of the value to these values. */
function kAccepts(text: string, expected: Record<string, unknown>, options?: ValidateOptions) {
  const result = value(kitchen(text, options));
  for (const [key, want] of Object.entries(expected)) assert.equal(result[key], want, `${text}: ${key}`);
}

/** kitchen(text) gives exactly one issue. */
function kRejects(text: string, path: string, message: string, options?: ValidateOptions) {
  assert.equal(kitchen(text, options), { issues: [{ path, message }] }, text);
}

// ---------------------------------------------------------------------------------------------

const validateText = suite("validate()");

validateText("accepts a UserEvent, every field in the generated interface's order", () => {
  const result = validate(USER, json(read));
  assert.equal(result, { value: readValue });
  assert.equal(Object.keys(result.value ?? {}), Object.keys(emptyUser));
});

validateText("gives a value whose bytes @bufbuild/protobuf reads back to the same JSON", () => {
  const bytes = toBinary(USER, value(validate(USER, json(read))));
  assert.equal(bytes, oracleBinary(USER, read));
  assert.equal(oracleJson(USER, bytes), read);
});

validateText("accepts a ServerEvent, offset applied", () => {
  const result = validate(SERVER, json(revoked));
  assert.equal(result, {
    value: {
      ...revoked,
      eventType: ServerEvent_EventType.TTL_EXPIRATION_REVOKE_FAILED,
      sendTime: { seconds: 1412242283, nanos: 0 },
    },
  });
});

validateText("accepts a short type name", () => {
  assert.equal(validate("UserEvent", json(read)), validate(USER, json(read)));
  assert.equal(validate(".rbm.events.v1.ServerEvent", json(revoked)), validate("ServerEvent", json(revoked)));
});

validateText("accepts the proto field names as well as the JSON names", () => {
  const snake = {
    sender_phone_number: read.senderPhoneNumber,
    event_type: read.eventType,
    event_id: read.eventId,
    message_id: read.messageId,
    send_time: read.sendTime,
    agent_id: read.agentId,
  };
  assert.equal(validate(USER, json(snake)), { value: readValue });
  accepts(json({ phone_number: "+1", event_type: "TTL_EXPIRATION_REVOKED" }), { phoneNumber: "+1", eventType: "TTL_EXPIRATION_REVOKED" }, {}, SERVER);
});

validateText("rejects both spellings of one field in one object", () => {
  const issue = 'duplicate field: "event_type" and "eventType" name the same field';
  rejects('{"event_type":"READ","eventType":"READ"}', "event_type", issue);
  rejects('{"eventType":"READ","event_type":"DELIVERED"}', "event_type", issue);
  rejects('{"send_time":null,"sendTime":null}', "send_time", 'duplicate field: "send_time" and "sendTime" name the same field');
  rejects('{"phone_number":"a","phoneNumber":"a"}', "phone_number", 'duplicate field: "phone_number" and "phoneNumber" name the same field', {}, SERVER);
  rejects('{"event_type":"X","eventType":"READ"}', "event_type", issue, { ignoreUnknownFields: true });
});

validateText("rejects a duplicate key, as an issue", () => {
  rejects('{"eventId":"a","eventId":"b"}', "eventId", 'duplicate key "eventId"');
  rejects('{"eventId":"a","event\\u0049d":"a"}', "eventId", 'duplicate key "eventId"');
  rejects('{"x":{"a":1,"a":1}}', "x.a", 'duplicate key "a"', { ignoreUnknownFields: true });
});

validateText("reports JSON syntax errors as issues", () => {
  rejects("", "", "unexpected end of input at line 1 column 1");
  rejects('{"eventId":', "", "unexpected end of input at line 1 column 12");
  rejects('{\n  "eventId": "a",\n}', "", "expected a property name in double quotes at line 3 column 1");
  const result = validate(USER, '{"eventId":"secret-client-token-123" oops}');
  assert.is(result.issues?.length, 1);
  assert.is(result.issues?.[0]?.path, "");
  assert.not.match(result.issues?.[0]?.message ?? "secret", "secret");
});

validateText("reads null as the field's default", () => {
  const nulls = Object.fromEntries(Object.keys(read).map((key) => [key, null]));
  accepts(json(nulls), {});
  accepts('{"event_type":null,"send_time":null}', {});
});

validateText("reads an enum by exact name or by number", () => {
  accepts('{"eventType":"SUBSCRIBE"}', { eventType: "SUBSCRIBE" });
  accepts('{"eventType":3}', { eventType: "READ" });
  accepts('{"eventType":0}', { eventType: "EVENT_TYPE_UNSPECIFIED" });
  accepts('{"eventType":3.0}', { eventType: "READ" });
  accepts('{"eventType":-0}', { eventType: "EVENT_TYPE_UNSPECIFIED" });
  accepts('{"eventType":"EVENT_TYPE_UNSPECIFIED"}', {});
});

validateText("keeps an enum number the schema does not name as { unknown } (proto3 enums are open)", () => {
  accepts('{"eventType":99}', { eventType: { unknown: 99 } });
  accepts('{"eventType":-1}', { eventType: { unknown: -1 } });
  accepts('{"eventType":2147483647}', { eventType: { unknown: 2147483647 } });
  accepts('{"eventType":-2147483648}', { eventType: { unknown: -2147483648 } });
  accepts('{"eventType":3}', { eventType: "READ" });
});

validateText("rejects enum values the references reject", () => {
  const notAValue = (name: string) => `invalid enum value: ${name} is not a value of ${USER_ENUM}`;
  rejects('{"eventType":"read"}', "eventType", notAValue('"read"'));
  rejects('{"eventType":"Read"}', "eventType", notAValue('"Read"'));
  rejects('{"eventType":" READ"}', "eventType", notAValue('" READ"'));
  rejects('{"eventType":""}', "eventType", notAValue('""'));
  rejects('{"eventType":"1"}', "eventType", notAValue('"1"'));
  rejects('{"eventType":"UNRECOGNIZED"}', "eventType", notAValue('"UNRECOGNIZED"'));
  rejects('{"eventType":"__proto__"}', "eventType", notAValue('"__proto__"'));
  rejects('{"eventType":1.5}', "eventType", "invalid enum value: 1.5 is not an integer");
  rejects('{"eventType":2147483648}', "eventType", "invalid enum value: 2147483648 is out of int32 range");
  rejects('{"eventType":-2147483649}', "eventType", "invalid enum value: -2147483649 is out of int32 range");
  rejects('{"eventType":1e400}', "eventType", "invalid enum value: Infinity is out of int32 range");
  rejects('{"eventType":-1e400}', "eventType", "invalid enum value: -Infinity is out of int32 range");
  const wrongType = (type: string) => `invalid value: expected ${USER_ENUM} name or number, received ${type}`;
  rejects('{"eventType":true}', "eventType", wrongType("boolean"));
  rejects('{"eventType":{}}', "eventType", wrongType("object"));
  rejects('{"eventType":["READ"]}', "eventType", wrongType("array"));
});

validateText("rejects a JSON type the field does not take", () => {
  const expected = (what: string, type: string) => `invalid value: expected ${what}, received ${type}`;
  rejects('{"senderPhoneNumber":14155550123}', "senderPhoneNumber", expected("string", "number"));
  rejects('{"eventId":true}', "eventId", expected("string", "boolean"));
  rejects('{"messageId":{}}', "messageId", expected("string", "object"));
  rejects('{"agentId":["a"]}', "agentId", expected("string", "array"));
  rejects('{"sendTime":1412262083}', "sendTime", expected("RFC 3339 timestamp string", "number"));
  rejects('{"sendTime":{"seconds":1412262083}}', "sendTime", expected("RFC 3339 timestamp string", "object"));
  rejects('{"phoneNumber":1}', "phoneNumber", expected("string", "number"), {}, SERVER);
});

validateText("rejects a top level that is not an object", () => {
  rejects("[]", "", "expected object, received array");
  rejects('[{"eventType":"READ"}]', "", "expected object, received array");
  rejects('"READ"', "", "expected object, received string");
  rejects("3", "", "expected object, received number");
  rejects("null", "", "expected object, received null");
  rejects("true", "", "expected object, received boolean");
});

validateText("rejects a lone surrogate in a value or a key", () => {
  rejects('{"eventId":"\\ud800"}', "eventId", "invalid string: contains a lone surrogate");
  rejects('{"agentId":"a\\udfffb"}', "agentId", "invalid string: contains a lone surrogate");
  rejects('{"\\ud800":1}', '["\\ud800"]', "invalid key: contains a lone surrogate");
  accepts('{"agentId":"\\ud83d\\ude00"}', { agentId: "😀" });
});

validateText("rejects unknown fields, naming the message", () => {
  rejects('{"foo":1}', "foo", `unknown field: "foo" is not a field of ${USER}`);
  rejects('{"EventType":"READ"}', "EventType", `unknown field: "EventType" is not a field of ${USER}`);
  rejects('{"eventtype":"READ"}', "eventtype", `unknown field: "eventtype" is not a field of ${USER}`);
  rejects('{"x y":1}', '["x y"]', `unknown field: "x y" is not a field of ${USER}`);
  rejects(`{"${"a-".repeat(20)}":1}`, '["…"]', `unknown field: string is not a field of ${USER}`);
  rejects('{"senderPhoneNumber":"+1"}', "senderPhoneNumber", `unknown field: "senderPhoneNumber" is not a field of ${SERVER}`, {}, SERVER);
});

validateText("ignores unknown fields with ignoreUnknownFields, whatever they hold", () => {
  const options = { ignoreUnknownFields: true };
  accepts('{"foo":1,"eventType":"READ","bar":{"baz":[null,{"q":"\\ud83d\\ude00"}]}}', { eventType: "READ" }, options);
  const deep = (levels: number) => '{"x":' + '{"a":'.repeat(levels) + "1" + "}".repeat(levels) + ',"eventId":"e"}';
  accepts(deep(99), { eventId: "e" }, options);
  // the nesting limit holds for every parsed value, ignored or not
  tooDeep(() => validate(USER, deep(100_000), options), `x${".a".repeat(100)}`);
  rejects('{"foo":1,"eventId":2}', "eventId", "invalid value: expected string, received number", options);
});

validateText("leaves a field unset for an unknown enum name with ignoreUnknownFields", () => {
  const options = { ignoreUnknownFields: true };
  accepts('{"eventType":"NEW_TYPE","eventId":"e"}', { eventId: "e" }, options);
  accepts('{"eventType":"read"}', {}, options);
  rejects('{"eventType":1.5}', "eventType", "invalid enum value: 1.5 is not an integer", options);
  rejects('{"eventType":true}', "eventType", `invalid value: expected ${USER_ENUM} name or number, received boolean`, options);
});

validateText("keeps an unknown enum name with keepUnknownEnumNames", () => {
  accepts('{"eventType":"NEW_TYPE"}', { eventType: { unknown: "NEW_TYPE" } }, { keepUnknownEnumNames: true });
  accepts('{"eventType":"NEW_TYPE","x":1}', { eventType: { unknown: "NEW_TYPE" } }, { keepUnknownEnumNames: true, ignoreUnknownFields: true });
  accepts('{"eventType":"READ"}', { eventType: "READ" }, { keepUnknownEnumNames: true });
  rejects('{"eventType":"NEW_TYPE","x":1}', "x", `unknown field: "x" is not a field of ${USER}`, { keepUnknownEnumNames: true });
  rejects('{"eventType":1.5}', "eventType", "invalid enum value: 1.5 is not an integer", { keepUnknownEnumNames: true });
});

validateText("reads a Timestamp exactly, at any offset", () => {
  const at = (text: string, seconds: number, nanos: number) => accepts(json({ sendTime: text }), { sendTime: { seconds, nanos } });
  at("2014-10-02T15:01:23Z", 1412262083, 0);
  at("2014-10-02T15:01:23.045123456Z", 1412262083, 45123456);
  at("2014-10-02T15:01:23.5+05:30", 1412242283, 500000000);
  at("2014-10-02T15:01:23-08:00", 1412290883, 0);
  at("1970-01-01T00:00:00Z", 0, 0);
  at("1969-12-31T23:59:59.999999999Z", -1, 999999999);
  at("0001-01-01T00:00:00Z", -62135596800, 0);
  at("9999-12-31T23:59:59.999999999Z", 253402300799, 999999999);
});

validateText("rejects a Timestamp with the reason parseTimestamp gives", () => {
  const bad = (text: string, message: string) => rejects(json({ sendTime: text }), "sendTime", message);
  bad("not a time", `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received "not a time"`);
  bad("2014-10-02", `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received "2014-10-02"`);
  bad("2014-10-02T15:01:23", `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received "2014-10-02T15:01:23"`);
  bad("2014-10-02t15:01:23Z", 'invalid timestamp: lowercase "t" is not allowed, expected "T"');
  bad("0000-01-01T00:00:00Z", "invalid timestamp: year 0000 is out of range (0001 to 9999)");
  bad("2014-02-29T00:00:00Z", "invalid timestamp: day 29 is out of range for 2014-02");
  bad("2014-10-02T15:01:23.1234567890Z", "invalid timestamp: more than 9 fraction digits");
  bad("", `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received ""`);
});

validateText("reports every issue, in input order", () => {
  const result = validate(USER, '{"foo":1,"eventType":"NOPE","sendTime":"x","agentId":2,"bar":null}');
  assert.equal(result.issues, [
    { path: "foo", message: `unknown field: "foo" is not a field of ${USER}` },
    { path: "eventType", message: `invalid enum value: "NOPE" is not a value of ${USER_ENUM}` },
    { path: "sendTime", message: `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received "x"` },
    { path: "agentId", message: "invalid value: expected string, received number" },
    { path: "bar", message: `unknown field: "bar" is not a field of ${USER}` },
  ]);
});

validateText("reports at most 100 issues", () => {
  const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, i]));
  const issues = validate(USER, json(many)).issues as Issue[];
  assert.is(issues.length, 100);
  assert.equal(issues[99], { path: "f99", message: `unknown field: "f99" is not a field of ${USER}` });
});

validateText("rejects what ts-proto's generated fromJSON used to coerce", () => {
  // It turned a number into a string, an unknown name into UNRECOGNIZED, a bad time into NaN.
  const input = { senderPhoneNumber: 14155550123, eventType: "FOO", sendTime: "not a time", agentId: true };
  assert.equal(validate(USER, json(input)).issues, [
    { path: "senderPhoneNumber", message: "invalid value: expected string, received number" },
    { path: "eventType", message: `invalid enum value: "FOO" is not a value of ${USER_ENUM}` },
    { path: "sendTime", message: `invalid timestamp: expected ${TIMESTAMP_SHAPE}, received "not a time"` },
    { path: "agentId", message: "invalid value: expected string, received boolean" },
  ]);
});

validateText("rejects the enum values Python's json_format lets through", () => {
  for (const eventType of [1.5, true, "1"]) {
    assert.ok(validate(USER, json({ eventType })).issues, String(eventType));
  }
});

validateText("treats a __proto__ key as an unknown field, never as a prototype", () => {
  const text = '{"__proto__":{"eventType":"READ","polluted":true},"eventId":"e"}';
  rejects(text, "__proto__", `unknown field: "__proto__" is not a field of ${USER}`);
  const result = value(validate(USER, text, { ignoreUnknownFields: true }));
  assert.is(Object.getPrototypeOf(result), Object.prototype);
  assert.is(result["eventType"], "EVENT_TYPE_UNSPECIFIED");
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
});

validateText("throws UNKNOWN_TYPE for a type name the schema does not have", () => {
  throwsCode(() => validate("Nope" as never, "{}"), "UNKNOWN_TYPE", 'unknown message type "Nope"');
  throwsCode(() => validate("Nope" as never, "not json"), "UNKNOWN_TYPE", 'unknown message type "Nope"');
});

validateText("never throws for any JSON text (property)", () => {
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
      const result = validate(USER, text);
      assert.ok((result.value === undefined) !== (result.issues === undefined));
    }),
  );
});

validateText("throws INVALID_ARGUMENT for a type name or JSON text that is not a string", () => {
  throwsCode(() => validate(USER, 5 as never), "INVALID_ARGUMENT", "validate(): json: expected a string, received number");
  throwsCode(() => validate(USER, { eventType: "READ" } as never), "INVALID_ARGUMENT", "validate(): json: expected a string, received object");
  throwsCode(() => validate(7 as never, "{}"), "INVALID_ARGUMENT", "lookupMessage(): typeName: expected a string, received number");
  throwsCode(() => validateValue(null as never, {}), "INVALID_ARGUMENT", "lookupMessage(): typeName: expected a string, received null");
});

validateText("throws UNKNOWN_TYPE for google.protobuf.Timestamp, as the command line refuses it, in every conversion", () => {
  const message = 'unknown message type "google.protobuf.Timestamp": a well-known type, not a message of the schema';
  const name = "google.protobuf.Timestamp" as never;
  for (const call of [
    () => validate(name, '"2014-10-02T15:01:23Z"'),
    () => validate(name, '{"seconds":1}'),
    () => validateValue(name, { seconds: 1 }),
    () => toJson(name, { seconds: 1, nanos: 0 } as never),
    () => toBinary(name, { seconds: 1, nanos: 0 } as never),
    () => fromBinary(name, new Uint8Array(0)),
  ]) {
    throwsCode(call, "UNKNOWN_TYPE", message);
  }
  throwsCode(() => validate("Timestamp" as never, "{}"), "UNKNOWN_TYPE", 'unknown message type "Timestamp"');
  // A Timestamp field, and an Any holding one, are read as RFC 3339 text as before.
  assert.equal(validate(USER, '{"sendTime":"2014-10-02T15:01:23Z"}'), { value: { ...emptyUser, sendTime: { seconds: 1412262083, nanos: 0 } } });
});

validateText.run();

// ---------------------------------------------------------------------------------------------

const validateParsed = suite("validateValue()");

validateParsed("validates an already-parsed value, as validate() does text", () => {
  assert.equal(validateValue(USER, read), { value: readValue });
  assert.equal(validateValue(SERVER, { ...revoked, x: 1 }, { ignoreUnknownFields: true }), validateValue(SERVER, revoked));
  assert.equal(validateValue(USER, []), { issues: [{ path: "", message: "expected object, received array" }] });
  assert.equal(validateValue(USER, undefined), { issues: [{ path: "", message: "expected object, received undefined" }] });
});

validateParsed("rejects lone surrogates in strings it did not parse", () => {
  assert.equal(validateValue(USER, { eventId: "\ud800" }).issues, [{ path: "eventId", message: "invalid string: contains a lone surrogate" }]);
  assert.equal(validateValue(USER, { eventType: "\udc00" }, { keepUnknownEnumNames: true }).issues, [
    { path: "eventType", message: `invalid enum value: "\\udc00" is not a value of ${USER_ENUM}` },
  ]);
});

validateParsed("rejects values no JSON text has", () => {
  assert.equal(validateValue(USER, { eventId: undefined, agentId: 1n }).issues, [
    { path: "eventId", message: "invalid value: expected string, received undefined" },
    { path: "agentId", message: "invalid value: expected string, received bigint" },
  ]);
});

validateParsed("leaves its input as it was", () => {
  const input = Object.freeze({ ...read, extra: Object.freeze({ a: 1 }) });
  validateValue(USER, input, { ignoreUnknownFields: true });
  assert.equal(input, { ...read, extra: { a: 1 } });
});

validateParsed("never throws, whatever the value (property)", () => {
  const keys = [...Object.keys(read), "event_type", "send_time", "__proto__", "constructor", "x"];
  fc.assert(
    fc.property(
      fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }))),
      fc.boolean(),
      fc.boolean(),
      (input, ignoreUnknownFields, keepUnknownEnumNames) => {
        const result = validateValue(USER, input, { ignoreUnknownFields, keepUnknownEnumNames });
        if (result.issues === undefined) return typeof result.value === "object";
        return result.issues.length > 0 && result.issues.every((i) => typeof i.path === "string" && i.message !== "");
      },
    ),
  );
});

validateParsed("never pollutes Object.prototype (property)", () => {
  const before = Object.getOwnPropertyNames(Object.prototype).join();
  const proto = fc.constantFrom("__proto__", "constructor", "prototype", "polluted");
  fc.assert(
    fc.property(fc.dictionary(proto, fc.dictionary(proto, fc.jsonValue({ maxDepth: 2 }))), (object) => {
      const text = json(object).replaceAll('"__proto__"', '"__proto__"');
      validate(USER, text, { ignoreUnknownFields: true });
      validateWith(Kitchen, parseJson(`{"extra":${text},"counts":{"__proto__":"1"},"anything":${text}}`));
      return ({} as Record<string, unknown>)["polluted"] === undefined;
    }),
  );
  assert.is(Object.getOwnPropertyNames(Object.prototype).join(), before);
});

validateParsed.run();

// ---------------------------------------------------------------------------------------------

const generic = suite("validateWith()");

generic("reads 32-bit integers from numbers and decimal strings", () => {
  for (const [text, n] of [
    ["1", 1],
    ["-1", -1],
    ["0", 0],
    ["1e5", 100000],
    ["100000.0", 100000],
    ["1.5e1", 15],
    ['"123"', 123],
    ['"-0"', 0],
    ['"1e2"', 100],
    ['"150e-1"', 15],
    ['"100000.000"', 100000],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
    ['"-2147483648"', -2147483648],
  ] as const) {
    kAccepts(`{"i32":${text},"s32":${text},"sf32":${text}}`, { i32: n, s32: n, sf32: n });
  }
  kAccepts('{"u32":4294967295,"f32":"4294967295"}', { u32: 4294967295, f32: 4294967295 });
  assert.ok(Object.is(value(kitchen('{"i32":-0}'))["i32"], 0));
});

generic("rejects 32-bit integers that are fractional, out of range or not numbers", () => {
  kRejects('{"i32":2147483648}', "i32", "invalid int32: 2147483648 is out of range");
  kRejects('{"i32":-2147483649}', "i32", "invalid int32: -2147483649 is out of range");
  kRejects('{"s32":"2147483648"}', "s32", 'invalid sint32: "2147483648" is out of range');
  kRejects('{"sf32":1e10}', "sf32", "invalid sfixed32: 10000000000 is out of range");
  kRejects('{"u32":-1}', "u32", "invalid uint32: -1 is out of range");
  kRejects('{"f32":4294967296}', "f32", "invalid fixed32: 4294967296 is out of range");
  kRejects('{"i32":1.5}', "i32", "invalid int32: 1.5 is not an integer");
  kRejects('{"i32":"1.5"}', "i32", 'invalid int32: "1.5" is not an integer');
  kRejects('{"i32":"1.05e1"}', "i32", 'invalid int32: "1.05e1" is not an integer');
  kRejects('{"i32":"1e-1"}', "i32", 'invalid int32: "1e-1" is not an integer');
  kRejects('{"i32":1e400}', "i32", "invalid int32: Infinity is out of range");
  for (const text of ["abc", " 1", "1 ", "+1", "01", "0x10", "1_000", "", "NaN", "Infinity", "1.", ".5"]) {
    kRejects(json({ i32: text }), "i32", `invalid int32: ${json(text)} is not a number`);
  }
  kRejects('{"i32":true}', "i32", "invalid value: expected int32, received boolean");
  kRejects('{"u32":[1]}', "u32", "invalid value: expected uint32, received array");
});

generic("reads 64-bit integers exactly as strings or bigints with the longs option", () => {
  const text = '{"i64":"-9223372036854775808","u64":18446744073709549568,"s64":"1e18","f64":"18446744073709551615","wrappedLong":"9223372036854775807"}';
  kAccepts(
    text,
    { i64: "-9223372036854775808", u64: "18446744073709549568", s64: "1000000000000000000", f64: "18446744073709551615", wrappedLong: "9223372036854775807" },
    { longs: "string" },
  );
  const big = value(kitchen(text, { longs: "bigint" }));
  assert.equal([big["i64"], big["s64"], big["wrappedLong"]], [-(BigInt(2) ** BigInt(63)), BigInt(10) ** BigInt(18), BigInt(2) ** BigInt(63) - BigInt(1)]);
  kAccepts(
    '{"i64":"0","u64":"1.5e1","byLong":{"-9223372036854775808":"m"}}',
    { i64: "0", u64: "15", byLong: dict({ "-9223372036854775808": "m" }) },
    { longs: "string" },
  );
  kAccepts('{"i64":5}', { i64: 5, u64: 0 });
  const exact: ValidateOptions = { longs: "string" };
  kRejects('{"i64":"9223372036854775808"}', "i64", 'invalid int64: "9223372036854775808" is out of range', exact);
  kRejects('{"u64":"-1"}', "u64", 'invalid uint64: "-1" is out of range', exact);
  kRejects('{"u64":"1e400"}', "u64", 'invalid uint64: "1e400" is out of range', exact);
  kRejects('{"i64":"1.5"}', "i64", 'invalid int64: "1.5" is not an integer', exact);
  kRejects('{"i64":1.5}', "i64", "invalid int64: 1.5 is not an integer", exact);
  kRejects('{"i64":" 1"}', "i64", 'invalid int64: " 1" is not a number', exact);
  kRejects('{"i64":true}', "i64", "invalid value: expected int64, received boolean", exact);
  kRejects(
    '{"byUlong":{"18446744073709551616":"u"}}',
    'byUlong["18446744073709551616"]',
    'invalid map key: expected uint64, received "18446744073709551616"',
    exact,
  );
});

generic("reads 64-bit integers as numbers, and rejects those a number cannot hold exactly", () => {
  kAccepts('{"i64":"9007199254740991","u64":9007199254740991,"s64":"-9007199254740991","f64":"0","sf64":-5}', {
    i64: 9007199254740991,
    u64: 9007199254740991,
    s64: -9007199254740991,
    f64: 0,
    sf64: -5,
  });
  kAccepts('{"i64":"1e2","u64":"1.0"}', { i64: 100, u64: 1 });
  const unsafe = (type: string, shown: string) =>
    `invalid ${type}: ${shown} is outside ±(2^53-1), the safe integer range of a JavaScript number; the longs option keeps it exact`;
  kRejects('{"i64":"9007199254740992"}', "i64", unsafe("int64", '"9007199254740992"'));
  kRejects('{"i64":9007199254740993}', "i64", unsafe("int64", "9007199254740992"));
  kRejects('{"s64":"-9223372036854775808"}', "s64", unsafe("sint64", '"-9223372036854775808"'));
  kRejects('{"f64":"18446744073709551615"}', "f64", unsafe("fixed64", '"18446744073709551615"'));
  kRejects('{"sf64":1e300}', "sf64", unsafe("sfixed64", "1e+300"));
  kRejects('{"u64":"-1"}', "u64", 'invalid uint64: "-1" is out of range');
  kRejects('{"f64":-1}', "f64", "invalid fixed64: -1 is out of range");
  kRejects('{"i64":"1.5"}', "i64", 'invalid int64: "1.5" is not an integer');
  kRejects('{"i64":false}', "i64", "invalid value: expected int64, received boolean");
});

generic("reads floats from numbers, numeric strings and the special strings", () => {
  kAccepts('{"flt":1.5,"dbl":"-2.5e-3"}', { flt: 1.5, dbl: -0.0025 });
  kAccepts('{"flt":"NaN","dbl":"Infinity"}', { flt: NaN, dbl: Infinity });
  kAccepts('{"flt":"-Infinity","dbl":"-0"}', { flt: -Infinity, dbl: -0 });
  kAccepts('{"flt":3.4028234663852886e38,"dbl":1.7976931348623157e308}', { flt: 3.4028234663852886e38, dbl: Number.MAX_VALUE });
  kAccepts('{"flt":-3.4028234663852886e38,"dbl":5e-324}', { flt: -3.4028234663852886e38, dbl: 5e-324 });
});

generic("rejects floats out of range, and strings that are not numbers", () => {
  kRejects('{"flt":3.5e38}', "flt", "invalid float: 3.5e+38 is out of range");
  kRejects('{"flt":"-3.5e38"}', "flt", 'invalid float: "-3.5e38" is out of range');
  kRejects('{"dbl":1e309}', "dbl", "invalid double: Infinity is out of range");
  kRejects('{"dbl":"1e309"}', "dbl", 'invalid double: "1e309" is out of range');
  for (const text of ["nan", "inf", "-infinity", " 1", "1,5", "", "0x1", "+1"]) {
    kRejects(json({ dbl: text }), "dbl", `invalid double: ${json(text)} is not a number`);
  }
  kRejects('{"flt":true}', "flt", "invalid value: expected float, received boolean");
});

generic("reads bools, strings and bytes only from their own JSON types", () => {
  kAccepts('{"flag":true,"text":"t","data":"AQID"}', { flag: true, text: "t", data: new Uint8Array([1, 2, 3]) });
  kAccepts('{"flag":false,"text":"","data":""}', { flag: false, text: "", data: new Uint8Array(0) });
  kRejects('{"flag":"true"}', "flag", "invalid value: expected boolean, received string");
  kRejects('{"flag":1}', "flag", "invalid value: expected boolean, received number");
  kRejects('{"text":1}', "text", "invalid value: expected string, received number");
  kRejects('{"data":[1,2]}', "data", "invalid value: expected base64 string, received array");
});

generic("reads bytes as standard or URL-safe base64, padding optional", () => {
  kAccepts('{"data":"AQI="}', { data: new Uint8Array([1, 2]) });
  kAccepts('{"data":"AQI"}', { data: new Uint8Array([1, 2]) });
  kAccepts('{"data":"+/8="}', { data: new Uint8Array([251, 255]) });
  kAccepts('{"data":"-_8"}', { data: new Uint8Array([251, 255]) });
  kRejects('{"data":"!!"}', "data", 'invalid base64: unexpected character "!" at index 0');
  kRejects('{"data":"A"}', "data", 'invalid base64: lone final character "A" at index 0');
});

generic("reads enums, and keeps unknown numbers", () => {
  kAccepts('{"color":"GREEN","colors":["RED",2,7,0]}', { color: "GREEN", colors: ["RED", "GREEN", { unknown: 7 }, "COLOR_UNSPECIFIED"] });
  kRejects('{"colors":["RED","BLUE"]}', "colors[1]", 'invalid enum value: "BLUE" is not a value of test.kitchen.v1.Kitchen.Color');
  kAccepts('{"colors":["RED","BLUE","GREEN"]}', { colors: ["RED", "GREEN"] }, { ignoreUnknownFields: true });
  kAccepts('{"colors":["RED","BLUE"]}', { colors: ["RED", { unknown: "BLUE" }] }, { keepUnknownEnumNames: true });
});

generic("reads repeated fields, null being the empty list", () => {
  kAccepts('{"numbers":[1,"2",3e0],"tags":["a","b"]}', { numbers: [1, 2, 3], tags: ["a", "b"] });
  kAccepts('{"numbers":null,"tags":[]}', { numbers: [], tags: [] });
  kRejects('{"numbers":{}}', "numbers", "invalid value: expected array, received object");
  kRejects('{"numbers":"1"}', "numbers", "invalid value: expected array, received string");
  kRejects('{"numbers":[1,null]}', "numbers[1]", "invalid value: expected int32, received null");
  kRejects('{"inners":[{"name":"a"},{"count":"x"}]}', "inners[1].count", 'invalid int32: "x" is not a number');
  assert.equal(kitchen('{"numbers":[1,2.5,"x"]}').issues, [
    { path: "numbers[1]", message: "invalid int32: 2.5 is not an integer" },
    { path: "numbers[2]", message: 'invalid int32: "x" is not a number' },
  ]);
});

generic("reads maps into objects without prototype, keys checked against the key type", () => {
  kAccepts('{"counts":{"a":"5","b":6}}', { counts: dict({ a: 5, b: 6 }) });
  kAccepts('{"counts":null}', { counts: dict({}) });
  kAccepts('{"by_id":{"7":{"name":"x"},"-1":{}}}', {
    byId: dict({ 7: { name: "x", count: 0, child: undefined }, "-1": { name: "", count: 0, child: undefined } }),
  });
  kAccepts('{"byFlag":{"true":"y","false":"n"}}', { byFlag: dict({ true: "y", false: "n" }) });
  kAccepts('{"byLong":{"-9007199254740991":"m"},"byUlong":{"9007199254740991":"u"}}', {
    byLong: dict({ "-9007199254740991": "m" }),
    byUlong: dict({ 9007199254740991: "u" }),
  });
  kRejects('{"counts":[]}', "counts", "invalid value: expected object, received array");
  kRejects('{"counts":{"a":null}}', "counts.a", "invalid value: expected int64, received null");
  kRejects('{"byId":{"x":{}}}', "byId.x", 'invalid map key: expected int32, received "x"');
  kRejects('{"byId":{"2147483648":{}}}', 'byId["2147483648"]', 'invalid map key: expected int32, received "2147483648"');
  kRejects('{"byId":{"1.0":{}}}', 'byId["1.0"]', 'invalid map key: expected int32, received "1.0"');
  kRejects('{"byId":{"01":{},"1":{}}}', 'byId["01"]', 'duplicate map key: "01" is key 1 again');
  kRejects('{"byFlag":{"True":"y"}}', "byFlag.True", 'invalid map key: expected bool, received "True"');
  kRejects('{"byUlong":{"-1":"u"}}', 'byUlong["-1"]', 'invalid map key: expected uint64, received "-1"');
  kRejects(
    '{"byLong":{"9007199254740992":"m"}}',
    'byLong["9007199254740992"]',
    'invalid map key: "9007199254740992" is outside ±(2^53-1), the safe integer range of a JavaScript number; the longs option keeps it exact',
  );
  assert.equal(validateWith(Kitchen, { counts: { "\ud800": 1 } }).issues, [{ path: 'counts["\\ud800"]', message: "invalid key: contains a lone surrogate" }]);
});

generic("keeps a __proto__ map key as an own key", () => {
  const counts = value(kitchen('{"counts":{"__proto__":"1","toString":2}}'))["counts"] as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(counts), null);
  assert.equal(Object.keys(counts), ["__proto__", "toString"]);
  assert.is(counts["__proto__"], 1);
  // oxlint-disable-next-line typescript/unbound-method -- compared by identity, never called
  assert.is(({} as Record<string, unknown>)["toString"], Object.prototype.toString);
});

generic("reads nested messages with their defaults, and names the path of a nested issue", () => {
  kAccepts('{"inner":{"name":"n","child":{"count":2}}}', {
    inner: { name: "n", count: 0, child: { name: "", count: 2, child: undefined } },
  });
  kAccepts('{"inner":null}', { inner: undefined });
  kAccepts('{"inner":{}}', { inner: { name: "", count: 0, child: undefined } });
  kRejects('{"inner":{"child":{"child":{"count":"x"}}}}', "inner.child.child.count", 'invalid int32: "x" is not a number');
  kRejects('{"inner":"x"}', "inner", "invalid value: expected object, received string");
  kRejects('{"inner":{"nope":1}}', "inner.nope", 'unknown field: "nope" is not a field of test.kitchen.v1.Kitchen.Inner');
});

generic("follows nested messages 100 levels deep, and no deeper", () => {
  const nest = (levels: number) => '{"inner":' + '{"child":'.repeat(levels - 1) + "{}" + "}".repeat(levels);
  assert.ok(kitchen(nest(100)).value);
  const path = ["inner", ...Array<string>(100).fill("child")].join(".");
  tooDeep(() => kitchen(nest(101)), path);
  // read from an already parsed value, the reader stops at the same depth
  const result = validateWith(Kitchen, JSON.parse(nest(101)));
  assert.equal(result, { issues: [{ path, message: "too deeply nested: more than 100 levels" }] });
});

generic("allows at most one member of a oneof, held as { $case, value }", () => {
  kAccepts('{"choiceText":"a"}', { choice: { $case: "choiceText", value: "a" } });
  kAccepts('{"choiceNumber":0}', { choice: { $case: "choiceNumber", value: 0 } });
  kAccepts('{"choice_inner":{}}', { choice: { $case: "choiceInner", value: { name: "", count: 0, child: undefined } } });
  kAccepts('{"choiceValue":null}', { choice: { $case: "choiceValue", value: null } });
  kAccepts('{"choiceText":null,"choiceNumber":1}', { choice: { $case: "choiceNumber", value: 1 } });
  kAccepts('{"choiceText":null,"choiceInner":null}', { choice: undefined });
  kAccepts("{}", { choice: undefined });
  kRejects('{"choiceText":"a","choiceNumber":1}', "choiceNumber", 'duplicate oneof: "choiceText" and "choiceNumber" both set oneof "choice"');
  kRejects('{"choice_text":"a","choiceInner":{}}', "choiceInner", 'duplicate oneof: "choiceText" and "choiceInner" both set oneof "choice"');
  kRejects('{"choiceText":"a","choiceValue":null}', "choiceValue", 'duplicate oneof: "choiceText" and "choiceValue" both set oneof "choice"');
  kRejects('{"choiceValue":1,"choiceText":""}', "choiceText", 'duplicate oneof: "choiceValue" and "choiceText" both set oneof "choice"');
});

generic("keeps no property for a member of a oneof, only the oneof's", () => {
  const value = kitchen('{"choiceText":"a"}').value as Record<string, unknown>;
  for (const key of ["choiceText", "choiceNumber", "choiceInner", "choiceValue"]) assert.not.ok(Object.hasOwn(value, key), key);
});

generic("tracks presence of optional fields", () => {
  kAccepts('{"maybe":0}', { maybe: 0 });
  kAccepts('{"maybe":null}', { maybe: undefined });
  kAccepts("{}", { maybe: undefined, i32: 0 });
});

generic("takes a custom json_name and the proto name, not the camelCase name", () => {
  kAccepts('{"renamed":"r"}', { customName: "r" });
  kAccepts('{"custom_name":"r"}', { customName: "r" });
  kRejects('{"customName":"r"}', "customName", 'unknown field: "customName" is not a field of test.kitchen.v1.Kitchen');
  kRejects('{"custom_name":"a","renamed":"b"}', "custom_name", 'duplicate field: "custom_name" and "renamed" name the same field');
});

generic("reads google.protobuf.Duration", () => {
  kAccepts('{"took":"1.5s"}', { took: { seconds: 1, nanos: 500000000 } });
  kAccepts('{"took":"-1.000000001s"}', { took: { seconds: -1, nanos: -1 } });
  kAccepts('{"took":"0s"}', { took: { seconds: 0, nanos: 0 } });
  kAccepts('{"took":"315576000000.999999999s"}', { took: { seconds: 315576000000, nanos: 999999999 } });
  const half = value(kitchen('{"took":"-0.5s"}'))["took"] as { seconds: number; nanos: number };
  assert.ok(Object.is(half.seconds, 0) && half.nanos === -500000000);
  kRejects('{"took":"-315576000001s"}', "took", 'invalid duration: "-315576000001s" is out of range (±315576000000s)');
  for (const text of ["1h", "1", "1.s", ".5s", "1.0000000001s", "+1s", "1 s", "1S"]) {
    kRejects(json({ took: text }), "took", `invalid duration: expected seconds with up to 9 fraction digits and an "s" suffix, received ${json(text)}`);
  }
  kRejects('{"took":1}', "took", "invalid value: expected duration string, received number");
});

generic("reads the wrapper types as their scalar, null leaving them unset", () => {
  kAccepts('{"wrappedInt":0,"wrappedLong":"5","wrappedText":"","wrappedFlag":false}', {
    wrappedInt: 0,
    wrappedLong: 5,
    wrappedText: "",
    wrappedFlag: false,
  });
  kAccepts('{"wrappedBytes":"AQ==","wrappedDouble":"NaN","wrappedUlong":"7","wrappedFloat":0.5}', {
    wrappedBytes: new Uint8Array([1]),
    wrappedDouble: NaN,
    wrappedUlong: 7,
    wrappedFloat: 0.5,
  });
  kAccepts('{"wrappedInt":null,"wrappedText":null}', { wrappedInt: undefined, wrappedText: undefined });
  kRejects('{"wrappedFlag":"true"}', "wrappedFlag", "invalid value: expected boolean, received string");
  kRejects('{"wrappedUlong":"-1"}', "wrappedUlong", 'invalid uint64: "-1" is out of range');
  kRejects('{"wrappedFloat":1e39}', "wrappedFloat", "invalid float: 1e+39 is out of range");
  kRejects('{"wrappedInt":{"value":1}}', "wrappedInt", "invalid value: expected int32, received object");
});

generic("reads Struct, Value and ListValue as any JSON, objects without prototype", () => {
  kAccepts('{"extra":{"a":[1,null,{"b":"c"}],"d":true}}', { extra: dict({ a: [1, null, dict({ b: "c" })], d: true }) });
  kAccepts('{"anything":null}', { anything: null });
  kAccepts('{"anything":[1,{"a":null}]}', { anything: [1, dict({ a: null })] });
  kAccepts('{"anything":"x","items":[1,"a",null]}', { anything: "x", items: [1, "a", null] });
  kAccepts('{"extra":null,"items":null}', { extra: undefined, items: undefined });
  kRejects('{"extra":[]}', "extra", "invalid value: expected object, received array");
  kRejects('{"items":{}}', "items", "invalid value: expected array, received object");
  assert.equal(validateWith(Kitchen, { anything: { a: ["\ud800"] } }).issues, [
    { path: "anything.a[0]", message: "invalid string: contains a lone surrogate" },
  ]);
  assert.equal(validateWith(Kitchen, { extra: { "\ud800": 1 } }).issues, [{ path: 'extra["\\ud800"]', message: "invalid key: contains a lone surrogate" }]);
  assert.equal(validateWith(Kitchen, { anything: NaN }).issues, [{ path: "anything", message: "invalid number: NaN is out of range" }]);
});

generic("follows a Value 100 levels deep, and no deeper", () => {
  assert.ok(kitchen(`{"anything":${"[".repeat(100)}${"]".repeat(100)}}`).value);
  const text = `{"anything":${"[".repeat(101)}${"]".repeat(101)}}`;
  tooDeep(() => kitchen(text), `anything${"[0]".repeat(100)}`);
  // read from an already parsed value, the reader stops at the same depth
  const issues = [{ path: `anything${"[0]".repeat(100)}`, message: "too deeply nested: more than 100 levels" }];
  assert.equal(validateWith(Kitchen, JSON.parse(text)), { issues });
});

generic("reads NullValue from null, its name or its number", () => {
  kAccepts('{"nothing":null}', { nothing: "NULL_VALUE" });
  kAccepts('{"nothing":"NULL_VALUE"}', { nothing: "NULL_VALUE" });
  kAccepts('{"nothing":0}', { nothing: "NULL_VALUE" });
  kRejects('{"nothing":"NULL"}', "nothing", 'invalid enum value: "NULL" is not a value of google.protobuf.NullValue');
  kRejects('{"nothing":false}', "nothing", "invalid value: expected null, received boolean");
});

generic("reads FieldMask from lowerCamelCase paths into proto paths", () => {
  kAccepts('{"mask":"fooBar.baz,qux"}', { mask: ["foo_bar.baz", "qux"] });
  kAccepts('{"mask":""}', { mask: [] });
  for (const text of ["foo_bar", "a..b", "a,", "1a", "a-b"]) {
    const bad = text.split(",").find((p) => p.includes("_") || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(p));
    kRejects(json({ mask: text }), "mask", `invalid field mask: ${json(bad)} is not a path of lowerCamelCase field names`);
  }
  kRejects('{"mask":["a"]}', "mask", "invalid value: expected field mask string, received array");
});

generic("reads Empty as an object without fields", () => {
  kAccepts('{"empty":{}}', { empty: {} });
  kRejects('{"empty":{"x":1}}', "empty.x", 'unknown field: "x" is not a field of google.protobuf.Empty');
});

const INNER_URL = "type.googleapis.com/test.kitchen.v1.Kitchen.Inner";

/** An Any as the Kitchen fixture has it (protobufjs's own any.proto names the first field type_url). */
const any = (typeUrl: string, bytes: number[]) => ({ type_url: typeUrl, value: new Uint8Array(bytes) });

generic("reads google.protobuf.Any: @type (anywhere) and the fields of the message it names, to its bytes", () => {
  kAccepts(json({ any: { "@type": INNER_URL, name: "n", count: 2 } }), { any: any(INNER_URL, [0x0a, 1, 0x6e, 0x10, 2]) });
  kAccepts(json({ any: { count: 2, "@type": INNER_URL } }), { any: any(INNER_URL, [0x10, 2]) });
  kAccepts(json({ any: { "@type": INNER_URL } }), { any: any(INNER_URL, []) });
  kAccepts('{"any":{}}', { any: any("", []) });
  kAccepts('{"any":null}', { any: undefined });
});

generic("reads an Any holding a well-known type from its value, an Any in an Any too", () => {
  const wkt = (name: string, value: unknown) => json({ any: { "@type": `type.googleapis.com/google.protobuf.${name}`, value } });
  kAccepts(wkt("Duration", "1.5s"), { any: any("type.googleapis.com/google.protobuf.Duration", [0x08, 1, 0x10, 0x80, 0xca, 0xb5, 0xee, 0x01]) });
  kAccepts(wkt("Int32Value", 5), { any: any("type.googleapis.com/google.protobuf.Int32Value", [0x08, 5]) });
  kAccepts(wkt("FieldMask", "a,bC"), { any: any("type.googleapis.com/google.protobuf.FieldMask", [0x0a, 1, 0x61, 0x0a, 3, 0x62, 0x5f, 0x63]) });
  kAccepts(wkt("Value", null), { any: any("type.googleapis.com/google.protobuf.Value", [0x08, 0]) });
  // Empty has no JSON form of its own: an Any holds it as a message without fields.
  kAccepts('{"any":{"@type":"type.googleapis.com/google.protobuf.Empty"}}', { any: any("type.googleapis.com/google.protobuf.Empty", []) });
  const nested = value(kitchen(wkt("Any", { "@type": INNER_URL, count: 1 })))["any"] as { value: Uint8Array };
  assert.equal([...nested.value], [0x0a, INNER_URL.length, ...Buffer.from(INNER_URL), 0x12, 2, 0x10, 1]);
});

generic("rejects an Any without @type, with an unknown @type, or with fields its message lacks", () => {
  kRejects('{"any":{"count":1}}', "any", 'invalid Any: "@type" is missing');
  kRejects('{"any":{"@type":1}}', 'any["@type"]', "invalid value: expected type URL string, received number");
  kRejects(
    '{"any":{"@type":"type.googleapis.com/test.kitchen.v1.Nope"}}',
    'any["@type"]',
    'unknown type in Any: "test.kitchen.v1.Nope" is not a message of the schema',
  );
  kRejects(
    '{"any":{"@type":"test.kitchen.v1.Kitchen.Inner"}}',
    'any["@type"]',
    'unknown type in Any: "test.kitchen.v1.Kitchen.Inner" is not a message of the schema',
  );
  kRejects('{"any":{"@type":"x/a b"}}', 'any["@type"]', 'unknown type in Any: "x/a b" is not a message of the schema');
  kRejects(json({ any: { "@type": INNER_URL, nope: 1 } }), "any.nope", 'unknown field: "nope" is not a field of test.kitchen.v1.Kitchen.Inner');
  kRejects(json({ any: { "@type": INNER_URL, count: "x" } }), "any.count", 'invalid int32: "x" is not a number');
  kRejects(
    '{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s","x":1}}',
    "any.x",
    'unknown field: "x" is not a field of an Any holding google.protobuf.Duration',
  );
  kRejects(
    '{"any":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1"}}',
    "any.value",
    'invalid duration: expected seconds with up to 9 fraction digits and an "s" suffix, received "1"',
  );
  kRejects('{"any":[]}', "any", "invalid value: expected object, received array");
});

generic.run();
