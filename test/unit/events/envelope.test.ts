import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { envelopeToJson, parseEnvelope, readEnvelope, readMessageData } from "../../../src/events/envelope.js";
import { type DeliveryInput, type Envelope } from "../../../src/events/index.js";
import { RbmEventError, isRbmEventError, type RbmEventErrorCode } from "../../../src/errors.js";
import { parseJson } from "../../../src/encoding/index.js";
import { parseTimestamp } from "../../../src/schema/index.js";

const fixtures = new URL("../../fixtures/", import.meta.url);
const SUBSCRIPTION = "projects/coffee-bot-rbm/subscriptions/rbm-events-push";
const EVENTARC = "projects/coffee-bot-rbm/subscriptions/eventarc-europe-west1-rbm-events-sub-120";

const delivered = {
  senderPhoneNumber: "+14155550123",
  eventType: "DELIVERED",
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  messageId: "msg-4f9c1c6e-8b1d-4c2a",
  sendTime: "2024-03-05T10:15:30.123456789Z",
  agentId: "coffee-bot@rbm.goog",
};

/** What each fixture carries: the payload JSON and the envelope around it. */
const expected: Record<string, { payload: Record<string, unknown>; envelope: Envelope }> = {
  "body-webhook.json": {
    payload: delivered,
    envelope: { source: "webhook", messageId: "11770574893481563", publishTime: time("2024-03-05T10:15:30.402Z") },
  },
  "body-push-camel.json": {
    payload: {
      ...delivered,
      eventType: "READ",
      eventId: "MxQ2cDkzLHhnm-tNh8vVFbvg",
      sendTime: "2024-03-05T10:16:02.5Z",
    },
    envelope: {
      source: "push",
      messageId: "11770574893481570",
      publishTime: time("2024-03-05T10:16:02.713Z"),
      attributes: { googclient_schemaencoding: "JSON" },
      subscription: SUBSCRIPTION,
    },
  },
  "body-push-snake.json": {
    payload: {
      phoneNumber: "+14155550123",
      agentId: "coffee-bot@rbm.goog",
      messageId: "msg-77aa01f3",
      eventType: "TTL_EXPIRATION_REVOKED",
      eventId: "srv-5c0d1e9a44",
      sendTime: "2024-03-06T00:00:00Z",
    },
    envelope: {
      source: "push",
      messageId: "11770574893481601",
      publishTime: time("2024-03-06T00:00:00.817344Z"),
      subscription: SUBSCRIPTION,
    },
  },
  "body-push-both.json": {
    payload: {
      senderPhoneNumber: "+447700900123",
      eventType: "IS_TYPING",
      eventId: "MxbYQp0S2kRJ2Gv3bWq3TkqA",
      sendTime: "2024-03-05T10:16:09.000001Z",
      agentId: "coffee-bot@rbm.goog",
    },
    envelope: {
      source: "push",
      messageId: "11770574893481588",
      publishTime: time("2024-03-05T10:16:09.280Z"),
      attributes: {},
      subscription: SUBSCRIPTION,
    },
  },
  "body-push-dead-letter.json": {
    payload: {
      senderPhoneNumber: "+33612345678",
      eventType: "UNSUBSCRIBE",
      eventId: "MxGq1jT8aW0dFhBCcEo_p9Zw",
      sendTime: "2024-03-05T10:20:44.250Z",
      agentId: "coffee-bot@rbm.goog",
    },
    envelope: {
      source: "push",
      messageId: "11770574893481642",
      publishTime: time("2024-03-05T10:20:44.931Z"),
      subscription: "projects/coffee-bot-rbm/subscriptions/rbm-events-ordered",
      deliveryAttempt: 3,
      orderingKey: "+33612345678",
    },
  },
  "body-cloudevent.json": {
    payload: {
      senderPhoneNumber: "+33612345678",
      eventType: "SUBSCRIBE",
      eventId: "Mx3vWn6kP1sRr4TtYyUu8IiO",
      sendTime: "2024-03-05T11:02:13.75Z",
      agentId: "coffee-bot@rbm.goog",
    },
    envelope: {
      source: "cloudevent",
      messageId: "11770574893481655",
      publishTime: time("2024-03-05T11:02:14.120Z"),
      subscription: EVENTARC,
    },
  },
  "body-message-published-data.json": {
    payload: {
      phoneNumber: "+447700900123",
      agentId: "coffee-bot@rbm.goog",
      messageId: "msg-77aa01f4",
      eventType: "TTL_EXPIRATION_REVOKE_FAILED",
      eventId: "srv-5c0d1e9a45",
      sendTime: "2024-03-06T00:00:01.000000001Z",
    },
    envelope: {
      source: "cloudevent",
      messageId: "11770574893481712",
      publishTime: time("2024-03-06T00:00:01.240591Z"),
      subscription: EVENTARC,
    },
  },
  "body-pubsub-message.json": {
    payload: delivered,
    envelope: {
      source: "message",
      messageId: "11770574893481563",
      publishTime: time("2024-03-05T10:15:30.402Z"),
      attributes: {
        googclient_schemaencoding: "JSON",
        googclient_schemaname: "projects/coffee-bot-rbm/schemas/rbm-event",
      },
    },
  },
  "body-user-message.json": {
    payload: {
      senderPhoneNumber: "+14155550123",
      messageId: "MxLhNpgs4VT3qBmAb7Qd1l9Q",
      sendTime: "2024-03-05T10:17:41.017624Z",
      text: "Hi",
      agentId: "coffee-bot@rbm.goog",
    },
    envelope: {
      source: "push",
      messageId: "11770574893481620",
      publishTime: time("2024-03-05T10:17:41.556Z"),
      subscription: SUBSCRIPTION,
    },
  },
};

