// The webhook receiver's core on plain values, without HTTP.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RbmEventError } from "../../../src/errors.js";
import { verifySignatureSync } from "../../../src/signature/node.js";
import { checkHead, handleBody } from "../../../src/webhook/core.js";
import { failure, reject, type WebhookHead, type WebhookReply } from "../../../src/webhook/reply.js";
import { MemoryIdempotencyStore } from "../../../src/webhook/index.js";
import { webhookCore } from "../../../src/webhook/options.js";
import { assertNoLeak, deferred, errorBody, errors, options, signatureOf, token, userEvent, webhookBody } from "../../support/webhook.js";

const head: WebhookHead = { method: "POST", path: "/hook", contentType: "application/json", contentLength: "10" };

const heads = suite("checkHead()");

const core = webhookCore(options({ maxBodyBytes: 100 }), verifySignatureSync);
const answersHead = (change: Partial<WebhookHead>, status: number | undefined, message?: string) => {
  const reply = checkHead(core, { ...head, ...change });
  assert.is(reply?.status, status, JSON.stringify(change));
  if (message !== undefined) assert.is(reply?.body, errorBody("INVALID_REQUEST", message));
};

heads("passes a JSON POST within the limit on to the body", () => {
  answersHead({}, undefined);
  answersHead({ contentLength: "100" }, undefined);
  answersHead({ contentLength: undefined }, undefined);
  answersHead({ contentLength: "0" }, undefined);
  answersHead({ contentType: "application/json;charset=utf-8" }, undefined);
  answersHead({ contentType: ' Application/JSON ; charset="utf-8"' }, undefined);
  answersHead({ contentType: "application/vnd.api+json" }, undefined);
});

heads("answers 405 with Allow: POST to any other method, as sent", () => {
  answersHead({ method: "GET" }, 405, 'invalid request: expected method POST, received "GET"');
  answersHead({ method: "post" }, 405, 'invalid request: expected method POST, received "post"');
  answersHead({ method: "" }, 405, 'invalid request: expected method POST, received ""');
  assert.is(checkHead(core, { ...head, method: "PUT" })?.headers["allow"], "POST");
});

heads("answers 415 to a missing or non-JSON content type", () => {
  answersHead({ contentType: undefined }, 415, "invalid request: expected Content-Type application/json, received none");
  answersHead({ contentType: null }, 415, "invalid request: expected Content-Type application/json, received none");
  answersHead({ contentType: "" }, 415, "invalid request: expected Content-Type application/json, received none");
  answersHead({ contentType: "text/json" }, 415, 'invalid request: expected Content-Type application/json, received "text/json"');
  answersHead({ contentType: "application/json-seq" }, 415, 'invalid request: expected Content-Type application/json, received "application/json-seq"');
  answersHead({ contentType: "application/+json" }, 415);
  answersHead({ contentType: `application/${"x".repeat(40)}` }, 415, "invalid request: expected Content-Type application/json, received string");
});

heads("answers 415 to a charset other than UTF-8", () => {
  answersHead({ contentType: "application/json; charset=UTF-8" }, undefined);
  answersHead({ contentType: "application/json;charset=utf8" }, undefined);
  answersHead({ contentType: "application/json; charset=latin1" }, 415, 'invalid request: expected charset utf-8, received "latin1"');
  answersHead({ contentType: 'application/json; charset="utf-16"' }, 415, 'invalid request: expected charset utf-8, received "utf-16"');
  answersHead({ contentType: "application/json; charset=" }, 415, 'invalid request: expected charset utf-8, received ""');
  answersHead({ contentType: `application/json; charset=${"x".repeat(5_000)}` }, 415, "invalid request: expected charset utf-8, received string");
});

heads("answers 415 to any Content-Encoding but identity", () => {
  answersHead({ contentEncoding: "identity" }, undefined);
  answersHead({ contentEncoding: " Identity " }, undefined);
  answersHead({ contentEncoding: "" }, undefined);
  answersHead({ contentEncoding: null }, undefined);
  answersHead({ contentEncoding: "gzip" }, 415, 'invalid request: expected no Content-Encoding, received "gzip"');
  answersHead({ contentEncoding: "br" }, 415, 'invalid request: expected no Content-Encoding, received "br"');
  answersHead({ contentEncoding: "gzip, identity" }, 415, 'invalid request: expected no Content-Encoding, received "gzip, identity"');
});

