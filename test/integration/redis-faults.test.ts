// A real redis-server that fails in each way it can: frozen (SIGSTOP), paused (CLIENT PAUSE), out
// of memory, without permission, killed; and a port that accepts and never answers. Every
// delivery gets an answer within the bound, 503 while Redis is out, one log line per outage, and
// the redelivery after it reaches onEvent once.
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { createClient } from "redis";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RedisIdempotencyStore } from "../../src/redis.js";
import { createWebhookHandler } from "../../src/webhook/node.js";
import { Child, startServe } from "../support/process.js";
import { findRedisServer, RedisServer } from "../support/redis-server.js";
import { untimed, untimedLine } from "../support/serve-process.js";
import { close, errors, listen, options, post, signed, token, userEvent, webhookBody, within } from "../support/webhook.js";

const redisServer = findRedisServer();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The store's command timeout in `serve` (the default), and the bound every answer must meet, generously. */
const COMMAND_MS = 2_000;
const BOUND_MS = COMMAND_MS + 5_000;

/** Posts `body` and fails unless the answer comes within {@link BOUND_MS}. */
async function answered(url: string, body: string): Promise<{ status: number; retryAfter: string | undefined }> {
  const reply = await within(post(url, body, signed(body)), "a delivery", BOUND_MS);
  return { status: reply.status, retryAfter: reply.headers["retry-after"] };
}

/** Posts `body` until it is answered 200, as RBM retries; returns every status seen. */
async function redeliver(url: string, body: string, bound = 40_000): Promise<number[]> {
  const statuses: number[] = [];
  const deadline = Date.now() + bound;
  for (;;) {
    const { status } = await answered(url, body);
    statuses.push(status);
    if (status === 200) return statuses;
    assert.ok([409, 503].includes(status), `answered ${status}`);
    assert.ok(Date.now() < deadline, `not acknowledged within ${bound} ms: ${statuses.join(" ")}`);
    await pause(50);
  }
}

/** The eventIds of the event lines `serve` printed. */
function printed(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => (JSON.parse(line) as { event: { eventId: string } }).event.eventId);
}

/** The lines `serve` wrote on standard error about Redis, after the one saying it listens, without their times. */
function redisLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => /Redis at /.test(line))
    .map(untimedLine);
}

