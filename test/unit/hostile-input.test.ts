// Hostile input through every entry point that takes it: arbitrary bytes, JSON and nesting give
// a verdict or an RbmEventError, never a crash or a hang, and the error stays short.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { validate } from "../../src/codec/index.js";
import { isRbmEventError } from "../../src/errors.js";
import { decodeEvent, envelopeToJson } from "../../src/events/index.js";
import { signPayloadSync } from "../../src/signature/node.js";
import { createFetchHandler } from "../../src/webhook/index.js";

const token = "hostile-input-client-token-77";
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** A generous bound that only a hang or a blow-up worse than linear would pass. */
const bound = (size: number) => 2_000 + size / 50;

/** JSON text nested `depth` levels, mixing arrays and objects with short or long keys. */
const nested = fc
  .tuple(fc.integer({ min: 0, max: 6_000 }), fc.array(fc.constantFrom("[", '{"a":', '{"k' + "x".repeat(40) + '":', "[1,"), { minLength: 1, maxLength: 4 }))
  .map(([depth, opens]) => {
    let open = "";
    let close = "";
    for (let i = 0; i < depth; i++) {
      const o = opens[i % opens.length] as string;
      open += o;
      close = (o.startsWith("[") ? "]" : "}") + close;
    }
    return `${open}0${close}`;
  });

/** Payload texts: arbitrary strings, arbitrary JSON, event-like objects holding arbitrary JSON, deep nesting. */
const payloads = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc
    .tuple(fc.constantFrom("READ", "DELIVERED", "NEW"), fc.jsonValue({ maxDepth: 4 }))
    .map(([eventType, x]) => JSON.stringify({ senderPhoneNumber: "+14155550123", eventType, eventId: "e", x })),
  nested,
  nested.map((deep) => `{"senderPhoneNumber":"+1","eventType":"READ","eventId":"e","x":${deep}}`),
);

