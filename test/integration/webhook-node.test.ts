// createWebhookHandler() over real HTTP on 127.0.0.1: node:http, Express, faults and load.
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { connect } from "node:net";
import { setFlagsFromString } from "node:v8";
import express from "express";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { DecodedEvent } from "../../src/events/index.js";
import { decodeEvent } from "../../src/events/index.js";
import { isRbmEventError } from "../../src/errors.js";
import type { IdempotencyStore } from "../../src/webhook/index.js";
import { createWebhookHandler } from "../../src/webhook/node.js";
import type { WebhookOptions } from "../../src/webhook/index.js";
import {
  RawClient,
  answer,
  assertNoLeak,
  close,
  deferred,
  errorBody,
  errors,
  listen,
  options,
  partnerToken,
  post,
  rawHead,
  seen,
  signed,
  token,
  userEvent,
  vector,
  webhookBody,
  within,
} from "../support/webhook.js";

const json = { "content-type": "application/json" };

/** Starts a node:http server with a handler of `overrides`; `events` collects what reached onEvent. */
async function start(overrides: Partial<WebhookOptions> = {}) {
  const events: DecodedEvent[] = [];
  const handler = createWebhookHandler(options({ onEvent: (d) => void events.push(d), ...overrides }));
  return { ...(await listen(handler)), events };
}

/** The error body decodeEvent's own error gives for a body. */
function decodeErrorBody(body: string): string {
  try {
    decodeEvent(body);
  } catch (error) {
    if (isRbmEventError(error)) return errorBody(error.code, error.message, [...error.issues]);
  }
  throw new Error("decodes");
}

const options_ = suite("createWebhookHandler() options");

options_("throws a TypeError for invalid options, naming the option", () => {
  assert.throws(
    () => createWebhookHandler({ clientToken: token } as WebhookOptions),
    (e: Error) => e instanceof TypeError && e.message === "invalid argument: onEvent: expected function, received undefined",
  );
});

options_.run();

const http = suite("createWebhookHandler() with node:http");

http("answers the handshake with the secret as text/plain for every known token", async () => {
  const { server, url } = await start();
  try {
    for (const clientToken of [token, partnerToken]) {
      const reply = await post(url, JSON.stringify({ clientToken, secret: "1234567890" }), json);
      assert.is(reply.status, 200);
      assert.is(reply.text, "1234567890");
      assert.is(reply.headers["content-type"], "text/plain; charset=utf-8");
      assert.is(reply.headers["cache-control"], "no-store");
      assert.is(reply.headers["x-content-type-options"], "nosniff");
    }
  } finally {
    await close(server);
  }
});

http("answers 403 to a handshake with an unknown token, echoing no secret", async () => {
  const { server, url } = await start();
  try {
    for (const clientToken of [`${token}x`, token.slice(0, -1), token.toUpperCase(), "é"]) {
      const reply = await post(url, JSON.stringify({ clientToken, secret: "s3cr3t-value" }), json);
      assert.is(reply.status, 403);
      assert.is(reply.text, errorBody("UNAUTHORIZED", "unauthorized: unknown client token"));
    }
  } finally {
    await close(server);
  }
});

http("answers 400 to a handshake with a missing or non-string field", async () => {
  const { server, url } = await start();
  const rejects = async (body: unknown, path: string, reason: string) => {
    const reply = await post(url, JSON.stringify(body), json);
    assert.is(reply.status, 400);
    assert.is(reply.text, errorBody("INVALID_ENVELOPE", `cannot decode handshake: ${path}: ${reason}`, [{ path, message: reason }]));
  };
  try {
    await rejects({ clientToken: token }, "secret", "required");
    await rejects({ secret: "s" }, "clientToken", "required");
    await rejects({ clientToken: 1, secret: "s" }, "clientToken", "expected string, received number");
    await rejects({ clientToken: token, secret: null }, "secret", "expected string, received null");
  } finally {
    await close(server);
  }
});

http("accepts the openssl known-answer vector and hands the event to onEvent", async () => {
  const { server, url, events } = await start();
  try {
    const reply = await post(url, JSON.stringify({ message: { data: vector.data } }), { ...json, "x-goog-signature": vector.signature });
    assert.equal([reply.status, reply.text], [200, ""]);
    assert.is(events.length, 1);
    const [decoded] = events;
    assert.is(decoded?.kind, "userEvent");
    if (decoded?.kind === "userEvent") assert.is(decoded.event.eventId, "MxZ7oZ1GmvQSOh_9uHHDhdKA");
  } finally {
    await close(server);
  }
});

