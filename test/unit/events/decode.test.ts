import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, type DecodedEvent, type DeliveryInput } from "../../../src/events/index.js";
import { payloadTypeNames } from "../../../gen/payloads.js";
import { isRbmEventError, RbmEventError } from "../../../src/errors.js";
import { parseJson } from "../../../src/encoding/index.js";
import { validateValue } from "../../../src/codec/index.js";
import { UserEvent } from "../../../src/web.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const push = (event: unknown) =>
  JSON.stringify({
    message: {
      data: b64(typeof event === "string" ? event : JSON.stringify(event)),
      messageId: "9876543210",
      publishTime: "2024-03-05T10:15:31.5Z",
    },
    subscription: "projects/p/subscriptions/s",
  });

const delivered = {
  senderPhoneNumber: "+14155550123",
  eventType: "DELIVERED" as const,
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  messageId: "msg-4f9c1c6e",
  sendTime: "2014-10-02T15:01:23.045123456Z",
  agentId: "coffee-bot@rbm.goog",
};

const revoked = {
  phoneNumber: "+447700900123",
  agentId: "coffee-bot@rbm.goog",
  messageId: "msg-9d2e",
  eventType: "TTL_EXPIRATION_REVOKED",
  eventId: "srv-61b7",
  sendTime: "2014-10-02T15:01:23+05:30",
};

function rejects(input: unknown, code: string, path: string, message: string, options?: { strict: boolean }) {
  try {
    decodeEvent(input as DeliveryInput, options);
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, code);
    assert.equal(error.issues[0], { path, message });
    return error;
  }
  assert.unreachable(`expected ${code} at ${path}`);
  throw new Error("unreachable");
}

const decode = suite("decodeEvent()");

decode("says that an empty message.data holds no event, naming its path", () => {
  for (const body of [
    '{"message":{"data":""}}',
    { message: { data: "" } },
    { data: new Uint8Array(0), messageId: "1", publishTime: new Date(0), attributes: {} },
  ]) {
    rejects(body, "INVALID_JSON", "message.data", "empty: expected the event's JSON");
  }
});

decode("takes text, bytes or an object, and nothing else, by its type too", () => {
  // @ts-expect-error -- a number is no delivery
  assert.throws(() => decodeEvent(42), isRbmEventError);
  // @ts-expect-error -- neither is undefined
  assert.throws(() => decodeEvent(undefined), isRbmEventError);
});

decode("decodes a UserEvent from a push body, exact to the nanosecond", () => {
  const result = decodeEvent(push(delivered));
  assert.equal(result, {
    kind: "userEvent",
    event: { ...delivered, sendTime: { seconds: 1412262083, nanos: 45123456 } },
    envelope: {
      source: "push",
      messageId: "9876543210",
      publishTime: { seconds: 1709633731, nanos: 500000000 },
      subscription: "projects/p/subscriptions/s",
    },
  } satisfies DecodedEvent);
});

decode("decodes a ServerEvent and applies the sendTime offset", () => {
  const result = decodeEvent({ message: { data: b64(JSON.stringify(revoked)) } });
  assert.is(result.kind, "serverEvent");
  assert.equal(result.kind === "serverEvent" && result.event.sendTime, { seconds: 1412242283, nanos: 0 });
  assert.is(result.envelope.source, "webhook");
});

decode("accepts the body as a string, as bytes and as a parsed object alike", () => {
  const body = push(delivered);
  const expected = decodeEvent(body);
  assert.equal(decodeEvent(new TextEncoder().encode(body)), expected);
  assert.equal(decodeEvent(JSON.parse(body)), expected);
});

decode("fills absent fields with their defaults", () => {
  const result = decodeEvent(push({ senderPhoneNumber: "+14155550123", eventType: "IS_TYPING" }));
  assert.equal(result.kind === "userEvent" && result.event, {
    senderPhoneNumber: "+14155550123",
    eventType: "IS_TYPING",
    eventId: "",
    messageId: "",
    sendTime: undefined,
    agentId: "",
  });
});