heads("answers 413 when Content-Length is over the limit", () => {
  answersHead({ contentLength: "101" }, 413, "invalid request: body over the limit of 100 bytes");
  answersHead({ contentLength: "99999999999999999999" }, 413);
});

heads.run();

const bodies = suite("handleBody()");

const reply = (body: Uint8Array | string | object, signature?: string): Promise<WebhookReply> => handleBody(core, head, body, signature);

bodies("takes the body as bytes, text, or an object a framework parsed", async () => {
  let calls = 0;
  const counting = webhookCore(
    options({
      onEvent: () => {
        calls++;
      },
      idempotency: false,
    }),
    verifySignatureSync,
  );
  const text = webhookBody(userEvent("ev-core"));
  for (const body of [text, new TextEncoder().encode(text), JSON.parse(text) as object]) {
    assert.equal(await handleBody(counting, head, body, signatureOf(text)), { status: 200, headers: {}, body: "" });
  }
  assert.is(calls, 3);
});

bodies("decodes message.data once, as bytes, text or object, and checks the signature over those bytes", async () => {
  const text = webhookBody(userEvent("ev-once"));
  const data = (JSON.parse(text) as { message: { data: string } }).message.data;
  const verified: Uint8Array[] = [];
  const decoded: unknown[] = [];
  const spying = webhookCore(
    options({ idempotency: false, onEvent: (event) => void decoded.push(event.kind === "userEvent" && event.event.eventId) }),
    (bytes, signature, tokens) => {
      verified.push(bytes);
      return verifySignatureSync(bytes, signature, tokens);
    },
  );
  // The base64 decoder reads Buffer at call time: a spy in its place counts the decodes of message.data.
  const real = globalThis.Buffer;
  let decodes = 0;
  const from = (value: unknown, ...rest: unknown[]) => {
    if (value === data) decodes++;
    return (real.from as (...args: unknown[]) => Buffer)(value, ...rest);
  };
  const signature = signatureOf(text);
  for (const body of [text, new TextEncoder().encode(text), JSON.parse(text) as object]) {
    decodes = 0;
    globalThis.Buffer = new Proxy(real, { get: (target, key) => (key === "from" ? from : Reflect.get(target, key)) });
    try {
      assert.equal(await handleBody(spying, head, body, signature), { status: 200, headers: {}, body: "" });
    } finally {
      globalThis.Buffer = real;
    }
    assert.is(decodes, 1, typeof body);
  }
  assert.equal(
    verified.map((bytes) => new TextDecoder().decode(bytes)),
    Array(3).fill(JSON.stringify(userEvent("ev-once"))),
  );
  assert.equal(decoded, ["ev-once", "ev-once", "ev-once"]);
});

bodies("reads an envelope whose metadata does not decode only after its signature is checked", async () => {
  const payload = JSON.stringify(userEvent("ev-late"));
  const text = JSON.stringify({ message: { data: Buffer.from(payload).toString("base64"), publishTime: "yesterday" } });
  assert.is((await reply(text)).status, 401);
  assert.is((await reply(text, signatureOf(webhookBody("x")))).status, 401);
  const bad = await reply(text, signatureOf(text));
  assert.is(bad.status, 400);
  assert.match(bad.body, /"path":"message.publishTime"/);
  const subscription = JSON.stringify({ message: { data: "bm90IGpzb24" }, subscription: 1 });
  assert.is((await reply(subscription, signatureOf(webhookBody("x")))).status, 401);
  assert.match((await reply(subscription, signatureOf(subscription))).body, /"path":"subscription","message":"expected string, received number"/);
  const duplicate = `{"message":{"data":"e30=","data":"e30="}}`;
  assert.match((await reply(duplicate)).body, /duplicate key \\"data\\"/);
  assert.is((await reply(duplicate)).status, 400);
});

bodies("answers the handshake from a parsed object too", async () => {
  assert.equal(await reply({ clientToken: token, secret: "s" }), {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
    body: "s",
  });
  assert.equal(await reply({ clientToken: token, secret: "" }), {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
    body: "",
  });
  assert.is((await reply({ clientToken: "", secret: "s" })).status, 403);
});

bodies("treats a body with a message as an event even when it names a client token", async () => {
  const text = webhookBody(userEvent("ev-both"));
  const body = { ...(JSON.parse(text) as object), clientToken: token, secret: "s" };
  assert.equal(await reply(body, signatureOf(text)), { status: 200, headers: {}, body: "" });
});