function time(text: string): { seconds: number; nanos: number } {
  const result = parseTimestamp(text);
  if (typeof result === "string") throw new Error(result);
  return result;
}

function base64(value: unknown): string {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64");
}

function json(data: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(data));
}

function thrown(run: () => unknown): RbmEventError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(isRbmEventError(caught), `expected an RbmEventError, got ${String(caught)}`);
  return caught;
}

/** Asserts the exact error for `input`: code, message `cannot decode envelope: path: reason`, one issue. */
function rejects(input: unknown, path: string, reason: string, code: RbmEventErrorCode = "INVALID_ENVELOPE") {
  const error = thrown(() => parseEnvelope(input as DeliveryInput));
  assert.is(error.code, code);
  assert.is(error.message, `cannot decode envelope: ${path === "" ? "" : `${path}: `}${reason}`);
  assert.equal(error.issues, [{ path, message: reason }]);
  return error;
}

/** A push body around `message` (default: a DELIVERED event), with `extra` top-level keys. */
function push(message: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { message: { data: base64(delivered), ...message }, subscription: SUBSCRIPTION, ...extra };
}

function envelopeOf(input: unknown): Envelope {
  return parseEnvelope(input as DeliveryInput).envelope;
}

/** A stand-in for @google-cloud/precise-date's PreciseDate: a Date with nanoseconds in toStruct(). */
class PreciseDate extends Date {
  private readonly struct: unknown;
  constructor(struct: unknown, ms = 0) {
    super(ms);
    this.struct = struct;
  }
  toStruct(): unknown {
    return this.struct;
  }
}

/** A pull client's Message: Buffer data, PreciseDate publishTime, and internals never to be read. */
function pullMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const subscriber: Record<string, unknown> = { _options: {} };
  const message: Record<string, unknown> = {
    ackId: "RUFeQBJMJxhESVMrQwsqWBFOBCEhPjA-RVNEUAYWLF1GSFE3GQhoUQ5PXiM_NSAoRRoHIGoKOULcFE5ZMSBdV3UUAD",
    attributes: { googclient_schemaencoding: "JSON" },
    data: Buffer.from(JSON.stringify(delivered)),
    deliveryAttempt: 0,
    id: "11770574893481563",
    orderingKey: "",
    publishTime: new PreciseDate({ seconds: 1709633730, nanos: 402123456 }, 1709633730402),
    received: 1709633730512,
    _handled: false,
    _length: 196,
    _subscriber: subscriber,
    ...overrides,
  };
  subscriber.message = message;
  return message;
}

const parse = suite("parseEnvelope()");

parse("decodes every fixture exactly, from a string, bytes or a parsed object", () => {
  const names = readdirSync(fixtures)
    .filter((name) => name.startsWith("body-"))
    .sort();
  assert.equal(names, Object.keys(expected).sort());
  for (const name of names) {
    const text = readFileSync(new URL(name, fixtures), "utf8");
    const want = expected[name];
    for (const input of [text, Buffer.from(text), new TextEncoder().encode(text), JSON.parse(text)]) {
      const { data, envelope } = parseEnvelope(input);
      assert.equal(json(data), want?.payload, name);
      assert.equal(envelope, want?.envelope, name);
    }
  }
});

parse("decodes the examples", () => {
  const examples = new URL("../../../examples/", import.meta.url);
  const pushed = parseEnvelope(readFileSync(new URL("push-user-event.json", examples)));
  assert.equal(json(pushed.data), delivered);
  assert.is(pushed.envelope.source, "push");
  const hooked = parseEnvelope(readFileSync(new URL("webhook-server-event.json", examples)));
  assert.is((json(hooked.data) as { eventType: string }).eventType, "TTL_EXPIRATION_REVOKED");
  assert.is(hooked.envelope.source, "webhook");
});

parse("tells a webhook body from a push body by its subscription", () => {
  assert.equal(envelopeOf({ message: { data: "" } }), { source: "webhook" });
  assert.equal(envelopeOf({ message: { data: "" }, subscription: "s" }), { source: "push", subscription: "s" });
  assert.equal(envelopeOf({ message: { data: "" }, subscription: "" }), { source: "push", subscription: "" });
});