/** A TCP port that accepts connections and never answers, as a stuck proxy or another service would. */
async function silentPort(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs `rbm-events serve --redis URL` and resolves to its exit code and output, killing it after `ms`. */
async function serveExit(url: string, ms: number): Promise<{ code: number | null; stderr: string; took: number }> {
  const started = Date.now();
  const child = new Child("src/cli/bin.ts", ["serve", "--port", "0", "--redis", url], { RBM_CLIENT_TOKEN: token });
  try {
    const code = await within(child.exited, "serve --redis exiting", ms);
    return { code, stderr: child.stderr, took: Date.now() - started };
  } finally {
    await child.kill();
  }
}

/** Stops `serve` with SIGTERM and checks it exits 0 within a generous bound, else kills it. */
async function stop(child: Child): Promise<void> {
  child.process.kill("SIGTERM");
  try {
    assert.is(await within(child.exited, "serve stopping", 20_000), 0);
  } finally {
    await child.kill();
  }
}

if (redisServer.skip !== undefined) {
  console.log(`  redis-faults.test.ts skipped: ${redisServer.skip}`);
  const skipped = suite("Redis faults");
  skipped.skip(`skipped: ${redisServer.skip}`, () => {});
  skipped.run();
} else {
  const startUp = suite("rbm-events serve --redis, at start");

  startUp("exits 1 within 5 s, naming host and port, against a port that accepts and never answers", async () => {
    const silent = await silentPort();
    try {
      // 5 s to connect, plus a generous margin for starting node and tsx on a slow machine.
      const { code, stderr } = await serveExit(`redis://:hunter2-secret@127.0.0.1:${silent.port}`, 40_000);
      assert.is(code, 1);
      assert.is(untimed(stderr), `rbm-events serve: cannot connect to Redis at 127.0.0.1:${silent.port}: no answer within 5 s\n`);
    } finally {
      await silent.close();
    }
  });

  startUp("exits 1 within 5 s against a frozen Redis", async () => {
    const redis = await RedisServer.start();
    try {
      redis.freeze();
      const { code, stderr } = await serveExit(redis.url, 40_000);
      assert.equal([code, untimed(stderr)], [1, `rbm-events serve: cannot connect to Redis at 127.0.0.1:${redis.port}: no answer within 5 s\n`]);
    } finally {
      redis.thaw();
      await redis.dispose();
    }
  });

  startUp.run();

  const outages = suite("rbm-events serve --redis, while Redis is out");
  let redis: RedisServer;
  let admin: ReturnType<typeof createClient>;
  outages.before(async () => {
    redis = await RedisServer.start();
    admin = createClient({ url: redis.url });
    admin.on("error", () => {});
    await admin.connect();
  });
  outages.after(async () => {
    admin.destroy();
    redis.thaw();
    await redis.dispose();
  });

  /**
   * Starts `serve`, breaks Redis with `breakIt`, checks that 12 deliveries at once and 12 more one
   * by one are each answered 503 with Retry-After within the bound, mends it, and checks that
   * the redelivery is printed once, with one stderr line for the outage and one for its end.
   */
  async function outage(id: string, breakIt: () => Promise<void> | void, mend: () => Promise<void> | void, cause: RegExp, url = redis.url): Promise<void> {
    const { child, port } = await startServe(["--redis", url], { RBM_CLIENT_TOKEN: token });
    let broken = false;
    try {
      const hook = `http://127.0.0.1:${port}/`;
      const body = webhookBody(userEvent(id));
      broken = true;
      await breakIt();
      const together = await Promise.all(Array.from({ length: 12 }, () => answered(hook, body)));
      for (let i = 0; i < 12; i++) together.push(await answered(hook, body));
      for (const reply of together) assert.equal(reply, { status: 503, retryAfter: "5" });
      assert.equal(printed(child.stdout), []);
      broken = false;
      await mend();
      await redeliver(hook, body);
      assert.equal(printed(child.stdout), [id]);
      const lines = redisLines(child.stderr);
      assert.is(lines.length, 2, child.stderr);
      assert.match(lines[0]!, cause);
      assert.match(lines[0]!, /; answering 503 until it is back$/);
      assert.is(lines[1], `rbm-events serve: Redis at 127.0.0.1:${redis.port} is back`);
      assert.not.ok(child.stderr.includes("hunter2"), child.stderr);
    } finally {
      // Mended whatever failed, so that the next test finds a working Redis.
      if (broken) await within(Promise.resolve(mend()), "mending Redis", 20_000).catch(() => {});
      await stop(child);
    }
  }

  const at = () => `Redis at 127\\.0\\.0\\.1:${redis.port}`;

  outages("frozen (SIGSTOP): answers 503 within the command timeout, one line naming it, then handles the redelivery once", async () => {
    await outage(
      "frozen",
      () => redis.freeze(),
      () => redis.thaw(),
      new RegExp(`^rbm-events serve: ${at()} failed \\(redis did not answer within 2000 ms\\)`),
    );
  });

  outages("paused (CLIENT PAUSE): answers 503 within the command timeout, then handles the redelivery once", async () => {
    let until = 0;
    await outage(
      "paused",
      async () => {
        await admin.sendCommand(["CLIENT", "PAUSE", "8000", "ALL"]);
        until = Date.now() + 8_000;
      },
      () => pause(Math.max(0, until - Date.now())).then(() => {}),
      new RegExp(`^rbm-events serve: ${at()} failed \\(redis did not answer within 2000 ms\\)`),
    );
  });

  outages("out of memory (maxmemory, noeviction): one line with Redis's error, then handles the redelivery once", async () => {
    await outage(
      "oom",
      async () => {
        await admin.configSet("maxmemory-policy", "noeviction");
        await admin.configSet("maxmemory", "1");
      },
      () => admin.configSet("maxmemory", "0").then(() => {}),
      new RegExp(`^rbm-events serve: ${at()} failed \\(OOM command not allowed`),
    );
  });

  outages("without permission (NOPERM), its password never shown: one line with Redis's error, then handles the redelivery once", async () => {
    await admin.sendCommand(["ACL", "SETUSER", "app", "on", ">hunter2-secret", "~*", "+@all"]);
    await outage(
      "noperm",
      () => admin.sendCommand(["ACL", "SETUSER", "app", "-set"]).then(() => {}),
      () => admin.sendCommand(["ACL", "SETUSER", "app", "+set"]).then(() => {}),
      new RegExp(`^rbm-events serve: ${at()} failed \\(NOPERM `),
      `redis://app:hunter2-secret@127.0.0.1:${redis.port}`,
    );
  });

  outages("killed (SIGKILL) and restarted: one line for the lost connection, then handles the redelivery once", async () => {
    await outage(
      "killed",
      () => redis.stop(true),
      () => redis.restart(),
      new RegExp(`^rbm-events serve: lost the connection to ${at()} \\(.+\\)`),
    );
  });

  outages("stops on SIGTERM while Redis is frozen, dropping the connection instead of waiting for it", async () => {
    const { child, port } = await startServe(["--redis", redis.url, "--grace", "1"], { RBM_CLIENT_TOKEN: token });
    try {
      const hook = `http://127.0.0.1:${port}/`;
      const body = webhookBody(userEvent("stopping"));
      redis.freeze();
      assert.is((await answered(hook, body)).status, 503);
      const inFlight = answered(hook, body).catch(() => undefined);
      // Within grace 1 s, the store's 2 s, the close's 2 s, and a generous margin.
      await stop(child);
      await inFlight;
    } finally {
      redis.thaw();
      await child.kill();
    }
  });

  outages.run();

  const library = suite("RedisIdempotencyStore in createWebhookHandler, while Redis is out");

  library("sends nothing more while a command is unanswered, and gives a claim granted late back", async () => {
    const redis = await RedisServer.start();
    const client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } });
    client.on("error", () => {});
    await client.connect();
    const handled: string[] = [];
    const store = new RedisIdempotencyStore({ client, prefix: "late:", commandTimeoutMs: 300 });
    const { server, url } = await listen(
      createWebhookHandler(options({ idempotency: store, onEvent: (d) => void handled.push(d.kind === "userEvent" ? d.event.eventId : "?") })),
    );
    try {
      const body = webhookBody(userEvent("late"));
      redis.freeze();
      const before = errors.length;
      const first = await Promise.all(Array.from({ length: 5 }, () => answered(url, body)));
      const next = await Promise.all(Array.from({ length: 200 }, () => answered(url, body)));
      for (const reply of [...first, ...next]) assert.equal(reply, { status: 503, retryAfter: "5" });
      const causes = errors.slice(before).map(({ error }) => (error.cause as Error).message);
      const timedOut = causes.filter((cause) => cause === "redis did not answer within 300 ms").length;
      assert.ok(timedOut >= 1 && timedOut <= 5, causes.slice(0, 5).join(", "));
      // The next 200 were never sent: nothing piles up in the client while Redis is silent.
      const unsent = new RegExp(`^redis has not answered (a command|[2-${timedOut}] commands) sent more than 300 ms ago$`);
      for (const cause of causes.slice(5)) assert.match(cause, unsent);
      redis.thaw();
      // The first claim, granted once Redis woke, is given back: no 409 for the 30 s lease.
      const statuses = await redeliver(url, body, 20_000);
      assert.not.ok(statuses.includes(409), statuses.join(" "));
      assert.equal(handled, ["late"]);
    } finally {
      redis.thaw();
      await close(server);
      client.destroy();
      await redis.dispose();
    }
  });

  library("a complete() that fails leaves the claim to its lease: the redelivery after it reaches onEvent again", async () => {
    const redis = await RedisServer.start();
    const admin = createClient({ url: redis.url });
    admin.on("error", () => {});
    await admin.connect();
    await admin.sendCommand(["ACL", "SETUSER", "app", "on", ">app-password", "~*", "+@all"]);
    const client = createClient({ url: `redis://app:app-password@127.0.0.1:${redis.port}`, disableOfflineQueue: true });
    client.on("error", () => {});
    await client.connect();
    let calls = 0;
    const lease = 1_500;
    const handler = createWebhookHandler(
      options({
        claimLeaseMs: lease,
        idempotency: new RedisIdempotencyStore({ client, prefix: "lease:" }),
        // The claim went through; the permission goes before complete() runs.
        onEvent: async () => {
          if (calls++ === 0) await admin.sendCommand(["ACL", "SETUSER", "app", "-set"]);
        },
      }),
    );
    const { server, url } = await listen(handler);
    try {
      const body = webhookBody(userEvent("unrecorded"));
      assert.equal(await answered(url, body), { status: 503, retryAfter: "5" });
      await admin.sendCommand(["ACL", "SETUSER", "app", "+set"]);
      const statuses = await redeliver(url, body, lease + 20_000);
      assert.is(statuses.at(-1), 200);
      assert.is(calls, 2);
      assert.is(await admin.get("lease:user-event:unrecorded"), "done");
    } finally {
      await close(server);
      client.destroy();
      admin.destroy();
      await redis.dispose();
    }
  });

  library.run();
}