decode("reads original proto field names as well as JSON names", () => {
  const result = decodeEvent(push({ sender_phone_number: "+14155550123", event_type: "READ", message_id: "m1" }));
  assert.is(result.kind, "userEvent");
  assert.is(result.kind === "userEvent" && result.event.messageId, "m1");
});

decode("returns payloads no schema describes as kind unknown, never dropped", () => {
  const capability = { requestId: "r-1", phoneNumber: "+14155550123", rbmEnabled: true, features: ["RICHCARD_STANDALONE"] };
  assert.equal(decodeEvent(push(capability)), { ...decodeEvent(push(capability)), kind: "unknown", json: capability });
  const launch = { agentId: "a@rbm.goog", eventType: "AGENT_LAUNCHED", eventId: "e2" };
  assert.is(decodeEvent(push(launch)).kind, "unknown");
  assert.is(decodeEvent(push(capability), { strict: true }).kind, "unknown");
});

decode("keeps an event type this version does not know, by its name or number, as { unknown }", () => {
  const result = decodeEvent(push({ ...delivered, eventType: "REACTION_ADDED" }));
  assert.equal(result.kind === "userEvent" && result.event.eventType, { unknown: "REACTION_ADDED" });
  const numbered = decodeEvent(push({ ...delivered, eventType: 7 }));
  assert.equal(numbered.kind === "userEvent" && numbered.event.eventType, { unknown: 7 });
  assert.equal(decodeEvent(push({ ...delivered, eventType: 3 })).kind === "userEvent" && decodeEvent(push({ ...delivered, eventType: 3 })), {
    ...decodeEvent(push({ ...delivered, eventType: "READ" })),
  });
});

decode("ignores unknown fields by default", () => {
  const result = decodeEvent(push({ ...delivered, conversationId: "c-1", extra: { nested: [1] } }));
  // the schema's fields, in field-number order, and nothing else
  assert.equal(result.kind === "userEvent" && Object.keys(result.event), Object.keys(UserEvent.fromJSON({})));
  assert.equal(Object.keys(UserEvent.fromJSON({})).slice(0, 2), ["senderPhoneNumber", "eventType"]);
});

decode("rejects unknown fields and unknown event types when strict", () => {
  rejects(
    push({ ...delivered, conversationId: "c-1" }),
    "INVALID_EVENT",
    "conversationId",
    'unknown field: "conversationId" is not a field of rbm.events.v1.UserEvent',
    { strict: true },
  );
  const error = rejects(
    push({ ...revoked, eventType: "TTL_EXTENDED" }),
    "INVALID_EVENT",
    "eventType",
    'invalid enum value: "TTL_EXTENDED" is not a value of rbm.events.v1.ServerEvent.EventType',
    { strict: true },
  );
  assert.is(
    error.message,
    'cannot decode rbm.events.v1.ServerEvent from JSON: eventType: invalid enum value: "TTL_EXTENDED" is not a value of rbm.events.v1.ServerEvent.EventType',
  );
});

decode("rejects a malformed sendTime with its path", () => {
  const error = rejects(
    push({ ...delivered, sendTime: "2023-02-30T00:00:00Z" }),
    "INVALID_EVENT",
    "sendTime",
    "invalid timestamp: day 30 is out of range for 2023-02",
  );
  assert.is(error.name, "RbmEventError");
  assert.instance(error, RbmEventError);
});

decode("rejects wrong JSON types instead of coercing them", () => {
  rejects(push({ ...delivered, eventId: 42 }), "INVALID_EVENT", "eventId", "invalid value: expected string, received number");
});

decode("rejects duplicate keys in the event", () => {
  const json = '{"senderPhoneNumber":"+14155550123","eventType":"READ","eventType":"DELIVERED"}';
  rejects(push(json), "INVALID_JSON", "eventType", 'duplicate key "eventType"');
});