parse("takes a body with an @type for a bare MessagePublishedData", () => {
  assert.equal(envelopeOf({ "@type": "x", message: { data: "" } }), { source: "cloudevent" });
});

parse("decodes a bare base64 payload, trimming ASCII whitespace", () => {
  const text = base64(delivered);
  for (const input of [text, ` \t\r\n${text}\n\f`, Buffer.from(`${text}\n`), base64("x").replace(/=+$/, "")]) {
    const { data, envelope } = parseEnvelope(input);
    assert.equal(envelope, { source: "base64" });
    assert.ok(data.length > 0);
  }
  assert.equal(json(parseEnvelope(` ${text} `).data), delivered);
});

parse("reports a bad base64 payload with indexes into the input", () => {
  rejects("  Zm9v*mFy\n", "", 'invalid base64: unexpected character "*" at index 6', "INVALID_BASE64");
  rejects("Zm9v YmFy", "", 'invalid base64: unexpected character " " at index 4', "INVALID_BASE64");
});

parse("reports a byte order mark as INVALID_JSON, not as bad base64", () => {
  rejects("\uFEFF{}", "", "unexpected byte order mark", "INVALID_JSON");
  rejects(" \uFEFFZm9v", "", "unexpected byte order mark", "INVALID_JSON");
  rejects(Buffer.from("\uFEFF{}"), "", "unexpected byte order mark", "INVALID_JSON");
});

parse("rejects bad base64 in message.data and data.message.data", () => {
  const reason = 'invalid base64: unexpected character "!" at index 2';
  rejects(push({ data: "ab!c" }), "message.data", reason, "INVALID_BASE64");
  rejects({ data: { message: { data: "ab!c" } } }, "data.message.data", reason, "INVALID_BASE64");
  rejects({ data: "ab!c" }, "data", reason, "INVALID_BASE64");
  const space = 'invalid base64: unexpected character " " at index 4';
  rejects(push({ data: "Zm9v YmFy" }), "message.data", space, "INVALID_BASE64");
});

parse("decodes an empty data string to empty bytes", () => {
  assert.equal(parseEnvelope({ message: { data: "" } }).data, new Uint8Array(0));
});

parse("reads message ID, publish time and ordering key in either spelling or both", () => {
  const publishTime = time("2024-03-05T10:15:30.123456789Z");
  const camel = { messageId: "1", publishTime: "2024-03-05T10:15:30.123456789Z", orderingKey: "k" };
  const snake = { message_id: "1", publish_time: "2024-03-05T10:15:30.123456789Z", ordering_key: "k" };
  const want = { source: "push", messageId: "1", publishTime, subscription: SUBSCRIPTION, orderingKey: "k" };
  assert.equal(envelopeOf(push(camel)), want);
  assert.equal(envelopeOf(push(snake)), want);
  assert.equal(envelopeOf(push({ ...camel, ...snake })), want);
});

parse("accepts both publish time spellings when they name the same instant", () => {
  const both = { publishTime: "2024-03-05T10:15:30.4Z", publish_time: "2024-03-05T11:15:30.400000+01:00" };
  assert.equal(envelopeOf(push(both)).publishTime, { seconds: 1709633730, nanos: 400000000 });
});

parse("rejects two spellings with different values, naming both paths", () => {
  rejects(push({ messageId: "1", message_id: "2" }), "message.message_id", "conflicts with message.messageId");
  rejects(
    push({ publishTime: "2024-03-05T10:15:30Z", publish_time: "2024-03-05T10:15:30.000000001Z" }),
    "message.publish_time",
    "conflicts with message.publishTime",
  );
  rejects(push({ orderingKey: "a", ordering_key: "b" }), "message.ordering_key", "conflicts with message.orderingKey");
  rejects({ data: "", messageId: "1", message_id: "2" }, "message_id", "conflicts with messageId");
});

parse("keeps the nanoseconds of publishTime", () => {
  assert.equal(envelopeOf(push({ publishTime: "2024-03-05T10:15:30.000000001Z" })).publishTime, {
    seconds: 1709633730,
    nanos: 1,
  });
});

parse("rejects an invalid publishTime with the timestamp's reason", () => {
  for (const text of ["yesterday", "2024-03-05 10:15:30Z", "2024-02-30T00:00:00Z", "2024-03-05T10:15:30.1234567891Z"]) {
    rejects(push({ publishTime: text }), "message.publishTime", parseTimestamp(text) as string);
    rejects(push({ publish_time: text }), "message.publish_time", parseTimestamp(text) as string);
  }
  const expectedTime = "expected RFC 3339 string or Date, received";
  rejects(push({ publishTime: 1709633730 }), "message.publishTime", `${expectedTime} number`);
  rejects(push({ publishTime: null }), "message.publishTime", `${expectedTime} null`);
});

parse("ignores an empty ordering key, as Pub/Sub means none", () => {
  assert.equal(envelopeOf(push({ orderingKey: "" })), { source: "push", subscription: SUBSCRIPTION });
});