/** Bodies: the payload in a webhook envelope, or arbitrary bytes and text. */
const bodies = fc.oneof(
  payloads.map((payload) => JSON.stringify({ message: { data: b64(payload), messageId: "1" }, subscription: "s" })),
  nested.map((deep) => `{"message":{"data":"${b64("{}")}"},"x":${deep}}`),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

function assertShort(error: unknown): void {
  assert.ok(isRbmEventError(error), `not an RbmEventError: ${String(error).slice(0, 200)}`);
  assertShortParts(error);
}

function assertShortParts({ message, issues }: { message: string; issues: ReadonlyArray<{ path: string; message: string }> }): void {
  assert.ok(message.length <= 300, message.slice(0, 200));
  for (const issue of issues) assert.ok(issue.path.length <= 120 && issue.message.length <= 300, issue.path.slice(0, 200));
}

const decode = suite("decodeEvent() on hostile input");

decode("gives an event that prints, or a short RbmEventError, for any body, in bounded time (property)", () => {
  fc.assert(
    fc.property(bodies, (body) => {
      const started = performance.now();
      try {
        const decoded = decodeEvent(body);
        assert.type(JSON.stringify(decoded), "string");
      } catch (error) {
        assertShort(error);
      }
      assert.ok(performance.now() - started < bound(body.length), `slow for ${body.length} characters`);
    }),
    { numRuns: 400 },
  );
});

decode.run();

const validation = suite("validate() on hostile input");

validation("gives a value that prints, or short issues, for any text, in bounded time (property)", () => {
  fc.assert(
    fc.property(fc.oneof(payloads, bodies), fc.constantFrom("UserEvent", "ServerEvent", "UserMessage"), (text, type) => {
      const started = performance.now();
      const result = validate(type, text);
      if ("value" in result && result.value !== undefined) assert.type(JSON.stringify(result.value), "string");
      else for (const issue of result.issues ?? []) assert.ok(issue.path.length <= 3_500 && issue.message.length <= 300, issue.path.slice(0, 200));
      assert.ok(performance.now() - started < bound(text.length), `slow for ${text.length} characters`);
    }),
    { numRuns: 400 },
  );
});

validation.run();

const handler = suite("createFetchHandler() on hostile input");

handler("answers any body, signed or not, with a verdict and a short body, never 500 (property)", async () => {
  let poison = 0;
  const handle = createFetchHandler({ clientToken: token, onEvent: () => {}, idempotency: false });
  const dead = createFetchHandler({
    clientToken: token,
    onEvent: () => {},
    onInvalid: () => {
      poison++;
    },
    idempotency: false,
  });
  await fc.assert(
    fc.asyncProperty(bodies, fc.boolean(), fc.boolean(), async (body, sign, deadLetters) => {
      let signature = "AAAA";
      if (sign) {
        try {
          const data = (JSON.parse(body) as { message?: { data?: unknown } }).message?.data;
          if (typeof data === "string") signature = signPayloadSync(data, token);
        } catch {
          // not JSON: stays unsigned
        }
      }
      const started = performance.now();
      const headers = { "content-type": "application/json", "x-goog-signature": signature };
      const response = await (deadLetters ? dead : handle)(new Request("https://agent.example/hook", { method: "POST", headers, body }));
      const text = await response.text();
      assert.ok([200, 400, 401, 403, 413].includes(response.status), `${response.status} ${text.slice(0, 200)}`);
      assert.ok(text.length <= 2_000 || response.status === 200, `long answer: ${text.length}`);
      if (response.status !== 200) assertShortParts((JSON.parse(text) as { error: Parameters<typeof assertShortParts>[0] }).error);
      assert.ok(performance.now() - started < bound(body.length), `slow for ${body.length} characters`);
    }),
    { numRuns: 300 },
  );
  assert.ok(poison > 0, "no authentic undecodable body was generated");
});

handler.run();

const polluted = suite("a polluted Object.prototype");

/** Runs `body` with `members` set on Object.prototype, as a prototype-pollution bug elsewhere would, and removes them after. */
async function withPollution(members: Record<string, unknown>, body: () => unknown): Promise<void> {
  const prototype = Object.prototype as Record<string, unknown>;
  for (const [key, value] of Object.entries(members)) {
    Object.defineProperty(prototype, key, { value, configurable: true, writable: true, enumerable: false });
  }
  try {
    await body();
  } finally {
    for (const key of Object.keys(members)) delete prototype[key];
  }
  for (const key of Object.keys(members)) assert.not.ok(key in {}, `Object.prototype.${key} left behind`);
}

const envelopeMembers = {
  subscription: "projects/evil/subscriptions/s",
  messageId: "evil-id",
  message_id: "evil-id",
  id: "evil-id",
  publishTime: "2001-01-01T00:00:00Z",
  publish_time: "2001-01-01T00:00:00Z",
  attributes: { type: "agent_launch_event" },
  orderingKey: "evil",
  ordering_key: "evil",
  deliveryAttempt: 9,
  "@type": "type.googleapis.com/evil",
};
const payload = { senderPhoneNumber: "+14155550123", eventType: "READ", eventId: "e1", messageId: "m1" };

polluted("is never read for the envelope's members, from text or from an object", async () => {
  const body = { message: { data: b64(JSON.stringify(payload)) } };
  const clean = decodeEvent(JSON.stringify(body));
  assert.equal(clean.envelope, { source: "webhook" });
  await withPollution(envelopeMembers, () => {
    for (const input of [JSON.stringify(body), body, Buffer.from(JSON.stringify(body))]) {
      const decoded = decodeEvent(input);
      assert.equal(decoded.envelope, { source: "webhook" });
      assert.is(decoded.kind, "userEvent");
    }
    assert.equal(decodeEvent({ data: new Uint8Array(Buffer.from(JSON.stringify(payload))) }).envelope, { source: "pull" });
    assert.equal(envelopeToJson({ source: "webhook" }), { source: "webhook" });
  });
});

polluted("is never taken for a message or its data", async () => {
  await withPollution({ message: { data: b64(JSON.stringify(payload)) } }, () => {
    const decoded = decodeEvent({ data: b64(JSON.stringify(payload)), messageId: "m" });
    assert.equal(decoded.envelope, { source: "message", messageId: "m" });
    assert.throws(
      () => decodeEvent("{}"),
      (error: unknown) => isRbmEventError(error) && error.message === 'cannot decode envelope: expected a "message" or "data" property',
    );
  });
  await withPollution({ data: b64(JSON.stringify(payload)) }, () => {
    assert.throws(
      () => decodeEvent({ message: {} }),
      (error: unknown) => isRbmEventError(error) && error.message === "cannot decode envelope: message.data: required",
    );
    assert.throws(
      () => decodeEvent({}),
      (error: unknown) => isRbmEventError(error) && error.message === 'cannot decode envelope: expected a "message" or "data" property',
    );
  });
});

polluted("is never called as a PreciseDate's toStruct on a plain Date", async () => {
  await withPollution({ toStruct: () => ({ seconds: 0, nanos: 0 }) }, () => {
    const decoded = decodeEvent({ data: new Uint8Array(Buffer.from(JSON.stringify(payload))), publishTime: new Date(1_000) });
    assert.equal(decoded.envelope.publishTime, { seconds: 1, nanos: 0 });
  });
});

polluted("answers no handshake and dedupes no event by inherited members", async () => {
  const delivered: unknown[] = [];
  const handle = createFetchHandler({ clientToken: token, onEvent: (decoded) => void delivered.push(decoded.kind) });
  const post = (body: string, signature = "AAAA") =>
    handle(new Request("https://agent.example/hook", { method: "POST", headers: { "content-type": "application/json", "x-goog-signature": signature }, body }));
  await withPollution({ clientToken: token, secret: "echoed", eventId: "same", messageId: "same" }, async () => {
    const handshake = await post("{}");
    assert.is(handshake.status, 400);
    assert.not.match(await handshake.text(), /echoed/);
    for (const unknown of [{ a: 1 }, { b: 2 }]) {
      const data = b64(JSON.stringify(unknown));
      const response = await post(JSON.stringify({ message: { data } }), signPayloadSync(data, token));
      assert.is(response.status, 200);
    }
  });
  assert.equal(delivered, ["unknown", "unknown"]);
});

polluted.run();
