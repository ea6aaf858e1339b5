// The codecs exported under the message names: exact JSON, binary, and Standard Schema.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { messageCodec } from "../../../src/codec/index.js";
import { ServerEvent, UserEvent } from "../../../gen/binary-codecs.js";
import * as json from "../../../gen/json-codecs.js";
import { toJson } from "../../../src/codec/index.js";
import { validateValue } from "../../../src/codec/index.js";
import { messageTypeNames } from "../../../src/schema/index.js";
import * as api from "../../../src/index.js";
import { USER, emptyUser, oracleBinary, read, readValue, revoked, throwsCode } from "../../support/validation.js";

const fromJSON = suite("UserEvent.fromJSON()");

fromJSON("reads Timestamps exactly, also before 1970", () => {
  assert.equal(UserEvent.fromJSON({ sendTime: "1969-12-31T23:59:59.5Z" }).sendTime, { seconds: -1, nanos: 500000000 });
  assert.equal(UserEvent.fromJSON(read), readValue);
});

fromJSON("throws INVALID_EVENT, with every issue, for what the generated fromJSON used to coerce", () => {
  throwsCode(
    () => UserEvent.fromJSON({ sendTime: "2024-02-30T00:00:00Z" }),
    "INVALID_EVENT",
    `cannot decode ${USER} from JSON: sendTime: invalid timestamp: day 30 is out of range for 2024-02`,
  );
  throwsCode(
    () => UserEvent.fromJSON({ sendTime: "garbage" }),
    "INVALID_EVENT",
    /^cannot decode rbm\.events\.v1\.UserEvent from JSON: sendTime: invalid timestamp: expected .+, received "garbage"$/,
  );
  try {
    UserEvent.fromJSON({ eventId: 1, agentId: true });
    assert.unreachable();
  } catch (error) {
    assert.equal(
      (error as api.RbmEventError).issues.map((issue) => issue.path),
      ["eventId", "agentId"],
    );
  }
  throwsCode(() => UserEvent.fromJSON([]), "INVALID_EVENT", `cannot decode ${USER} from JSON: expected object, received array`);
});

fromJSON("keeps an unknown enum number, and writes it back as it came", () => {
  const event = UserEvent.fromJSON({ eventType: 7 });
  assert.equal(event.eventType, { unknown: 7 });
  assert.equal(UserEvent.toJSON(event), { eventType: 7 });
  assert.equal([...UserEvent.encode(event)], [0x10, 7]);
  assert.equal(UserEvent.decode(UserEvent.encode(event)), event);
});

fromJSON("takes the options of validateValue()", () => {
  throwsCode(() => UserEvent.fromJSON({ x: 1 }), "INVALID_EVENT", `cannot decode ${USER} from JSON: x: unknown field: "x" is not a field of ${USER}`);
  assert.equal(UserEvent.fromJSON({ x: 1 }, { ignoreUnknownFields: true }), emptyUser);
  assert.equal(UserEvent.fromJSON({ eventType: "NEW" }, { keepUnknownEnumNames: true }).eventType, { unknown: "NEW" });
});

fromJSON.run();

const toJSON = suite("UserEvent.toJSON() / encode() / decode()");

toJSON("writes canonical JSON to the nanosecond, as toJson() does", () => {
  assert.equal(UserEvent.toJSON(readValue), read);
  assert.equal(UserEvent.toJSON({ ...emptyUser, sendTime: { seconds: 0, nanos: 1 } }), { sendTime: "1970-01-01T00:00:00.000000001Z" });
  const server = ServerEvent.fromJSON(revoked);
  assert.equal(ServerEvent.toJSON(server), toJson("ServerEvent", server));
});

toJSON("encodes the bytes @bufbuild/protobuf writes, and decodes them back", () => {
  assert.equal(UserEvent.encode(readValue), oracleBinary(USER, read));
  assert.equal(UserEvent.decode(oracleBinary(USER, read)), readValue);
  throwsCode(() => UserEvent.decode(new Uint8Array([0x0f])), "INVALID_EVENT", /^cannot decode rbm\.events\.v1\.UserEvent from binary: /);
});

toJSON.run();

const standard = suite("UserEvent['~standard']");

standard("is a Standard Schema v1 validator of the message's proto3 JSON", () => {
  const props = UserEvent["~standard"];
  assert.is(props.version, 1);
  assert.is(props.vendor, "rbm-events");
  assert.equal(props.validate(read), { value: readValue });
  assert.equal(props.validate(read), validateValue(USER, read));
});

standard("gives issue paths as arrays of keys and indexes", () => {
  const result = UserEvent["~standard"].validate({ sendTime: "x", eventType: "NOPE", "odd key": 1 });
  assert.equal(result, {
    issues: [
      { message: 'invalid timestamp: expected YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), received "x"', path: ["sendTime"] },
      { message: 'invalid enum value: "NOPE" is not a value of rbm.events.v1.UserEvent.EventType', path: ["eventType"] },
      { message: `unknown field: "odd key" is not a field of ${USER}`, path: ["odd key"] },
    ],
  });
  assert.equal(UserEvent["~standard"].validate("text"), { issues: [{ message: "expected object, received string" }] });
});

standard.run();

const exported = suite("message codecs");

exported("exports a codec under the short name of every message of the schema", () => {
  for (const name of messageTypeNames()) {
    const short = name.slice(name.lastIndexOf(".") + 1);
    const codec = (api as Record<string, unknown>)[short];
    assert.ok(codec, `${short} is not exported`);
    assert.is((codec as { typeName: string }).typeName, name);
  }
});

exported("gives rbm-events/web the same codecs without binary", () => {
  assert.equal(Object.keys(json.UserEvent).sort(), ["create", "fromJSON", "toJSON", "typeName", "~standard"]);
  assert.equal(Object.keys(UserEvent).sort(), ["create", "decode", "encode", "fromJSON", "toJSON", "typeName", "~standard"]);
  assert.equal(json.UserEvent.fromJSON(read), UserEvent.fromJSON(read));
});

exported("loads nothing until used, and throws UNKNOWN_TYPE then for a name the schema lacks", () => {
  const codec = messageCodec("rbm.events.v1.Nope" as never);
  throwsCode(() => codec.toJSON({} as never), "UNKNOWN_TYPE", 'unknown message type "rbm.events.v1.Nope"');
});

exported.run();