parse("copies attributes into a fresh object", () => {
  const attributes = { a: "1", "x-goog-version": "v1", "": "empty" };
  const body = push({ attributes });
  const copy = envelopeOf(body).attributes;
  assert.equal(copy, attributes);
  assert.is.not(copy, attributes);
  attributes.a = "changed";
  assert.is(copy?.a, "1");
});

parse("keeps a __proto__ attribute as an ordinary key, polluting no prototype", () => {
  const text = '{"message":{"data":"","attributes":{"__proto__":"x","constructor":"y","toString":"z"}}}';
  const attributes = envelopeOf(text).attributes as Record<string, string>;
  assert.equal(Object.keys(attributes), ["__proto__", "constructor", "toString"]);
  assert.is(Object.getOwnPropertyDescriptor(attributes, "__proto__")?.value, "x");
  assert.is(Object.getPrototypeOf(attributes), Object.prototype);
  assert.is(JSON.stringify(attributes), '{"__proto__":"x","constructor":"y","toString":"z"}');
  rejects('{"message":{"data":"","attributes":{"__proto__":{"polluted":"yes"}}}}', "message.attributes.__proto__", "expected string, received object");
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

parse("takes nothing from a polluted Object.prototype, from text or from an object", () => {
  const text = '{"message":{"data":"e30="}}';
  const polluted = {
    "@type": "t",
    subscription: "s",
    deliveryAttempt: 3,
    messageId: "m",
    message_id: "m",
    publishTime: "2024-01-01T00:00:00Z",
    attributes: { a: "b" },
    orderingKey: "k",
  };
  const prototype = Object.prototype as Record<string, unknown>;
  Object.assign(prototype, polluted);
  try {
    for (const input of [text, Buffer.from(text), JSON.parse(text) as unknown]) {
      const { data, envelope } = parseEnvelope(input as DeliveryInput);
      assert.equal([...data], [...Buffer.from("{}")]);
      assert.equal({ ...envelope }, { source: "webhook" });
      assert.equal(Object.keys(envelope), ["source"]);
    }
  } finally {
    for (const key of Object.keys(polluted)) delete prototype[key];
  }
  // A caller's object may have any prototype: nothing is taken from one either.
  const message = Object.assign(Object.create(polluted) as Record<string, unknown>, { data: "e30=" });
  assert.equal({ ...envelopeOf(Object.assign(Object.create(polluted) as object, { message })) }, { source: "webhook" });
});

parse("rejects attributes that are not an object of strings", () => {
  rejects(push({ attributes: ["a"] }), "message.attributes", "expected object, received array");
  rejects(push({ attributes: null }), "message.attributes", "expected object, received null");
  rejects(push({ attributes: "a=b" }), "message.attributes", "expected object, received string");
  rejects(push({ attributes: { foo: 1 } }), "message.attributes.foo", "expected string, received number");
  rejects(push({ attributes: { "x-y": null } }), 'message.attributes["x-y"]', "expected string, received null");
});

parse("reads deliveryAttempt as a positive integer", () => {
  assert.is(envelopeOf(push({}, { deliveryAttempt: 1 })).deliveryAttempt, 1);
  assert.is(envelopeOf(push({}, { deliveryAttempt: 100 })).deliveryAttempt, 100);
  for (const [value, received] of [
    [0, "0"],
    [-1, "-1"],
    [1.5, "1.5"],
    [2 ** 53, "9007199254740992"],
    [Number.NaN, "NaN"],
    ["2", "string"],
    [null, "null"],
  ] as const) {
    rejects(push({}, { deliveryAttempt: value }), "deliveryAttempt", `expected positive integer, received ${received}`);
  }
});

parse("rejects metadata of the wrong type", () => {
  rejects(push({ messageId: 1 }), "message.messageId", "expected string, received number");
  rejects(push({ message_id: {} }), "message.message_id", "expected string, received object");
  rejects(push({ orderingKey: false }), "message.orderingKey", "expected string, received boolean");
  rejects(push({}, { subscription: 7 }), "subscription", "expected string, received number");
  const cloudEvent = { data: { message: { data: "" }, subscription: [] } };
  rejects(cloudEvent, "data.subscription", "expected string, received array");
});

parse("rejects a message or data of the wrong shape", () => {
  rejects({ message: "hi" }, "message", "expected object, received string");
  rejects({ message: null }, "message", "expected object, received null");
  rejects({ message: [] }, "message", "expected object, received array");
  rejects({ message: {} }, "message.data", "required");
  rejects({ message: { data: 42 } }, "message.data", "expected base64 string, received number");
  rejects({ message: { data: null } }, "message.data", "expected base64 string, received null");
  rejects({ data: {} }, "data.message", "required");
  rejects({ data: { message: null } }, "data.message", "expected object, received null");
  rejects({ data: { message: {} } }, "data.message.data", "required");
  rejects({ data: 42 }, "data", "expected base64 string, received number");
  rejects({ data: [1, 2] }, "data", "expected base64 string, received array");
});

parse("rejects a body with neither message nor data", () => {
  const reason = 'expected a "message" or "data" property';
  rejects({}, "", reason);
  rejects('{"messages":[]}', "", reason);
  rejects({ Message: { data: "" } }, "", reason);
});

parse("ignores unknown keys everywhere", () => {
  const body = push({ futureField: { a: 1 } }, { clientToken: "never-echoed", extra: [1] });
  assert.equal(envelopeOf(body), { source: "push", subscription: SUBSCRIPTION });
});

parse("rejects empty input", () => {
  for (const input of ["", " \n\t\r\f", new Uint8Array(0), Buffer.from("  \n")]) rejects(input, "", "empty input");
});

parse("rejects a JSON body that is not an object", () => {
  rejects("[]", "", "expected a JSON object, received array");
  rejects(' ["message"] ', "", "expected a JSON object, received array");
  rejects('"eyJhIjoxfQ=="', "", "expected a JSON object, received string");
});

parse("rejects invalid JSON without echoing it, keeping the parser's error as cause", () => {
  const secret = '{"clientToken":"SJENCPGJESMGUFPY", oops}';
  const cases: [unknown, string][] = [
    [secret, "expected a property name in double quotes at line 1 column 36"],
    [`  ${secret}`, "expected a property name in double quotes at line 1 column 38"],
    ["{", "unexpected end of input at line 1 column 2"],
    ["[1,", "unexpected end of input at line 1 column 4"],
    [Buffer.from(secret), "expected a property name in double quotes at line 1 column 36"],
    ['{\n  "message": {\n    "data": "e30="\n  },\n}', "expected a property name in double quotes at line 5 column 1"],
  ];
  for (const [input, where] of cases) {
    const error = rejects(input, "", `invalid JSON: ${where}`, "INVALID_JSON");
    assert.instance(error.cause, SyntaxError);
    assert.not.match(error.message, "SJENCPGJESMGUFPY");
  }
});

parse("rejects bytes that are not UTF-8", () => {
  for (const input of [new Uint8Array([0x7b, 0xff, 0x7d]), Buffer.from([0xc3, 0x28])]) {
    const error = thrown(() => parseEnvelope(input));
    assert.is(error.code, "INVALID_UTF8");
    assert.match(error.message, /invalid UTF-8$/);
    assert.equal(error.issues, [{ path: "", message: "invalid UTF-8" }]);
  }
});

parse("rejects input that is no body, naming its type", () => {
  const values: [unknown, string][] = [
    [undefined, "undefined"],
    [null, "null"],
    [42, "number"],
    [true, "boolean"],
    [10n, "bigint"],
    [Symbol("x"), "symbol"],
    [() => "{}", "function"],
    [[{ message: { data: "" } }], "array"],
  ];
  for (const [input, type] of values) {
    rejects(input, "", `expected a JSON body, base64 string, bytes or object, received ${type}`);
  }
});

parse("returns decoded data as a plain Uint8Array, never a Buffer", () => {
  for (const input of [JSON.stringify(push({ data: base64("{}") })), base64("{}"), { data: base64("{}") }]) {
    assert.is(Object.getPrototypeOf(parseEnvelope(input).data), Uint8Array.prototype);
  }
  const pooled = Buffer.from("{}");
  assert.is(parseEnvelope(pullMessage({ data: pooled })).data, pooled);
});

parse("reads a pull client's message, keeping its data bytes as they are", () => {
  const message = pullMessage();
  const delivery = parseEnvelope(message);
  assert.is(delivery.data, message.data);
  assert.equal(delivery.envelope, {
    source: "pull",
    messageId: "11770574893481563",
    publishTime: { seconds: 1709633730, nanos: 402123456 },
    attributes: { googclient_schemaencoding: "JSON" },
  });
});

parse("reads a pull message's delivery attempt, ordering key and messageId", () => {
  const envelope = envelopeOf(pullMessage({ id: undefined, messageId: "9", deliveryAttempt: 5, orderingKey: "k" }));
  assert.is(envelope.messageId, "9");
  assert.is(envelope.deliveryAttempt, 5);
  assert.is(envelope.orderingKey, "k");
  rejects(pullMessage({ messageId: "9" }), "messageId", "conflicts with id");
  rejects(pullMessage({ deliveryAttempt: -1 }), "deliveryAttempt", "expected positive integer, received -1");
});

parse("reads only the pull message properties it needs, never walking it", () => {
  const reads = new Set<PropertyKey>();
  const message = new Proxy(pullMessage(), {
    get(target, key, receiver) {
      reads.add(key);
      return Reflect.get(target, key, receiver);
    },
    ownKeys() {
      throw new Error("the message was walked");
    },
  });
  parseEnvelope(message);
  const needed = new Set<PropertyKey>([
    "message",
    "data",
    "id",
    "messageId",
    "publishTime",
    "publish_time",
    "attributes",
    "orderingKey",
    "ordering_key",
    "deliveryAttempt",
  ]);
  assert.equal(
    [...reads].filter((key) => !needed.has(key)),
    [],
  );
});

parse("reads a pull message's publishTime from a Date, a PreciseDate or a string", () => {
  const at = (publishTime: unknown) => envelopeOf(pullMessage({ publishTime })).publishTime;
  assert.equal(at(new Date("2024-03-05T10:15:30.402Z")), { seconds: 1709633730, nanos: 402000000 });
  assert.equal(at(new PreciseDate({ seconds: -62135596800, nanos: 0 })), { seconds: -62135596800, nanos: 0 });
  assert.equal(at("2024-03-05T10:15:30.402123456Z"), { seconds: 1709633730, nanos: 402123456 });
  assert.is(at(undefined), undefined);
});

parse("rejects a pull message's publishTime that is no valid time", () => {
  const reason = "invalid timestamp: toStruct() returned no {seconds, nanos} in range";
  for (const struct of [
    undefined,
    { seconds: 1 },
    { seconds: "1", nanos: 0 },
    { seconds: 1, nanos: 1e9 },
    { seconds: 1, nanos: -1 },
    { seconds: 1.5, nanos: 0 },
    { seconds: 253402300800, nanos: 0 },
  ]) {
    rejects(pullMessage({ publishTime: new PreciseDate(struct) }), "publishTime", reason);
  }
  rejects(pullMessage({ publishTime: new Date(Number.NaN) }), "publishTime", "invalid timestamp: the Date is invalid");
  const wrongType = "expected RFC 3339 string or Date, received number";
  rejects(pullMessage({ publishTime: 1709633730402 }), "publishTime", wrongType);
});

parse("wraps an error thrown by toStruct() as the cause", () => {
  const failure = new RangeError("boom");
  const date = new PreciseDate(undefined);
  date.toStruct = () => {
    throw failure;
  };
  const reason = "invalid timestamp: the Date could not be read";
  const error = rejects(pullMessage({ publishTime: date }), "publishTime", reason);
  assert.is(error.cause, failure);
});

parse("returns the bytes of any base64 data in a push body", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const data = Buffer.from(bytes).toString("base64");
      assert.equal(parseEnvelope(JSON.stringify(push({ data }))).data, bytes);
      assert.equal(parseEnvelope({ data: data.replace(/=+$/, "") }).data, bytes);
    }),
    { numRuns: 200 },
  );
});