http("accepts a signature by any configured token, and payloads of unknown kind", async () => {
  const { server, url, events } = await start();
  try {
    const body = webhookBody({ senderPhoneNumber: "+14155550123", note: "Hi", eventId: "e-1" });
    assert.is((await post(url, body, signed(body, partnerToken))).status, 200);
    assert.equal(
      events.map((d) => d.kind === "unknown" && d.json),
      [{ senderPhoneNumber: "+14155550123", note: "Hi", eventId: "e-1" }],
    );
  } finally {
    await close(server);
  }
});

http("answers 401 without calling onEvent when the signature is missing, empty or wrong", async () => {
  const { server, url, events } = await start();
  const body = webhookBody(userEvent("ev-401"));
  const other = webhookBody(userEvent("ev-other"));
  const missing = errorBody("UNAUTHORIZED", "unauthorized: missing X-Goog-Signature header");
  const wrong = errorBody("UNAUTHORIZED", "unauthorized: X-Goog-Signature does not match message.data");
  try {
    for (const [headers, text] of [
      [json, missing],
      [{ ...json, "x-goog-signature": "" }, missing],
      [signed(other), wrong],
      [signed(body, "not-the-token"), wrong],
      [{ ...json, "x-goog-signature": signed(body)["x-goog-signature"]!.replace(/=$/, "") }, wrong],
      [{ ...json, "x-goog-signature": "x".repeat(10_000) }, wrong],
    ] as const) {
      const reply = await post(url, body, headers);
      assert.equal([reply.status, reply.text], [401, text]);
    }
    assert.is(events.length, 0);
  } finally {
    await close(server);
  }
});