bodies("checks the signature before decoding, so an unsigned malformed payload is 401, not 400", async () => {
  const body = webhookBody("not json");
  assert.is((await reply(body)).status, 401);
  assert.is((await reply(body, "A".repeat(86) + "==")).status, 401);
  assert.is((await reply(body, signatureOf(body))).status, 400);
});

bodies("answers 401 to a message.data that is not base64", async () => {
  const body = { message: { data: "not base64!" } };
  assert.is((await reply(body, signatureOf(webhookBody("x")))).body, errorBody("UNAUTHORIZED", "unauthorized: X-Goog-Signature does not match message.data"));
});

bodies("hands a redelivered user message on once, keyed by its messageId", async () => {
  const seenIds: unknown[] = [];
  const deduping = webhookCore(options({ onEvent: (d) => void seenIds.push(d.kind === "userMessage" && d.event.messageId) }), verifySignatureSync);
  const message = (messageId: string) => webhookBody({ senderPhoneNumber: "+14155550123", messageId, text: "Hi", agentId: "a@rbm.goog" });
  for (const text of [message("um-1"), message("um-1"), message("um-2")]) {
    assert.equal(await handleBody(deduping, head, text, signatureOf(text)), { status: 200, headers: {}, body: "" });
  }
  assert.equal(seenIds, ["um-1", "um-2"]);
});

bodies("hands a redelivered agent launch event on once, keyed by its eventId", async () => {
  const seenIds: unknown[] = [];
  const deduping = webhookCore(options({ onEvent: (d) => void seenIds.push(d.kind === "agentLaunchEvent" && d.event.eventId) }), verifySignatureSync);
  const launch = (eventId: string) => webhookBody({ eventId, agentId: "a@rbm.goog", newLaunchState: "LAUNCHED" });
  for (const text of [launch("le-1"), launch("le-1"), launch("le-2")]) {
    assert.equal(await handleBody(deduping, head, text, signatureOf(text)), { status: 200, headers: {}, body: "" });
  }
  assert.equal(seenIds, ["le-1", "le-2"]);
});

bodies("keys an unknown payload by its eventId, or else its messageId", async () => {
  const seen: unknown[] = [];
  const deduping = webhookCore(options({ onEvent: (d) => void seen.push(d.kind === "unknown" && d.json["n"]) }), verifySignatureSync);
  const bodies = [{ eventId: "x-1", n: 1 }, { eventId: "x-1", n: 2 }, { message_id: "x-1", n: 3 }, { messageId: "x-1", n: 4 }, { n: 5 }, { n: 6 }];
  for (const payload of bodies) {
    const text = webhookBody(payload);
    await handleBody(deduping, head, text, signatureOf(text));
  }
  assert.equal(seen, [1, 3, 5, 6]);
});

bodies("never lets a messageId stand for an eventId of the same value", async () => {
  let calls = 0;
  const deduping = webhookCore(
    options({
      onEvent: () => {
        calls++;
      },
    }),
    verifySignatureSync,
  );
  const event = webhookBody(userEvent("same-id"));
  const message = webhookBody({ senderPhoneNumber: "+14155550123", messageId: "same-id", text: "Hi" });
  for (const text of [event, message]) await handleBody(deduping, head, text, signatureOf(text));
  assert.is(calls, 2);
});

bodies("answers 500 once onEvent misses eventTimeoutMs, and hands the redelivery on", async () => {
  let calls = 0;
  const hanging = webhookCore(options({ eventTimeoutMs: 20, onEvent: () => (calls++ === 0 ? new Promise<void>(() => {}) : undefined) }), verifySignatureSync);
  const text = webhookBody(userEvent("ev-hung"));
  const first = await handleBody(hanging, head, text, signatureOf(text));
  assert.is(first.status, 500);
  assert.is(first.body, errorBody("HANDLER_FAILED", "handler failed: onEvent did not settle within 20 ms"));
  assert.equal(await handleBody(hanging, head, text, signatureOf(text)), { status: 200, headers: {}, body: "" });
  assert.is(calls, 2);
});

