// createFetchHandler(): the fetch-style twin, called with Node's own Request and Response.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { runtimeImports } from "../../support/import-graph.js";
import type { DecodedEvent } from "../../../src/events/index.js";
import { createFetchHandler } from "../../../src/webhook/index.js";
import type { WebhookOptions } from "../../../src/webhook/index.js";
import {
  answer,
  assertNoLeak,
  deferred,
  errorBody,
  errors,
  options,
  partnerToken,
  seen,
  signed,
  token,
  userEvent,
  vector,
  webhookBody,
} from "../../support/webhook.js";

const url = "https://agent.example/rbm/webhook?x=1";
const json = { "content-type": "application/json" };

function start(overrides: Partial<WebhookOptions> = {}) {
  const events: DecodedEvent[] = [];
  const handler = createFetchHandler(options({ onEvent: (d) => void events.push(d), ...overrides }));
  const send = async (body: RequestInit["body"], headers: Record<string, string> = json, method = "POST") =>
    answer(await handler(new Request(url, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit)));
  return { handler, send, events };
}

/** A body streamed in chunks, with no Content-Length. */
function stream(chunks: string[], fail?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(new TextEncoder().encode(chunks[i++]));
      else if (fail) controller.error(fail);
      else controller.close();
    },
  });
}

const test = suite("createFetchHandler()");

test("throws a TypeError for invalid options, naming the option", () => {
  assert.throws(
    () => createFetchHandler({ clientToken: [], onEvent: () => {} }),
    (e: Error) => e instanceof TypeError && e.message === "invalid argument: clientToken: expected at least one token, received array",
  );
});

test("answers the handshake for a known token, 403 for an unknown one", async () => {
  const { send } = start();
  for (const clientToken of [token, partnerToken]) {
    const reply = await send(JSON.stringify({ clientToken, secret: "1234567890" }));
    assert.equal([reply.status, reply.text, reply.headers["content-type"]], [200, "1234567890", "text/plain; charset=utf-8"]);
  }
  const unknown = await send(JSON.stringify({ clientToken: "nope", secret: "1234567890" }));
  assert.equal([unknown.status, unknown.text], [403, errorBody("UNAUTHORIZED", "unauthorized: unknown client token")]);
});

test("accepts the openssl known-answer vector, once", async () => {
  const { send, events } = start();
  const body = JSON.stringify({ message: { data: vector.data } });
  for (let i = 0; i < 2; i++) {
    const reply = await send(body, { ...json, "x-goog-signature": vector.signature });
    assert.equal([reply.status, reply.text], [200, ""]);
  }
  assert.is(events.length, 1);
  assert.is(events[0]?.kind, "userEvent");
});

test("hands payloads of unknown kind to onEvent, once per eventId", async () => {
  const { send, events } = start();
  const body = webhookBody({ senderPhoneNumber: "+14155550123", note: "Hi", eventId: "u-1" });
  assert.is((await send(body, signed(body, partnerToken))).status, 200);
  assert.is((await send(body, signed(body, partnerToken))).status, 200);
  assert.equal(
    events.map((d) => d.kind),
    ["unknown"],
  );
});

test("hands user messages to onEvent typed, once per messageId", async () => {
  const { send, events } = start();
  const body = webhookBody({ senderPhoneNumber: "+14155550123", text: "Hi", messageId: "um-9" });
  assert.is((await send(body, signed(body, partnerToken))).status, 200);
  assert.is((await send(body, signed(body, partnerToken))).status, 200);
  assert.equal(
    events.map((d) => d.kind === "userMessage" && d.event.content),
    [{ $case: "text", value: "Hi" }],
  );
});

test("answers 401 to a missing or wrong signature without calling onEvent", async () => {
  const { send, events } = start();
  const body = webhookBody(userEvent("ev-web-401"));
  assert.is((await send(body)).text, errorBody("UNAUTHORIZED", "unauthorized: missing X-Goog-Signature header"));
  const wrong = await send(body, signed(body, "forged"));
  assert.equal([wrong.status, wrong.text], [401, errorBody("UNAUTHORIZED", "unauthorized: X-Goog-Signature does not match message.data")]);
  assert.is(events.length, 0);
});

test("answers 405, 415, 400 as the node handler does", async () => {
  const { send } = start();
  const get = await send(null, {}, "GET");
  assert.equal([get.status, get.headers["allow"]], [405, "POST"]);
  assert.is(get.text, errorBody("INVALID_REQUEST", 'invalid request: expected method POST, received "GET"'));
  const text = await send("{}", { "content-type": "text/plain" });
  assert.equal([text.status, text.text], [415, errorBody("INVALID_REQUEST", 'invalid request: expected Content-Type application/json, received "text/plain"')]);
  const bad = await send("{");
  assert.equal(
    [bad.status, bad.text],
    [
      400,
      errorBody("INVALID_JSON", "cannot decode envelope: invalid JSON: unexpected end of input at line 1 column 2", [
        { path: "", message: "invalid JSON: unexpected end of input at line 1 column 2" },
      ]),
    ],
  );
  const empty = await send(null);
  assert.equal([empty.status, JSON.parse(empty.text).error.code], [400, "INVALID_JSON"]);
});