http("answers 405 with Allow: POST to other methods", async () => {
  const { server, url } = await start();
  try {
    for (const method of ["GET", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
      const reply = await answer(await fetch(url, { method }));
      assert.is(reply.status, 405, method);
      assert.is(reply.headers["allow"], "POST");
      assert.is(reply.text, errorBody("INVALID_REQUEST", `invalid request: expected method POST, received "${method}"`));
    }
    const head = await fetch(url, { method: "HEAD" });
    assert.equal([head.status, head.headers.get("allow")], [405, "POST"]);
  } finally {
    await close(server);
  }
});

http("takes any JSON content type and answers 415 to others", async () => {
  const { server, url } = await start();
  const body = webhookBody(userEvent("ev-415"));
  try {
    for (const type of ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON;charset=UTF-8", "application/cloudevents+json"]) {
      assert.is((await post(url, body, { ...signed(body), "content-type": type })).status, 200, type);
    }
    for (const [type, received] of [
      ["text/plain", '"text/plain"'],
      ["application/jsonx", '"application/jsonx"'],
      ["", "none"],
    ]) {
      const reply = await post(url, body, { ...signed(body), "content-type": type! });
      assert.is(reply.status, 415, type);
      assert.is(reply.text, errorBody("INVALID_REQUEST", `invalid request: expected Content-Type application/json, received ${received}`));
    }
    const bytes = await answer(await fetch(url, { method: "POST", body: new TextEncoder().encode(body) }));
    assert.is(bytes.status, 415);
  } finally {
    await close(server);
  }
});

http("answers 400 to malformed JSON, a non-object, a missing message.data, and bytes that are not UTF-8", async () => {
  const { server, url } = await start();
  const rejects = async (body: string | Uint8Array, code: string, path: string, reason: string, what = "envelope") => {
    const reply = await answer(await fetch(url, { method: "POST", headers: json, body }));
    assert.is(reply.status, 400);
    assert.is(reply.text, errorBody(code, `cannot decode ${what}: ${path === "" ? "" : `${path}: `}${reason}`, [{ path, message: reason }]));
  };
  try {
    await rejects("{", "INVALID_JSON", "", "invalid JSON: unexpected end of input at line 1 column 2");
    await rejects("", "INVALID_JSON", "", "invalid JSON: unexpected end of input at line 1 column 1");
    await rejects(`{"clientToken":"${token}",`, "INVALID_JSON", "", `invalid JSON: unexpected end of input at line 1 column ${token.length + 19}`);
    await rejects("[]", "INVALID_ENVELOPE", "", "expected a JSON object, received array");
    await rejects("null", "INVALID_ENVELOPE", "", "expected a JSON object, received null");
    await rejects("{}", "INVALID_ENVELOPE", "message", "required");
    await rejects('{"message":"x"}', "INVALID_ENVELOPE", "message", "expected object, received string");
    await rejects('{"message":{}}', "INVALID_ENVELOPE", "message.data", "required");
    await rejects('{"message":{"data":7}}', "INVALID_ENVELOPE", "message.data", "expected base64 string, received number");
    await rejects(new Uint8Array([0x7b, 0xff, 0x7d]), "INVALID_UTF8", "", "invalid UTF-8");
  } finally {
    await close(server);
  }
});

http("answers 400 with decodeEvent's error to a signed payload that does not decode", async () => {
  const { server, url, events } = await start();
  try {
    for (const payload of ["{", "[1]", '{"senderPhoneNumber":"+1","eventType":"READ","sendTime":"bad"}']) {
      const body = webhookBody(payload);
      const reply = await post(url, body, signed(body));
      assert.is(reply.status, 400);
      assert.is(reply.text, decodeErrorBody(body));
    }
    assert.is(events.length, 0);
  } finally {
    await close(server);
  }
});

http("decodes strictly with decode: { strict: true }", async () => {
  const { server, url, events } = await start({ decode: { strict: true } });
  try {
    const body = webhookBody({ ...userEvent("ev-strict"), extra: 1 });
    const reply = await post(url, body, signed(body));
    assert.is(reply.status, 400);
    assert.is(JSON.parse(reply.text).error.code, "INVALID_EVENT");
    assert.is(events.length, 0);
  } finally {
    await close(server);
  }
});

http("accepts a body of exactly maxBodyBytes and answers 413 to one byte more", async () => {
  const body = webhookBody(userEvent("ev-limit"));
  const { server, url, events } = await start({ maxBodyBytes: body.length + 10 });
  try {
    const exact = `${body}${" ".repeat(10)}`;
    assert.is((await post(url, exact, signed(body))).status, 200);
    const over = await post(url, `${exact} `, signed(body));
    assert.equal([over.status, over.headers["connection"]], [413, "close"]);
    assert.is(over.text, errorBody("INVALID_REQUEST", `invalid request: body over the limit of ${body.length + 10} bytes`));
    assert.is(events.length, 1);
  } finally {
    await close(server);
  }
});

http("answers 413 from Content-Length alone, without reading the body, and closes the connection", async () => {
  const { server, port } = await start({ maxBodyBytes: 1000 });
  try {
    const client = new RawClient(port);
    client.socket.write(rawHead(["Content-Length: 1000000000"]));
    await within(client.closed, "413 from Content-Length");
    assert.match(client.received, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    assert.match(client.received, /\r\nconnection: close\r\n/i);
  } finally {
    await close(server);
  }
});

http("answers 413 once a chunked body passes the limit, and stops reading", async () => {
  const { server, port } = await start({ maxBodyBytes: 1000 });
  try {
    const client = new RawClient(port);
    const chunk = `258\r\n${" ".repeat(600)}\r\n`;
    client.socket.write(`${rawHead(["Transfer-Encoding: chunked"])}${chunk}${chunk}`);
    await within(client.closed, "413 while streaming");
    assert.match(client.received, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    assert.ok(client.received.endsWith(errorBody("INVALID_REQUEST", "invalid request: body over the limit of 1000 bytes")));
  } finally {
    await close(server);
  }
});

http.run();

const express_ = suite("createWebhookHandler() with Express");

express_("works with app.post() whether Express parsed the body, buffered it, kept rawBody, or left it unread", async () => {
  const events: DecodedEvent[] = [];
  const handler = createWebhookHandler(options({ onEvent: (d) => void events.push(d), idempotency: false }));
  const app = express();
  app.post("/json", express.json(), handler);
  app.post("/raw", express.raw({ type: "*/*" }), handler);
  app.post("/text", express.text({ type: "*/*" }), handler);
  app.post("/none", handler);
  app.post(
    "/rawBody",
    (req, _res, next) => {
      const chunks: Buffer[] = [];
      req
        .on("data", (c: Buffer) => chunks.push(c))
        .on("end", () => {
          Object.assign(req, { rawBody: Buffer.concat(chunks) });
          next();
        });
    },
    handler,
  );
  const { server, url } = await listen(app);
  const base = url.replace(/\/hook$/, "");
  try {
    const body = webhookBody(userEvent("ev-express"));
    const forged = signed(webhookBody(userEvent("ev-other")));
    for (const path of ["/json", "/raw", "/text", "/none", "/rawBody"]) {
      assert.is((await post(base + path, body, signed(body))).status, 200, path);
      assert.is((await post(base + path, body, forged)).status, 401, path);
      const hello = await post(base + path, JSON.stringify({ clientToken: token, secret: "abc" }), json);
      assert.equal([hello.status, hello.text], [200, "abc"], path);
      // express.json() answers malformed JSON itself; the others leave it to the handler
      if (path !== "/json")
        assert.is(
          (await post(base + path, "{", json)).text,
          errorBody("INVALID_JSON", "cannot decode envelope: invalid JSON: unexpected end of input at line 1 column 2", [
            { path: "", message: "invalid JSON: unexpected end of input at line 1 column 2" },
          ]),
          path,
        );
    }
    assert.is(events.length, 5);
  } finally {
    await close(server);
  }
});

express_("answers 413 to a body Express buffered over maxBodyBytes", async () => {
  const handler = createWebhookHandler(options({ maxBodyBytes: 100 }));
  const app = express();
  app.post("/raw", express.raw({ type: "*/*" }), handler);
  app.post("/text", express.text({ type: "*/*" }), handler);
  const { server, url } = await listen(app);
  try {
    const body = `{"message":{"data":"${"A".repeat(100)}"}}`;
    for (const path of ["/raw", "/text"]) {
      const reply = await post(url.replace(/\/hook$/, path), body, json);
      assert.is(reply.status, 413, path);
    }
  } finally {
    await close(server);
  }
});

express_("answers 500 when a middleware read the body without keeping it", async () => {
  const handler = createWebhookHandler(options());
  const app = express();
  app.post("/hook", (req, _res, next) => void req.resume().on("end", () => next()), handler);
  const { server, url } = await listen(app);
  try {
    const reply = await post(url, webhookBody(userEvent("ev-lost")), json);
    assert.is(reply.status, 500);
    assert.is(
      reply.text,
      errorBody("HANDLER_FAILED", "handler failed: the body was read before the handler and not kept (use express.json() or express.raw())"),
    );
  } finally {
    await close(server);
  }
});

express_.run();

const faults = suite("createWebhookHandler() faults");

faults("answers 500 when onEvent throws or rejects, then handles the redelivery", async () => {
  let calls = 0;
  const { server, url } = await start({
    onEvent: async () => {
      calls++;
      if (calls === 1) throw new Error("database down");
      if (calls === 2) return Promise.reject(new Error("still down"));
    },
  });
  try {
    const body = webhookBody(userEvent("ev-retry"));
    const failed = errorBody("HANDLER_FAILED", "handler failed: onEvent threw");
    assert.equal([(await post(url, body, signed(body))).text, calls], [failed, 1]);
    assert.equal([(await post(url, body, signed(body))).text, calls], [failed, 2]);
    assert.equal([(await post(url, body, signed(body))).status, calls], [200, 3]);
    assert.equal([(await post(url, body, signed(body))).status, calls], [200, 3]);
    const last = errors.filter((e) => e.info.status === 500).at(-1);
    assert.is((last?.error.cause as Error | undefined)?.message, "still down");
  } finally {
    await close(server);
  }
});

faults("answers 409 to a duplicate arriving while the first delivery is in flight, never 200", async () => {
  const gate = deferred();
  let calls = 0;
  const { server, url } = await start({
    onEvent: async () => {
      calls++;
      await gate.promise;
    },
  });
  try {
    const body = webhookBody(userEvent("ev-busy"));
    const first = post(url, body, signed(body));
    first.catch(() => {}); // awaited below; a failed assertion must not leave it unhandled
    for (let i = 0; i < 1_000 && calls === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const second = await post(url, body, signed(body));
    assert.is(second.status, 409);
    assert.is(second.text, errorBody("EVENT_IN_FLIGHT", 'event in flight: "user-event:ev-busy" is being handled by another delivery'));
    gate.resolve();
    assert.is((await first).status, 200);
    assert.is((await post(url, body, signed(body))).status, 200);
    assert.is(calls, 1);
  } finally {
    gate.resolve();
    await close(server);
  }
});

faults("hands every delivery on with idempotency: false, and events without eventId always", async () => {
  const off = await start({ idempotency: false });
  const on = await start();
  try {
    const withId = webhookBody(userEvent("ev-twice"));
    const withoutId = webhookBody({ senderPhoneNumber: "+14155550123", text: "Hi" });
    for (let i = 0; i < 2; i++) {
      assert.is((await post(off.url, withId, signed(withId))).status, 200);
      assert.is((await post(on.url, withoutId, signed(withoutId))).status, 200);
      assert.is((await post(on.url, withId, signed(withId))).status, 200);
    }
    assert.equal([off.events.length, on.events.length], [2, 3]);
  } finally {
    await close(off.server);
    await close(on.server);
  }
});

faults("answers 503 with Retry-After when the idempotency store fails, even after onEvent, and 500 for nonsense", async () => {
  const failing = (claim: () => unknown, complete: () => unknown = () => {}): IdempotencyStore => ({ claim, complete, release: () => {} }) as IdempotencyStore;
  const body = webhookBody(userEvent("ev-store"));
  const unrecorded = "handler failed: the idempotency store did not record the event";
  for (const [store, status, text, handled] of [
    [failing(() => Promise.reject(new Error("redis down"))), 503, errorBody("HANDLER_FAILED", "handler failed: the idempotency store failed"), 0],
    [
      failing(() => {
        throw new Error("redis down");
      }),
      503,
      errorBody("HANDLER_FAILED", "handler failed: the idempotency store failed"),
      0,
    ],
    [failing(() => "maybe"), 500, errorBody("HANDLER_FAILED", 'handler failed: the idempotency store answered "maybe"'), 0],
    [
      failing(
        () => "new",
        () => {
          throw new Error("disk full");
        },
      ),
      503,
      errorBody("HANDLER_FAILED", unrecorded),
      2,
    ],
    [
      failing(
        () => "new",
        () => Promise.reject(new Error("disk full")),
      ),
      503,
      errorBody("HANDLER_FAILED", unrecorded),
      2,
    ],
  ] as const) {
    const events: unknown[] = [];
    const { server, url } = await start({ idempotency: store, onEvent: (decoded) => void events.push(decoded) });
    try {
      for (let i = 0; i < 2; i++) {
        const reply = await post(url, body, signed(body));
        assert.equal([reply.status, reply.text], [status, text]);
        assert.is(reply.headers["retry-after"], status === 503 ? "5" : undefined);
      }
      assert.is(events.length, handled);
      assert.is(errors.at(-1)?.info.status, status);
    } finally {
      await close(server);
    }
  }
  assert.is(errors.at(-1)?.error.message, unrecorded);
});

faults("keeps answering when onError throws", async () => {
  const { server, url } = await start({
    onError: () => {
      throw new Error("logger down");
    },
  });
  try {
    assert.is((await post(url, "{", json)).status, 400);
  } finally {
    await close(server);
  }
});

faults("cleans up after a client that aborts mid-body, and keeps serving", async () => {
  const { server, port, url, events } = await start({ bodyTimeoutMs: 50 });
  const before = errors.length;
  try {
    const body = webhookBody(userEvent("ev-abort"));
    const client = new RawClient(port);
    client.socket.write(`${rawHead([`Content-Length: ${body.length}`, `X-Goog-Signature: ${signed(body)["x-goog-signature"]}`])}${body.slice(0, 20)}`);
    await new Promise((r) => setTimeout(r, 20));
    client.socket.destroy();
    await client.closed;
    await new Promise((r) => setTimeout(r, 200)); // past bodyTimeoutMs: a timer left behind would report a 408
    assert.is((await post(url, body, signed(body))).status, 200);
    assert.equal([events.length, errors.length, client.received], [1, before, ""]);
  } finally {
    await close(server);
  }
});

faults("answers 408 to a body that never finishes, while serving other requests", async () => {
  const { server, port, url, events } = await start({ bodyTimeoutMs: 300 });
  try {
    const client = new RawClient(port);
    client.socket.write(`${rawHead(["Content-Length: 100"])}{"message":`);
    const body = webhookBody(userEvent("ev-meanwhile"));
    assert.is((await post(url, body, signed(body))).status, 200);
    await within(client.closed, "408");
    assert.match(client.received, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(client.received, /\r\nconnection: close\r\n/i);
    assert.ok(client.received.endsWith(errorBody("INVALID_REQUEST", "invalid request: body not received within 300 ms")));
    assert.is(events.length, 1);
  } finally {
    await close(server);
  }
});

faults.run();

const hygiene = suite("createWebhookHandler() request hygiene");

hygiene("answers 415 to a compressed body, signed or not, and to a charset other than UTF-8", async () => {
  const { server, url, events } = await start();
  try {
    const body = webhookBody(userEvent("ev-gzip"));
    const gzipped = await post(url, gzipSync(body).toString("latin1"), { ...signed(body), "content-encoding": "gzip" });
    const plainBr = await post(url, body, { ...signed(body), "content-encoding": "br" });
    const latin1 = await post(url, body, { ...signed(body), "content-type": "application/json; charset=iso-8859-1" });
    assert.equal([gzipped.status, plainBr.status, latin1.status], [415, 415, 415]);
    assert.is(plainBr.text, errorBody("INVALID_REQUEST", 'invalid request: expected no Content-Encoding, received "br"'));
    assert.is(events.length, 0);
  } finally {
    await close(server);
  }
});

hygiene("takes a gzip body Express inflated, since the handler then gets it decoded", async () => {
  const events: DecodedEvent[] = [];
  const app = express();
  app.post("/hook", express.json(), createWebhookHandler(options({ onEvent: (d) => void events.push(d) })));
  const { server, url } = await listen(app);
  try {
    const body = webhookBody(userEvent("ev-inflated"));
    const response = await fetch(url, { method: "POST", headers: { ...signed(body), "content-encoding": "gzip" }, body: gzipSync(body) });
    assert.is(response.status, 200);
    assert.is(events.length, 1);
  } finally {
    await close(server);
  }
});

hygiene("answers 503 with Retry-After to new bodies while the bodies held reach maxBufferedBytes, and takes them again after", async () => {
  const { server, port, url } = await start({ maxBodyBytes: 3_000, maxBufferedBytes: 5_000 });
  const clients: RawClient[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const client = new RawClient(port);
      clients.push(client);
      client.socket.write(rawHead(["Content-Length: 3000"]) + " ".repeat(1_800));
    }
    // The partial bodies held count 1,800 bytes each and 512 for each chunk: 4,624 at least, or
    // 2,312 should the second be refused for coming in several chunks. The next one passes 5,000.
    let third: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 200 && third?.status !== 503; i++) {
      third = await post(url, webhookBody(userEvent("ev-third")) + " ".repeat(2_200), json);
      if (third.status !== 503) await new Promise((r) => setTimeout(r, 10));
    }
    assert.is(third?.status, 503);
    assert.is(third?.headers["retry-after"], "5");
    assert.is(JSON.parse(third!.text).error.message, "handler failed: bodies being read or handled are at the limit of 5000 bytes; retry later");
    for (const client of clients) client.socket.destroy();
    await Promise.all(clients.map((c) => c.closed));
    const body = webhookBody(userEvent("ev-after"));
    let after = 0;
    for (let i = 0; i < 200 && after !== 200; i++) {
      after = (await post(url, body, signed(body))).status;
      if (after !== 200) await new Promise((r) => setTimeout(r, 10));
    }
    assert.is(after, 200);
  } finally {
    for (const client of clients) client.socket.destroy();
    await close(server);
  }
});

hygiene("rejects a maxBufferedBytes below maxBodyBytes", () => {
  assert.throws(() => createWebhookHandler(options({ maxBodyBytes: 10, maxBufferedBytes: 9 })), /maxBufferedBytes: expected an integer from 10 to/);
});

hygiene("keeps reading after an early 413, so a client still writing gets the answer, not a reset", async () => {
  const { server, port } = await start({ maxBodyBytes: 1_000 });
  try {
    // A client that goes on writing its body after the answer and the server's FIN arrived.
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    const events: string[] = [];
    let received = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => events.push(`error ${error.code}`));
    socket.once("end", () => events.push("end"));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(rawHead([`Content-Length: ${12 * 1024 * 1024}`]));
    for (let i = 0; i < 500 && !received.endsWith("}"); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(received, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    const piece = Buffer.alloc(64 * 1024, 32);
    for (let i = 0; i < 16 && !socket.destroyed; i++) {
      socket.write(piece);
      await new Promise((r) => setTimeout(r, 5));
    }
    socket.end();
    await within(closed, "the lingering close");
    assert.equal(events, ["end"]);
  } finally {
    await close(server);
  }
});

hygiene.run();

const load = suite("createWebhookHandler() under load");

load("hands each of 2,100 deliveries (a third badly signed, some duplicated) on exactly once, and memory settles", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const counts = new Map<string, number>();
  const { server, url } = await start({
    onEvent: async (d) => {
      const id = d.kind === "userEvent" ? d.event.eventId : "?";
      counts.set(id, (counts.get(id) ?? 0) + 1);
      await new Promise((r) => setImmediate(r));
    },
    onError: () => {},
  });
  const requests: Array<{ id: string; valid: boolean }> = [];
  for (let i = 0; i < 2_100; i++) {
    if (i % 3 === 0) requests.push({ id: `bad-${i}`, valid: false });
    else requests.push({ id: i % 10 === 1 && i > 100 ? `ev-${i - 50}` : `ev-${i}`, valid: true });
  }
  const bodies = new Map(requests.map(({ id }) => [id, webhookBody(userEvent(id))]));
  const statuses: number[] = [];
  const send = async ({ id, valid }: { id: string; valid: boolean }) => {
    const body = bodies.get(id)!;
    const headers = valid ? signed(body) : signed(body, "forged-token");
    for (let attempt = 0; attempt < 100; attempt++) {
      const reply = await fetch(url, { method: "POST", headers, body });
      await reply.arrayBuffer();
      if (reply.status !== 409) return statuses.push(reply.status); // RBM retries a 409 later
      await new Promise((r) => setTimeout(r, 5));
    }
    statuses.push(409);
  };
  const run = async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < requests.length) await send(requests[next++]!);
      }),
    );
  };
  try {
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const valid = new Set(requests.filter((r) => r.valid).map((r) => r.id));
    assert.ok(valid.size > 1_300 && valid.size < 1_400, `${valid.size} distinct valid events`);
    for (let round = 1; round <= 2; round++) {
      statuses.length = 0;
      counts.clear();
      await run(); // the second round delivers every event again
      assert.is(statuses.length, requests.length);
      assert.is(statuses.filter((s) => s === 401).length, 700);
      assert.is(statuses.filter((s) => s === 200).length, 1_400);
      if (round === 1) {
        assert.equal([...counts.keys()].sort(), [...valid].sort());
        assert.ok(
          [...counts.values()].every((n) => n === 1),
          "an event reached onEvent twice",
        );
      } else {
        assert.is(counts.size, 0, "a redelivered event reached onEvent");
      }
    }
    gc();
    const grown = process.memoryUsage().heapUsed - baseline;
    assert.ok(grown < 32 * 1024 * 1024, `heap grew by ${grown} bytes`);
  } finally {
    await close(server);
  }
});

load.run();

const leaks = suite("createWebhookHandler() secrecy");

leaks("never shows a client token in a response, a header or an error", () => {
  assert.ok(errors.length > 20);
  assert.ok(
    seen.some((text) => text.includes("1234567890")),
    "the handshake answers were not recorded",
  );
  assertNoLeak();
});

leaks.run();

const polluted = suite("createWebhookHandler() and a polluted Object.prototype");

polluted("reads the request's own body, never a rawBody Object.prototype lends every request", async () => {
  const forged = webhookBody(userEvent("forged"));
  const prototype = Object.prototype as Record<string, unknown>;
  // (Not `body` too: fetch itself, which the test posts with, reads an inherited one.)
  Object.defineProperty(prototype, "rawBody", { value: forged, configurable: true, writable: true });
  const { server, url, events } = await start({ idempotency: false });
  try {
    const body = webhookBody(userEvent("real"));
    const reply = await post(url, body, signed(body));
    assert.is(reply.status, 200);
    assert.equal(
      events.map((d) => d.kind === "userEvent" && d.event.eventId),
      ["real"],
    );
  } finally {
    delete prototype["rawBody"];
    await close(server);
  }
});

polluted.run();
