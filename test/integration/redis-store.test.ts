// RedisIdempotencyStore against a real redis-server of its own: the store contract, what only a
// shared store must do (replicas racing, its own claims, 8 days of memory), and a lost Redis.
import { createClient, createCluster, createSentinel } from "redis";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RedisIdempotencyStore } from "../../src/redis.js";
import { createWebhookHandler } from "../../src/webhook/node.js";
import { findRedisServer, RedisServer } from "../support/redis-server.js";
import { storeContract } from "../support/store-contract.js";
import { close, listen, options, post, signed, userEvent, webhookBody } from "../support/webhook.js";

const redisServer = findRedisServer();

if (redisServer.skip !== undefined) {
  console.log(`  redis-store.test.ts skipped: ${redisServer.skip}`);
  const skipped = suite("RedisIdempotencyStore");
  skipped.skip(`skipped: ${redisServer.skip}`, () => {});
  skipped.run();
} else {
  const redis = await RedisServer.start();
  const clients: Array<{ destroy(): void }> = [];
  /** A connected client that fails commands at once while disconnected, as `serve` makes it. */
  const connect = () => {
    const client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } });
    client.on("error", () => {});
    clients.push(client);
    return client.connect();
  };
  const client = await connect();
  let prefixes = 0;
  const fresh = () => new RedisIdempotencyStore({ client, prefix: `t${++prefixes}:` });

  storeContract("RedisIdempotencyStore", { make: () => fresh() });

  const shared = suite("RedisIdempotencyStore, shared by replicas");

  shared("answers new to exactly one of two replicas claiming every key at once, over separate connections", async () => {
    const other = await connect();
    const prefix = `race${++prefixes}:`;
    const a = new RedisIdempotencyStore({ client, prefix });
    const b = new RedisIdempotencyStore({ client: other, prefix });
    const keys = Array.from({ length: 300 }, (_, i) => `ev-${i}`);
    const answers = await Promise.all(keys.map((key) => Promise.all([a.claim(key, 60_000), b.claim(key, 60_000)])));
    for (const [i, pair] of answers.entries()) assert.equal([...pair].sort(), ["busy", "new"], keys[i]);
  });

  shared("keeps a handled event for 8 days by default, past RBM's 7 days of retries, or for rememberMs", async () => {
    const store = fresh();
    await store.claim("kept", 60_000);
    await store.complete("kept");
    const ttl = await client.pTTL(`t${prefixes}:kept`);
    assert.ok(ttl > 8 * 86_400_000 - 60_000 && ttl <= 8 * 86_400_000, String(ttl));
    assert.is(await client.get(`t${prefixes}:kept`), "done");
    const brief = new RedisIdempotencyStore({ client, prefix: "brief:", rememberMs: 30 * 86_400_000 });
    await brief.complete("kept");
    assert.ok((await client.pTTL("brief:kept")) > 29 * 86_400_000);
  });

  shared("holds a claim for its lease in Redis, under the prefix, and nothing outside it", async () => {
    const store = new RedisIdempotencyStore({ client, prefix: "app-a:rbm:" });
    const before = await client.dbSize();
    assert.is(await store.claim("ev-1", 45_000), "new");
    const ttl = await client.pTTL("app-a:rbm:ev-1");
    assert.ok(ttl > 30_000 && ttl <= 45_000, String(ttl));
    assert.is(await client.dbSize(), before + 1);
    assert.is(await new RedisIdempotencyStore({ client, prefix: "app-b:rbm:" }).claim("ev-1", 45_000), "new");
    assert.is(await new RedisIdempotencyStore({ client }).claim("ev-1", 45_000), "new");
    assert.ok((await client.exists("rbm-events:ev-1")) === 1, "the default prefix is rbm-events:");
  });

  shared("releases only its own claim: a release after another replica re-claimed the key leaves theirs", async () => {
    const prefix = `own${++prefixes}:`;
    const a = new RedisIdempotencyStore({ client, prefix });
    const b = new RedisIdempotencyStore({ client, prefix });
    assert.is(await a.claim("ev", 50), "new");
    while ((await b.claim("ev", 60_000)) !== "new") await new Promise((resolve) => setTimeout(resolve, 20));
    await a.release("ev");
    assert.is(await a.claim("ev", 60_000), "busy");
    await b.release("ev");
    assert.is(await a.claim("ev", 60_000), "new");
    await b.release("never-claimed");
    assert.is(await a.claim("ev", 60_000), "busy");
  });

  shared("takes a cluster or a sentinel client as it takes a client, without connecting it", () => {
    const cluster = createCluster({ rootNodes: [{ url: redis.url }] });
    const sentinel = createSentinel({ name: "primary", sentinelRootNodes: [{ host: "127.0.0.1", port: redis.port }] });
    for (const given of [cluster, sentinel, client.withCommandOptions({ timeout: 1_000 })]) {
      assert.instance(new RedisIdempotencyStore({ client: given, prefix: "x:" }), RedisIdempotencyStore);
    }
  });

  shared("throws a TypeError for invalid options, naming the option", () => {
    const rejects = (given: unknown, message: string) =>
      assert.throws(
        () => new RedisIdempotencyStore(given as never),
        (e: Error) => e instanceof TypeError && e.message === message,
      );
    rejects(undefined, "invalid argument: options: expected an object, received undefined");
    rejects({}, "invalid argument: client: expected a node-redis client, received undefined");
    rejects({ client: { set() {} } }, "invalid argument: client: expected a node-redis client, received object");
    rejects({ client, prefix: 1 }, "invalid argument: prefix: expected a string, received 1");
    rejects({ client, rememberMs: 0 }, "invalid argument: rememberMs: expected a positive integer, received 0");
    rejects({ client, rememberMs: 1.5 }, "invalid argument: rememberMs: expected a positive integer, received 1.5");
    rejects({ client, commandTimeoutMs: 0 }, "invalid argument: commandTimeoutMs: expected an integer from 1 to 2147483647, received 0");
    rejects({ client, commandTimeoutMs: 2 ** 31 }, "invalid argument: commandTimeoutMs: expected an integer from 1 to 2147483647, received 2147483648");
  });

  shared("rejects a claim with an invalid lease before sending anything", async () => {
    for (const [lease, shown] of [
      [0, "0"],
      [-1, "-1"],
      [Number.NaN, "NaN"],
      [Infinity, "Infinity"],
    ] as const) {
      try {
        await fresh().claim("x", lease);
        assert.unreachable();
      } catch (error) {
        assert.is((error as Error).message, `invalid argument: leaseMs: expected a positive number of ms, received ${shown}`);
      }
    }
  });

  shared.run();

  const outage = suite("RedisIdempotencyStore, when Redis goes away");

  outage.after(async () => {
    for (const c of clients) c.destroy();
    await redis.dispose();
  });

  outage("answers 503 with Retry-After while Redis is down, and handles the redelivery once it is back", async () => {
    const events: string[] = [];
    const store = fresh();
    const { server, url } = await listen(
      createWebhookHandler(options({ idempotency: store, onEvent: (d) => void events.push(d.kind === "userEvent" ? d.event.eventId : "?") })),
    );
    try {
      const body = webhookBody(userEvent("ev-outage"));
      await redis.stop();
      for (let i = 0; i < 3; i++) {
        const reply = await post(url, body, signed(body));
        assert.equal([reply.status, reply.headers["retry-after"]], [503, "5"]);
      }
      assert.equal(events, []);
      await redis.restart();
      let status = 0;
      for (let i = 0; i < 300 && status !== 200; i++) {
        status = (await post(url, body, signed(body))).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.is(status, 200);
      assert.equal(events, ["ev-outage"]);
      assert.is((await post(url, body, signed(body))).status, 200);
      assert.equal(events, ["ev-outage"]);
    } finally {
      await close(server);
    }
  });

  outage.run();
}