bodies("hands a redelivery on once the claim's lease lapsed, even while onEvent never settles", async () => {
  const leases: number[] = [];
  const store = new MemoryIdempotencyStore();
  const recording = {
    claim: (key: string, leaseMs: number) => (leases.push(leaseMs), store.claim(key, leaseMs)),
    complete: (k: string) => store.complete(k),
    release: (k: string) => store.release(k),
  };
  let calls = 0;
  const hung = deferred();
  // A lease long enough that the second delivery surely comes within it, however slow the machine.
  const leased = webhookCore(
    options({ claimLeaseMs: 1_000, idempotency: recording, onEvent: () => (calls++ === 0 ? hung.promise : undefined) }),
    verifySignatureSync,
  );
  const text = webhookBody(userEvent("ev-lease"));
  const first = handleBody(leased, head, text, signatureOf(text));
  assert.is((await handleBody(leased, head, text, signatureOf(text))).status, 409);
  const end = Date.now() + 1_001;
  while (Date.now() <= end);
  assert.is((await handleBody(leased, head, text, signatureOf(text))).status, 200);
  hung.resolve();
  assert.is((await first).status, 200);
  assert.equal([calls, leases], [2, [1_000, 1_000, 1_000]]);
});

bodies("answers 400 to an authentic event that cannot be decoded, without onInvalid", async () => {
  const text = webhookBody({ eventType: "READ", senderPhoneNumber: 5 });
  const answer = await reply(text, signatureOf(text));
  assert.is(answer.status, 400);
  assert.match(answer.body, '"code":"INVALID_EVENT"');
});