parse("throws nothing but RbmEventError, whatever the input", () => {
  const check = (input: unknown): void => {
    try {
      parseEnvelope(input as DeliveryInput);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
    }
  };
  // Also as a JSON body, when the value has one (bigints, for one, have none).
  const checkBoth = (value: unknown): void => {
    check(value);
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      return;
    }
    if (text !== undefined) check(text);
  };
  const keys = fc.constantFrom(
    "__proto__",
    "constructor",
    "toString",
    "message",
    "data",
    "subscription",
    "messageId",
    "message_id",
    "publishTime",
    "publish_time",
    "attributes",
    "orderingKey",
    "ordering_key",
    "deliveryAttempt",
    "id",
    "@type",
  );
  const anything = fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  });
  const values = fc.oneof(anything, fc.base64String(), fc.date(), fc.uint8Array(), fc.string(), fc.integer());
  const objects = fc.letrec((tie) => ({
    node: fc.dictionary(keys, fc.oneof({ maxDepth: 3 }, values, tie("node"))),
  })).node;
  fc.assert(fc.property(anything, check), { numRuns: 500 });
  fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
  fc.assert(fc.property(fc.uint8Array(), check), { numRuns: 300 });
  fc.assert(fc.property(fc.jsonValue(), checkBoth), { numRuns: 500 });
  fc.assert(fc.property(objects, checkBoth), { numRuns: 1000 });
  fc.assert(fc.property(fc.record({ message: objects }), checkBoth), { numRuns: 500 });
  fc.assert(fc.property(fc.record({ data: objects }), checkBoth), { numRuns: 500 });
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