test("answers 413 from Content-Length, and once a streamed body passes the limit", async () => {
  const { send } = start({ maxBodyBytes: 100 });
  const over = errorBody("INVALID_REQUEST", "invalid request: body over the limit of 100 bytes");
  const declared = await send("{}", { ...json, "content-length": "101" });
  assert.equal([declared.status, declared.text], [413, over]);
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(64).fill(0x20));
    },
  });
  const streamed = await send(endless);
  assert.equal([streamed.status, streamed.text], [413, over]);
  assert.ok(pulled < 10, `read ${pulled} chunks`);
  const exact = webhookBody(userEvent("e"));
  const { send: sendExact } = start({ maxBodyBytes: exact.length });
  assert.is((await sendExact(stream([exact.slice(0, 10), exact.slice(10)]), signed(exact))).status, 200);
});

test("answers 400 when the body stream fails", async () => {
  const { send } = start();
  const reply = await send(stream(['{"mess'], new Error("connection reset")));
  assert.equal([reply.status, reply.text], [400, errorBody("INVALID_REQUEST", "invalid request: the body could not be read")]);
  assert.is(errors.at(-1)?.info.path, "/rbm/webhook");
});

test("answers 500 when onEvent throws, 409 to a duplicate in flight, then 200 on redelivery", async () => {
  const gate = deferred();
  let calls = 0;
  const { handler } = start({
    onEvent: async () => {
      calls++;
      if (calls === 1) throw new Error("queue full");
      await gate.promise;
    },
  });
  const body = webhookBody(userEvent("ev-web-retry"));
  const deliver = async () => answer(await handler(new Request(url, { method: "POST", headers: signed(body), body })));
  assert.equal([(await deliver()).status, calls], [500, 1]);
  const second = deliver();
  for (let i = 0; i < 1_000 && calls < 2; i++) await new Promise((r) => setTimeout(r, 5));
  const busy = await deliver();
  gate.resolve();
  assert.equal([busy.status, JSON.parse(busy.text).error.code], [409, "EVENT_IN_FLIGHT"]);
  assert.is((await second).status, 200);
  assert.equal([(await deliver()).status, calls], [200, 2]);
});

test("uses only runtime-neutral code: no node: imports, no Buffer", () => {
  const { files, packages } = runtimeImports(new URL("../../../src/webhook/web.ts", import.meta.url));
  assert.equal(
    [...packages].filter((name) => name.startsWith("node:")),
    [],
  );
  for (const name of ["webhook/web.ts", "webhook/core.ts", "webhook/idempotency.ts", "signature/web.ts"]) {
    assert.ok(files.has(new URL(`../../../src/${name}`, import.meta.url).href), name);
    assert.not.match(readFileSync(new URL(`../../../src/${name}`, import.meta.url), "utf8"), /\bBuffer\b/, name);
  }
});

test("never shows a client token in a response or an error", () => {
  assert.ok(seen.length > 10 && errors.length > 5);
  assertNoLeak();
});

test("answers 503 with Retry-After while the bodies held reach maxBufferedBytes, and gives the bytes back", async () => {
  // Each chunk held counts 512 bytes besides its length.
  const { handler, send, events } = start({ maxBodyBytes: 3_000, maxBufferedBytes: 5_500 });
  // Two bodies whose streams stay open after 1,800 bytes each: 4,624 held.
  const open = [0, 1].map(() => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    controller.enqueue(new Uint8Array(1_800).fill(32));
    const reply = handler(new Request(url, { method: "POST", headers: json, body, duplex: "half" }));
    return { controller, reply };
  });
  await new Promise((r) => setTimeout(r, 0));
  const body = webhookBody(userEvent("ev-budget"));
  const busy = await send(body + " ".repeat(500), signed(body));
  assert.equal([busy.status, busy.headers["retry-after"]], [503, "5"]);
  for (const { controller } of open) controller.close();
  for (const { reply } of open) assert.is((await reply).status, 400);
  // 2,800 bytes fit again only if the finished requests gave theirs back
  assert.is((await send(body + " ".repeat(2_500), signed(body))).status, 200);
  const second = webhookBody(userEvent("ev-budget-2"));
  assert.is((await send(second, signed(second))).status, 200);
  assert.is(events.length, 2);
});

test("counts what each chunk holds, so a body sent in 1-byte pieces cannot pass maxBufferedBytes", async () => {
  const { handler } = start({ maxBodyBytes: 10_000, maxBufferedBytes: 50_000 });
  // 200 bytes in 200 chunks: far under both limits by bytes, over the budget by what is held
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 200; i++) controller.enqueue(new Uint8Array([32]));
      controller.close();
    },
  });
  const reply = await handler(new Request(url, { method: "POST", headers: json, body, duplex: "half" }));
  assert.equal([reply.status, reply.headers.get("retry-after")], [503, "5"]);
  // and the budget is whole again afterwards
  const event = webhookBody(userEvent("ev-after-chunks"));
  assert.is((await handler(new Request(url, { method: "POST", headers: { ...json, ...signed(event) }, body: event }))).status, 200);
});

test("answers 415 to a Content-Encoding", async () => {
  const { send } = start();
  const body = webhookBody(userEvent("ev-encoded"));
  assert.is((await send(body, { ...signed(body), "content-encoding": "gzip" })).status, 415);
});

test.run();