bodies("hands an authentic event that cannot be decoded to onInvalid, with the body as received, and answers 200", async () => {
  const kept: Array<[string, unknown]> = [];
  const deep = webhookBody(`{"x":${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
  const dead = webhookCore(options({ onInvalid: (error, delivery) => void kept.push([error.code, delivery]) }), verifySignatureSync);
  for (const body of [deep, new TextEncoder().encode(deep), JSON.parse(deep) as object]) {
    assert.equal(await handleBody(dead, head, body, signatureOf(deep)), { status: 200, headers: {}, body: "" });
  }
  const delivery = { body: deep, method: "POST", path: "/hook" };
  assert.equal(kept, [
    ["INVALID_JSON", delivery],
    ["INVALID_JSON", delivery],
    ["INVALID_JSON", delivery],
  ]);
});

bodies("answers 500 when onInvalid throws or rejects, so the event comes back", async () => {
  const text = webhookBody("not json");
  for (const onInvalid of [
    () => {
      throw new Error("disk full");
    },
    () => Promise.reject(new Error("disk full")),
  ]) {
    const dead = webhookCore(options({ onInvalid }), verifySignatureSync);
    const answer = await handleBody(dead, head, text, signatureOf(text));
    assert.equal([answer.status, answer.body], [500, errorBody("HANDLER_FAILED", "handler failed: onInvalid threw")]);
  }
});

bodies("never hands an unsigned or malformed envelope to onInvalid", async () => {
  let calls = 0;
  const dead = webhookCore(
    options({
      onInvalid: () => {
        calls++;
      },
    }),
    verifySignatureSync,
  );
  const text = webhookBody("not json");
  assert.is((await handleBody(dead, head, text, undefined)).status, 401);
  assert.is((await handleBody(dead, head, text, signatureOf(webhookBody("other")))).status, 401);
  assert.is((await handleBody(dead, head, "{not json", signatureOf(text))).status, 400);
  assert.is((await handleBody(dead, head, { message: { data: 5 } }, signatureOf(text))).status, 400);
  assert.is(calls, 0);
});

bodies("answers 400 to an envelope with a repeated key or a lone surrogate, signed or not", async () => {
  const text = webhookBody(userEvent("ev-strict"));
  const { message } = JSON.parse(text) as { message: { data: string } };
  const twice = `{"message":${JSON.stringify(message)},"message":${JSON.stringify({ ...message, messageId: "2" })}}`;
  const lone = text.replace('"messageId":"1177"', '"messageId":"\\ud800"');
  for (const [body, path, reason] of [
    [twice, "message", 'duplicate key "message"'],
    [lone, "message.messageId", "invalid string: contains a lone surrogate"],
  ] as const) {
    const answer = await reply(body, signatureOf(text));
    assert.equal([answer.status, answer.body], [400, errorBody("INVALID_JSON", `cannot decode envelope: ${path}: ${reason}`, [{ path, message: reason }])]);
  }
});

bodies("answers a signed body with a 500 KB attribute key in a short error, and tells onError as short", async () => {
  const text = webhookBody(userEvent("ev-long-key"));
  const body = JSON.parse(text) as { message: Record<string, unknown> };
  body.message["attributes"] = { ["k".repeat(500_000)]: 5 };
  const before = errors.length;
  const answer = await reply(JSON.stringify(body), signatureOf(text));
  assert.is(answer.status, 400);
  const reason = "expected string, received number";
  assert.is(
    answer.body,
    errorBody("INVALID_ENVELOPE", `cannot decode envelope: message.attributes["…"]: ${reason}`, [{ path: 'message.attributes["…"]', message: reason }]),
  );
  assert.ok(errors.slice(before).every(({ error }) => error.message.length < 100));
});

bodies("passes the default lease of 30 s to the store", async () => {
  const leases: unknown[] = [];
  const store = { claim: (_key: string, leaseMs: number) => (leases.push(leaseMs), "new" as const), complete() {}, release() {} };
  const text = webhookBody(userEvent("ev-default-lease"));
  await handleBody(webhookCore(options({ idempotency: store }), verifySignatureSync), head, text, signatureOf(text));
  assert.equal(leases, [30_000]);
});

bodies("answers 503 with Retry-After once claim() misses storeTimeoutMs, and gives a claim granted late back", async () => {
  const late = deferred();
  const released: string[] = [];
  let claims = 0;
  const store = {
    claim: () => (claims++ === 0 ? late.promise.then(() => "new" as const) : Promise.resolve("new" as const)),
    complete: () => Promise.resolve(),
    release: (key: string) => void released.push(key),
  };
  const bounded = webhookCore(options({ storeTimeoutMs: 20, idempotency: store }), verifySignatureSync);
  const text = webhookBody(userEvent("ev-slow-claim"));
  const before = errors.length;
  const answer = await handleBody(bounded, head, text, signatureOf(text));
  assert.equal(
    [answer.status, answer.headers["retry-after"], answer.body],
    [503, "5", errorBody("HANDLER_FAILED", "handler failed: the idempotency store failed")],
  );
  assert.is((errors[before]?.error.cause as Error | undefined)?.message, "claim() did not settle within 20 ms");
  assert.equal(released, []);
  late.resolve();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(released, ["user-event:ev-slow-claim"]);
});

bodies("answers 503 when complete() misses storeTimeoutMs, and 500 when onEvent threw even if release() never settles", async () => {
  const never = () => new Promise<void>(() => {});
  const store = { claim: () => Promise.resolve("new" as const), complete: never, release: never };
  let calls = 0;
  const bounded = webhookCore(
    options({
      storeTimeoutMs: 20,
      idempotency: store,
      onEvent: () => {
        if (calls++ > 0) throw new Error("boom");
      },
    }),
    verifySignatureSync,
  );
  const text = webhookBody(userEvent("ev-slow-complete"));
  const before = errors.length;
  const first = await handleBody(bounded, head, text, signatureOf(text));
  assert.equal([first.status, first.headers["retry-after"]], [503, "5"]);
  assert.is(first.body, errorBody("HANDLER_FAILED", "handler failed: the idempotency store did not record the event"));
  assert.is((errors[before]?.error.cause as Error | undefined)?.message, "complete() did not settle within 20 ms");
  const second = await handleBody(bounded, head, text, signatureOf(text));
  assert.equal([second.status, second.body], [500, errorBody("HANDLER_FAILED", "handler failed: onEvent threw")]);
});

bodies.run();

const rejects = suite("reject()");

rejects("builds the JSON error body and reports the status, method and path to onError", () => {
  const before = errors.length;
  const error = new RbmEventError("INVALID_EVENT", "cannot decode event: x: bad", { issues: [{ path: "x", message: "bad" }] });
  const answer = reject(core, { method: "POST", path: "/p" }, 400, error);
  assert.equal(answer, {
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"error":{"code":"INVALID_EVENT","message":"cannot decode event: x: bad","issues":[{"path":"x","message":"bad"}]}}',
  });
  assert.is(errors.length, before + 1);
  assert.equal(errors.at(-1)?.info, { status: 400, method: "POST", path: "/p" });
  assert.is(errors.at(-1)?.error, error);
});

rejects("wraps a code and message in an RbmEventError that keeps the cause", () => {
  const cause = new Error("boom");
  reject(core, { method: "POST", path: "/" }, 500, failure("HANDLER_FAILED", "handler failed: onEvent threw", cause));
  const { error } = errors.at(-1)!;
  assert.equal([error.code, error.message, error.cause, error.issues], ["HANDLER_FAILED", "handler failed: onEvent threw", cause, []]);
});

rejects("never shows a client token", () => assertNoLeak());

rejects.run();