parse("holds envelope text to the payload's rules: no repeated key, lone surrogate or too deep nesting", () => {
  const data = base64(delivered);
  rejects(`{"message":{"data":"${data}"},"message":{"data":"${data}"}}`, "message", 'duplicate key "message"', "INVALID_JSON");
  rejects(`{"message":{"data":"${data}","messageId":"1","messageId":"2"}}`, "message.messageId", 'duplicate key "messageId"', "INVALID_JSON");
  rejects(`{"message":{"data":"${data}","messageId":"\\ud800"}}`, "message.messageId", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(`{"message":{"data":"${data}","attributes":{"k":"\\udfff"}}}`, "message.attributes.k", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(
    `{"message":{"data":"${data}","attributes":{"\\ud800":"v"}}}`,
    'message.attributes["\\ud800"]',
    "invalid key: contains a lone surrogate",
    "INVALID_JSON",
  );
  rejects(`{"message":{"data":"${data}"},"subscription":"s\\ud800"}`, "subscription", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(
    `{"message":{"data":"${data}"},"x":${"[".repeat(200)}${"]".repeat(200)}}`,
    `x${"[0]".repeat(100)}`.replace(/^(.{59}).*(.{60})$/, "$1…$2"),
    "too deeply nested: more than 100 levels",
    "INVALID_JSON",
  );
});

parse("holds plain text (no backslash) to the same rules: raw lone surrogates, repeats in any layout", () => {
  const data = base64(delivered);
  rejects(`{"message":{"data":"${data}","messageId":"\ud800"}}`, "message.messageId", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(
    `{"message":{"data":"${data}","attributes":{"\udfff":"v"}}}`,
    'message.attributes["\\udfff"]',
    "invalid key: contains a lone surrogate",
    "INVALID_JSON",
  );
  rejects(`{ "message": { "data": "${data}" },\n  "message": { "data": "${data}" } }`, "message", 'duplicate key "message"', "INVALID_JSON");
  // A repeated key whose pair is as long as a number's other spelling elsewhere: still found.
  rejects(`{"message":{"data":"${data}","deliveryAttempt":1.0000,"x":"","x":""}}`, "message.x", 'duplicate key "x"', "INVALID_JSON");
  assert.is(envelopeOf(`{"message":{"data":"${data}","messageId":"😀"}}`).messageId, "😀");
});

parse("reads envelope text exactly as a strict parse followed by reading the object would (property)", () => {
  // Written by hand so that keys may repeat, strings may be escaped and space may appear anywhere
  // a shortcut that measures the text could be fooled.
  const unit = fc.constantFrom(...Array.from('aZ0+-:."\\é😀\u0000\n'), "\ud800", "\udc00");
  const string = fc
    .tuple(fc.string({ unit, maxLength: 6 }), fc.boolean())
    .map(([text, escaped]) => (escaped ? JSON.stringify(text).replaceAll("a", "\\u0061") : JSON.stringify(text)));
  const space = fc.constantFrom("", "", "", " ", "\n");
  const object = (keys: readonly string[], value: fc.Arbitrary<string>) =>
    fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...keys), space, value), { maxLength: 8 }), space)
      .map(([entries, end]) => `{${entries.map(([key, gap, text]) => `${JSON.stringify(key)}:${gap}${text}`).join(",")}${end}}`);
  const scalar = fc.oneof(
    { weight: 4, arbitrary: string },
    fc.constantFrom(JSON.stringify(base64(delivered)), '"2024-03-05T10:15:30.5Z"', '"2024-03-05T10:15:30.500Z"', '"bad"'),
    fc.constantFrom("1", "1.0", "1e0", "2", "0", "-1", "null", "true", "[]", "{}"),
  );
  const attributes = object(["k", "type", "__proto__", "é", "\ud800"], scalar);
  const messageKeys = ["data", "data", "messageId", "message_id", "publishTime", "publish_time", "attributes", "orderingKey", "ordering_key", "x"];
  const message = object(messageKeys, fc.oneof({ weight: 5, arbitrary: scalar }, attributes));
  const body = object(["message", "message", "subscription", "deliveryAttempt", "@type", "x", "data"], fc.oneof(scalar, message));
  const outcome = (read: () => { data: Uint8Array; envelope: Envelope }): unknown => {
    try {
      const { data, envelope } = read();
      return { data: Array.from(data), envelope };
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      return { code: error.code, issues: error.issues };
    }
  };
  fc.assert(
    fc.property(body, (text) => {
      const expected = outcome(() => {
        try {
          parseJson(text);
        } catch (error) {
          if (!isRbmEventError(error)) throw error;
          throw new RbmEventError("INVALID_JSON", "x", { issues: error.issues });
        }
        return parseEnvelope(JSON.parse(text));
      });
      assert.equal(
        outcome(() => parseEnvelope(text)),
        expected,
        text,
      );
      assert.equal(
        outcome(() => parseEnvelope(Buffer.from(text))),
        expected,
        text,
      );
    }),
    { numRuns: 3000 },
  );
});

