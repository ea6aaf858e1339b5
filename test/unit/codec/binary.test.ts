import fc from "fast-check";
import protobuf from "protobufjs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { ServerEvent } from "../../../gen/rbm/events/v1/server_event.js";
import { UserEvent, UserEvent_EventType } from "../../../gen/rbm/events/v1/user_event.js";
import { fromBinary, fromBinaryWith, toBinary, toBinaryWith } from "../../../src/codec/binary.js";
import { validate } from "../../../src/codec/validate.js";
import { Kitchen, SERVER, USER, USER_ENUM, dict, fullKitchen, json, kitchen, read, readValue, revoked, throwsCode, value } from "../../support/validation.js";

const binary = suite("toBinary()");

binary("gives the bytes UserEvent.encode gives", () => {
  for (const input of [read, {}, { eventType: "DELIVERED" }, { sendTime: "0001-01-01T00:00:00Z" }, { ...read, messageId: "" }]) {
    const message = value(validate(USER, json(input)));
    assert.equal(toBinary(USER, message), UserEvent.encode(message as unknown as UserEvent).finish(), json(input));
  }
  assert.is(toBinary(USER, { ...UserEvent.create() }).length, 0);
  const server = value(validate(SERVER, json(revoked)));
  assert.equal(toBinary(SERVER, server), ServerEvent.encode(server as unknown as ServerEvent).finish());
});

binary("writes an unknown enum number, and refuses an unknown name", () => {
  assert.equal([...toBinary(USER, { ...UserEvent.create(), eventType: 99 })], [0x10, 99]);
  const kept = value(validate(USER, '{"eventType":"NEW_TYPE"}', { keepUnknownEnumNames: true }));
  throwsCode(() => toBinary(USER, kept), "INVALID_ARGUMENT",
    `cannot encode ${USER} to binary: eventType: "NEW_TYPE" is not a value of ${USER_ENUM}`);
});

binary("gives the bytes of any valid UserEvent that UserEvent.encode gives (property)", () => {
  const eventTypes = Object.values(UserEvent_EventType).filter((t) => t !== "UNRECOGNIZED");
  fc.assert(
    fc.property(
      fc.record({
        senderPhoneNumber: fc.string({ unit: "grapheme" }),
        eventType: fc.constantFrom(...eventTypes),
        eventId: fc.string(),
        messageId: fc.string(),
        sendTime: fc.option(
          fc.record({ seconds: fc.integer({ min: -62135596800, max: 253402300799 }), nanos: fc.integer({ min: 0, max: 999999999 }) })
            .map((time) => ({ ...time })),
          { nil: undefined },
        ),
        agentId: fc.string(),
      }).map((message) => ({ ...message })),
      (message) => {
        const bytes = toBinary(USER, message);
        assert.equal(bytes, UserEvent.encode(message).finish());
        assert.equal(fromBinary(USER, bytes), message);
      },
    ),
  );
});

binary.run();

const binaryGeneric = suite("toBinaryWith()");

binaryGeneric("encodes every kind of field so that fromBinaryWith() gives the value back", () => {
  const message = value(kitchen(json(fullKitchen)));
  assert.equal(fromBinaryWith(Kitchen, toBinaryWith(Kitchen, message)), message);
});

binaryGeneric("encodes what protobufjs decodes to the same fields", () => {
  const message = value(kitchen('{"i64":"-5","u64":"7","color":"RED","counts":{"a":"1"},"byLong":{"-3":"m"},"data":"AQI="}'));
  const decoded = Kitchen.toObject(Kitchen.decode(toBinaryWith(Kitchen, message)), { longs: String, enums: String, bytes: Array });
  assert.equal(decoded, { i64: "-5", u64: "7", color: "RED", counts: { a: "1" }, byLong: { "-3": "m" }, data: [1, 2] });
});

binaryGeneric("throws for google.protobuf.Any, which it does not support", () => {
  const any = { ...value(kitchen("{}")), any: { typeUrl: "x", value: new Uint8Array(0) } };
  throwsCode(() => toBinaryWith(Kitchen, any), "INVALID_ARGUMENT", "cannot encode any to binary: unsupported well-known type google.protobuf.Any");
});

binaryGeneric.run();

const decode = suite("fromBinary()");

decode("decodes what UserEvent.encode writes to the value validate() gives", () => {
  const bytes = UserEvent.encode(readValue).finish();
  assert.equal(fromBinary(USER, bytes), readValue);
  assert.equal(fromBinary(USER, new Uint8Array(0)), UserEvent.create());
  assert.equal(fromBinary(SERVER, toBinary(SERVER, value(validate(SERVER, json(revoked))))), ServerEvent.fromJSON(revoked));
});

decode("keeps an unknown enum number, where UserEvent.decode gives UNRECOGNIZED", () => {
  const bytes = new Uint8Array([0x10, 99]);
  assert.is(UserEvent.decode(bytes).eventType, UserEvent_EventType.UNRECOGNIZED);
  assert.is(fromBinary(USER, bytes)["eventType"], 99);
});

decode("skips fields a newer schema wrote", () => {
  const bytes = new Uint8Array([...UserEvent.encode(readValue).finish(), 0x98, 0x06, 0x01]);
  assert.equal(fromBinary(USER, bytes), readValue);
});

decode("throws INVALID_EVENT for malformed bytes", () => {
  throwsCode(() => fromBinary(USER, new Uint8Array([0x0a, 0x05, 0x61])), "INVALID_EVENT", new RegExp(`^cannot decode ${USER} from binary: .+`));
  throwsCode(() => fromBinary(USER, new Uint8Array([0x0f])), "INVALID_EVENT", new RegExp(`^cannot decode ${USER} from binary: .+`));
});

decode.run();

const decodeGeneric = suite("fromBinaryWith()");

decodeGeneric("gives bytes as a plain Uint8Array and 64-bit integers as numbers", () => {
  const bytes = Kitchen.encode(Kitchen.fromObject({ data: [1, 2], i64: "-7", byUlong: { "9007199254740991": "u" } })).finish();
  const message = fromBinaryWith(Kitchen, bytes);
  assert.is(Object.getPrototypeOf(message["data"]), Uint8Array.prototype);
  assert.equal(message["data"], new Uint8Array([1, 2]));
  assert.is(message["i64"], -7);
  assert.equal(message["byUlong"], dict({ 9007199254740991: "u" }));
});

decodeGeneric("throws INVALID_EVENT for a 64-bit integer a number cannot hold exactly", () => {
  const bytes = protobuf.Writer.create().uint32(48).int64("9007199254740992").finish();
  throwsCode(() => fromBinaryWith(Kitchen, bytes), "INVALID_EVENT",
    "cannot decode test.kitchen.v1.Kitchen from binary: i64: 9007199254740992 is outside ±(2^53-1), the safe integer range of a JavaScript number");
});

decodeGeneric.run();