decode("rejects a repeated key however the payload is written", () => {
  const dup = 'duplicate key "eventId"';
  const cases = [
    '{"senderPhoneNumber":"+1","eventType":"READ","eventId":"a","eventId":"b"}', // same lengths
    '{"senderPhoneNumber":"+1","eventType":"READ","eventId":"a","eventId":"bb"}',
    '{"senderPhoneNumber":"+1","eventType":"READ","eventId":"aaa","eventId":""}',
    '{"eventId":"a","senderPhoneNumber":"+1","eventType":"READ","eventId":"a"}',
    '{"senderPhoneNumber":"+1", "eventType":"READ","eventId":"a","eventId":"a"}', // whitespace
    '{"senderPhoneNumber":"+1","eventType":"READ","eventId":"\\u0061","eventId":"a"}', // an escape
    '{"senderPhoneNumber":"+1","eventType":"READ","eventId":"a","ev\\u0065ntId":"a"}',
    '{"senderPhoneNumber":"+1","eventType":3,"eventId":"a","eventId":"a"}', // a number
    // 1e17 is 14 characters shorter than String(1e17), as long as the repeated pair and its comma.
    '{"senderPhoneNumber":"+1","eventType":"READ","x":1e17,"eventId":"a","eventId":"a"}',
  ];
  for (const json of cases) {
    rejects(push(json), "INVALID_JSON", "eventId", dup);
    rejects(push(json), "INVALID_JSON", "eventId", dup, { strict: true });
  }
  const unknown = '{"senderPhoneNumber":"+1","eventType":"READ","x":"1","x":"1"}';
  rejects(push(unknown), "INVALID_JSON", "x", 'duplicate key "x"');
  const nested = '{"senderPhoneNumber":"+1","eventType":"READ","x":{"y":"1","y":"1"}}';
  rejects(push(nested), "INVALID_JSON", "x.y", 'duplicate key "y"');
  const inMessage = '{"senderPhoneNumber":"+1","messageId":"m","suggestionResponse":{"text":"a","text":"a"}}';
  rejects(push(inMessage), "INVALID_JSON", "suggestionResponse.text", 'duplicate key "text"');
  const wrong = '{"senderPhoneNumber":"+1","eventType":"READ","sendTime":"x","sendTime":"x"}';
  rejects(push(wrong), "INVALID_JSON", "sendTime", 'duplicate key "sendTime"');
});

decode("reads a payload the same way, however it is written, and lists the fields it does not know", () => {
  const compact = decodeEvent(push(delivered));
  assert.not.ok("unknown" in compact);
  for (const [json, unknown] of [
    [JSON.stringify(delivered, null, 2), undefined],
    [JSON.stringify(delivered).replace('"DELIVERED"', '"DELIVER\\u0045D"'), undefined],
    [JSON.stringify({ ...delivered, eventType: 1 }), undefined],
    [JSON.stringify({ ...delivered, extra: { a: [1, 2.5, null, true] } }), [{ path: "extra", kind: "field" }]],
    [
      JSON.stringify({ extra: "x", ...delivered, more: null }),
      [
        { path: "extra", kind: "field" },
        { path: "more", kind: "field" },
      ],
    ],
  ] as const) {
    const decoded = decodeEvent(push(json));
    assert.equal(decoded.kind === "unknown" ? undefined : decoded.unknown, unknown, json);
    const { unknown: _, ...rest } = decoded as { unknown?: unknown };
    assert.equal(rest, compact, json);
  }
});

/** JSON text to put into a hand-written payload as it is. */
class Raw {
  constructor(readonly text: string) {}
}

