// The message codecs as Standard Schema validators, used the way a web service uses them: Hono's
// Standard Schema middleware validates a JSON body against the proto over real HTTP.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { sValidator } from "@hono/standard-validator";
import { Hono } from "hono";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { toJson, UserEvent, UserMessage } from "../../src/index.js";

const test = suite("Standard Schema through Hono over HTTP");
let server: ServerType | undefined;
let base = "";

const app = new Hono()
  .post("/events", sValidator("json", UserEvent), (c) => {
    const event = c.req.valid("json"); // typed as a UserEvent, exact
    return c.json({ nanos: event.sendTime?.nanos ?? null, canonical: toJson("UserEvent", event) });
  })
  .post("/messages", sValidator("json", UserMessage), (c) => c.json({ content: c.req.valid("json").content?.$case ?? null }));

test.before(async () => {
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      ready();
    });
  });
});

test.after(async () => {
  await new Promise<void>((closed) => (server ? server.close(() => closed()) : closed()));
});

const post = async (path: string, body: string) => {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

test("hands the handler the exact message, nanoseconds and all", async () => {
  const sent = { senderPhoneNumber: "+14155550123", eventType: "READ", sendTime: "2014-10-02T15:01:23.045123456+05:30" };
  const { status, json } = await post("/events", JSON.stringify(sent));
  assert.is(status, 200);
  assert.equal(json, {
    nanos: 45123456,
    canonical: { senderPhoneNumber: "+14155550123", eventType: "READ", sendTime: "2014-10-02T09:31:23.045123456Z" },
  });
});

test("answers 400 with every issue, each path an array of keys and indexes", async () => {
  const { status, json } = await post("/events", JSON.stringify({ sendTime: "2024-02-30T00:00:00Z", eventType: "read", extra: 1 }));
  assert.is(status, 400);
  assert.equal(json["success"], false);
  assert.equal(json["error"], [
    { message: "invalid timestamp: day 30 is out of range for 2024-02", path: ["sendTime"] },
    { message: 'invalid enum value: "read" is not a value of rbm.events.v1.UserEvent.EventType', path: ["eventType"] },
    { message: 'unknown field: "extra" is not a field of rbm.events.v1.UserEvent', path: ["extra"] },
  ]);
});

test("gives nested paths as arrays, through a oneof member", async () => {
  const { status, json } = await post("/messages", JSON.stringify({ location: { latitude: "north" } }));
  assert.is(status, 400);
  const [issue] = json["error"] as Array<{ path: unknown }>;
  assert.equal(issue?.path, ["location", "latitude"]);
  const ok = await post("/messages", JSON.stringify({ text: "Hi" }));
  assert.equal(ok, { status: 200, json: { content: "text" } });
});

test("rejects a body that is not an object", async () => {
  const { status, json } = await post("/events", "[1]");
  assert.is(status, 400);
  assert.equal(json["error"], [{ message: "expected object, received array" }]);
});

test.run();