parse("rejects lone surrogates in an already parsed envelope's strings and attribute keys", () => {
  rejects(push({ messageId: "\ud800" }), "message.messageId", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(push({ orderingKey: "a\udc00" }), "message.orderingKey", "invalid string: contains a lone surrogate", "INVALID_JSON");
  rejects(push({ attributes: { "\ud800": "v" } }), String.raw`message.attributes["\ud800"]`, "invalid key: contains a lone surrogate", "INVALID_JSON");
  rejects(push({}, { subscription: "\udbff" }), "subscription", "invalid string: contains a lone surrogate", "INVALID_JSON");
  assert.is(envelopeOf(push({ messageId: "😀" })).messageId, "😀");
});

parse.run();

const read = suite("readEnvelope()");

read("finds what parseEnvelope finds, the data as bytes of the same value", () => {
  for (const name of readdirSync(fixtures).filter((file) => file.startsWith("body-"))) {
    const text = readFileSync(new URL(name, fixtures), "utf8");
    const { data, envelope } = readEnvelope(text);
    const expectedDelivery = parseEnvelope(text);
    assert.equal(new Uint8Array(data), expectedDelivery.data, name);
    assert.equal(envelope, expectedDelivery.envelope, name);
  }
});

read("may give decoded data as Node's Buffer itself", () => {
  assert.instance(readEnvelope(JSON.stringify(push({ data: base64({ a: 1 }) }))).data, Buffer);
});

read("throws what parseEnvelope throws", () => {
  for (const input of ["", "[]", '{"message":{"data":"*"}}', 7]) {
    let expectedError: unknown;
    let actual: unknown;
    try {
      parseEnvelope(input as DeliveryInput);
    } catch (error) {
      expectedError = error;
    }
    try {
      readEnvelope(input);
    } catch (error) {
      actual = error;
    }
    assert.ok(isRbmEventError(actual));
    assert.is(actual.message, (expectedError as RbmEventError).message);
  }
});

read.run();

const data = suite("readMessageData()");

data("returns message.data as written, not decoded, however malformed its base64", () => {
  assert.is(readMessageData({ message: { data: "e30=" }, subscription: "s" }), "e30=");
  assert.is(readMessageData({ message: { data: "**" } }), "**");
  assert.is(readMessageData({ message: { data: "" } }), "");
});

data("throws INVALID_ENVELOPE naming a missing message", () => {
  try {
    readMessageData({ subscription: "s" });
    assert.unreachable();
  } catch (error) {
    assert.ok(isRbmEventError(error));
    assert.equal([error.code, error.message], ["INVALID_ENVELOPE", "cannot decode envelope: message: required"]);
  }
});

data("throws what parseEnvelope throws for a missing or mistyped message or data", () => {
  for (const body of [{ message: null }, { message: [] }, { message: {} }, { message: { data: 1 } }, { message: { data: new Uint8Array(1) } }]) {
    let expected: unknown;
    try {
      parseEnvelope({ ...body, subscription: "s" });
    } catch (error) {
      expected = error;
    }
    try {
      readMessageData(body);
      assert.unreachable(JSON.stringify(body));
    } catch (error) {
      assert.ok(isRbmEventError(error) && isRbmEventError(expected), String(error));
      assert.equal([error.code, error.message, error.issues], [expected.code, expected.message, expected.issues]);
    }
  }
});

data.run();

const toJson = suite("envelopeToJson()");

toJson("writes publishTime as a canonical RFC 3339 string, in the Envelope's key order", () => {
  const text = readFileSync(new URL("body-push-dead-letter.json", fixtures), "utf8");
  assert.is(
    JSON.stringify(envelopeToJson(parseEnvelope(text).envelope)),
    '{"source":"push","messageId":"11770574893481642","publishTime":"2024-03-05T10:20:44.931Z",' +
      '"subscription":"projects/coffee-bot-rbm/subscriptions/rbm-events-ordered","deliveryAttempt":3,' +
      '"orderingKey":"+33612345678"}',
  );
});

toJson("prints 0, 3, 6 or 9 fraction digits", () => {
  const at = (seconds: number, nanos: number) => envelopeToJson({ source: "pull", publishTime: { seconds, nanos } });
  assert.equal(at(0, 0), { source: "pull", publishTime: "1970-01-01T00:00:00Z" });
  assert.equal(at(1709633730, 400000000), { source: "pull", publishTime: "2024-03-05T10:15:30.400Z" });
  assert.equal(at(1709633730, 817344000), { source: "pull", publishTime: "2024-03-05T10:15:30.817344Z" });
  assert.equal(at(-1, 999999999), { source: "pull", publishTime: "1969-12-31T23:59:59.999999999Z" });
});

toJson("writes only the keys the envelope has", () => {
  assert.equal(envelopeToJson({ source: "base64" }), { source: "base64" });
  assert.equal(envelopeToJson({ source: "webhook", messageId: "" }), { source: "webhook", messageId: "" });
});

toJson("copies the attributes, keeping a __proto__ key", () => {
  const attributes = envelopeOf('{"message":{"data":"","attributes":{"__proto__":"x","a":"b"}}}').attributes;
  const written = envelopeToJson({ source: "webhook", ...(attributes && { attributes }) });
  assert.is.not(written.attributes, attributes);
  assert.is(JSON.stringify(written), '{"source":"webhook","attributes":{"__proto__":"x","a":"b"}}');
});

toJson("writes every fixture's envelope with the same values", () => {
  for (const name of Object.keys(expected)) {
    const { envelope } = parseEnvelope(readFileSync(new URL(name, fixtures)));
    const { publishTime, ...rest } = envelopeToJson(envelope);
    assert.type(publishTime, "string", name);
    assert.equal({ ...rest, publishTime: time(publishTime as string) }, envelope, name);
  }
});

toJson.run();