decode("agrees with parseJson and validateValue on any event-like payload (property)", () => {
  const names = [
    "senderPhoneNumber",
    "phoneNumber",
    "eventType",
    "event_type",
    "eventId",
    "messageId",
    "sendTime",
    "agentId",
    "x",
    "__proto__",
    "text",
    "location",
    "newLaunchState",
    "old_launch_state",
    "suggestionResponse",
    "richMessageClassification",
  ];
  const text = fc.string({ unit: fc.constantFrom(...Array.from('aZ0+-:."\\é😀\u0000\n'), "\ud800", "\udc00"), maxLength: 6 });
  // A nested message of strings, written by hand so that its keys may repeat too.
  const nestedNames = ["postbackData", "text", "type", "classificationType", "y"];
  const nestedValues = fc.oneof(text, fc.constantFrom("REPLY", "ACTION", "SUGGESTED_ACTION_CLICK"), fc.constantFrom(null, true, 1));
  const nested = fc
    .array(fc.tuple(fc.constantFrom(...nestedNames), nestedValues), { maxLength: 4 })
    .map((entries) => new Raw(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`));
  const values = fc.oneof(
    text,
    fc.constantFrom(
      "READ",
      "DELIVERED",
      "TTL_EXPIRATION_REVOKED",
      "NEW_TYPE",
      "2014-10-02T15:01:23Z",
      "2014-10-02T15:01:23.5+05:30",
      "bad",
      "LAUNCHED",
      "PENDING",
    ),
    fc.constantFrom({ latitude: 1.5, longitude: -2 }, { latitude: "NaN" }, { longitude: Infinity }, { latitude: 1, x: 2 }),
    fc.integer({ min: -1, max: 9 }),
    fc.constantFrom(null, true, {}, [], { a: "b" }),
    nested,
  );
  const pairs = fc.array(fc.tuple(fc.constantFrom(...names), values), { maxLength: 9 });
  const body = fc.tuple(pairs, fc.constantFrom(0, 1)).map(([entries, indent]) => {
    // Written by hand so that keys may repeat; an indent adds whitespace.
    const space = indent === 0 ? "" : " ";
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${space}${v instanceof Raw ? v.text : JSON.stringify(v)}`).join(",")}}`;
  });
  fc.assert(
    fc.property(body, fc.boolean(), (json, strict) => {
      const reference = (): unknown => {
        const value = parseJson(json) as Record<string, unknown>;
        const has = (a: string, b: string) => Object.hasOwn(value, a) || Object.hasOwn(value, b);
        const kind = has("newLaunchState", "old_launch_state")
          ? "agentLaunchEvent"
          : !has("eventType", "event_type")
            ? has("text", "location") ||
              has("suggestionResponse", "suggestionResponse") ||
              (has("senderPhoneNumber", "sender_phone_number") && has("messageId", "message_id"))
              ? "userMessage"
              : "unknown"
            : has("senderPhoneNumber", "sender_phone_number")
              ? "userEvent"
              : has("phoneNumber", "phone_number")
                ? "serverEvent"
                : "unknown";
        if (kind === "unknown") return { kind, json: value };
        const options = strict ? {} : { ignoreUnknownFields: true, keepUnknownEnumNames: true };
        const result = validateValue(payloadTypeNames[kind], value, options);
        if (result.issues) throw new RbmEventError("INVALID_EVENT", "x", { issues: result.issues });
        return { kind, event: result.value };
      };
      let expected: unknown;
      let actual: unknown;
      try {
        expected = reference();
      } catch (error) {
        expected = (error as RbmEventError).issues;
      }
      try {
        // What was unknown is checked by the tests of `unknown`; here, the values.
        const { envelope: _, unknown: __, ...decoded } = decodeEvent(push(json), { strict }) as DecodedEvent & { unknown?: unknown };
        actual = decoded;
      } catch (error) {
        actual = (error as RbmEventError).issues;
      }
      assert.equal(actual, expected, json);
    }),
    { numRuns: 3000 },
  );
});

decode("rejects a payload that is not a JSON object", () => {
  rejects(push("[1,2]"), "INVALID_EVENT", "", "expected a JSON object, received array");
  rejects(push('"text"'), "INVALID_EVENT", "", "expected a JSON object, received string");
});

decode("rejects payload bytes that are not UTF-8", () => {
  const body = JSON.stringify({ message: { data: Buffer.from([0x7b, 0xff, 0x7d]).toString("base64") } });
  rejects(body, "INVALID_UTF8", "data", "invalid UTF-8");
});

decode("rejects data that is not strict base64", () => {
  const error = rejects(
    JSON.stringify({ message: { data: "eyJh*In0=" } }),
    "INVALID_BASE64",
    "message.data",
    'invalid base64: unexpected character "*" at index 4',
  );
  assert.ok(error.message.length < 120);
});

decode("never echoes long input or secrets in messages", () => {
  const secret = "s3cr3t-".repeat(50);
  for (const input of [push({ ...delivered, eventId: { secret } }), push(`{"x":"${secret}"`), `{"message":{"data":"${secret}*"}}`]) {
    try {
      decodeEvent(input, { strict: true });
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.not.ok(JSON.stringify([error.message, error.issues]).includes("s3cr3t"), error.message);
    }
  }
});

decode("keeps a __proto__ key as data, never as a prototype", () => {
  const json = '{"senderPhoneNumber":"+1415","eventType":"READ","__proto__":{"polluted":true}}';
  const result = decodeEvent(push(json));
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
  assert.is(Object.getPrototypeOf(result.kind === "userEvent" && result.event), Object.prototype);
  rejects(push(json), "INVALID_EVENT", "__proto__", 'unknown field: "__proto__" is not a field of rbm.events.v1.UserEvent', { strict: true });
});

decode("takes no field from a polluted Object.prototype, even where the text's length would allow it", () => {
  // "zzzzzzz":"y" is as long as "agentId":"y" would be: a reader that read agentId from the
  // prototype would find the text exactly as long as what it read.
  const json = '{"senderPhoneNumber":"+1","eventType":"READ","zzzzzzz":"y"}';
  Object.defineProperty(Object.prototype, "agentId", { value: "y", configurable: true, writable: true });
  try {
    const result = decodeEvent(push(json));
    assert.is(result.kind === "userEvent" && result.event.agentId, "");
    rejects(push(json), "INVALID_EVENT", "zzzzzzz", 'unknown field: "zzzzzzz" is not a field of rbm.events.v1.UserEvent', { strict: true });
  } finally {
    delete (Object.prototype as Record<string, unknown>)["agentId"];
  }
});

decode("throws only RbmEventError, for any string, bytes or JSON value", () => {
  const check = (input: unknown) => {
    try {
      decodeEvent(input as DeliveryInput);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
    }
  };
  fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
  fc.assert(fc.property(fc.uint8Array(), check), { numRuns: 300 });
  fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
  fc.assert(fc.property(fc.anything(), check), { numRuns: 300 });
  fc.assert(
    fc.property(fc.jsonValue(), (event) => check(push(JSON.stringify(event)))),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string(), (text) => check(push(text))),
    { numRuns: 300 },
  );
});

decode("rejects huge and deeply nested input without overflowing the stack", () => {
  rejects(push("[".repeat(1_000_000)), "INVALID_JSON", "", "unexpected end of input at line 1 column 1000001");
  const big = push({ ...delivered, agentId: "a".repeat(5_000_000) });
  const result = decodeEvent(big);
  assert.is(result.kind === "userEvent" && result.event.agentId.length, 5_000_000);
});

decode.run();

const hostile = suite("decodeEvent() with hostile payloads");

const nested = (levels: number) => `{"x":${"[".repeat(levels)}${"]".repeat(levels)}}`;

hostile("rejects a payload nested 5,000 levels deep with INVALID_JSON naming the limit, whatever its kind", () => {
  const user = (x: string) => `{"senderPhoneNumber":"+1","eventType":"READ","eventId":"e","x":${x}}`;
  for (const payload of [nested(5_000), user("[".repeat(5_000) + "]".repeat(5_000)), `{"x":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`]) {
    try {
      decodeEvent(push(payload));
      assert.unreachable();
    } catch (error) {
      assert.ok(isRbmEventError(error), String(error));
      assert.is(error.code, "INVALID_JSON");
      assert.ok(error.message.endsWith("too deeply nested: more than 100 levels"), error.message);
      assert.ok(error.message.length <= 300);
    }
  }
});

hostile("keeps a payload nested 100 levels below its top, and it prints without overflowing the stack", () => {
  const decoded = decodeEvent(push(nested(99)));
  assert.is(decoded.kind, "unknown");
  assert.ok(JSON.stringify(decoded).length > 200);
});

hostile("names a 5,000-character key in a short path", () => {
  const key = "k".repeat(5_000);
  try {
    decodeEvent(push(`{"eventType":"READ","senderPhoneNumber":"+1","${key}":1,"${key}":2}`));
    assert.unreachable();
  } catch (error) {
    assert.ok(isRbmEventError(error));
    assert.equal(error.issues, [{ path: '["…"]', message: "duplicate key string" }]);
  }
});

hostile.run();
