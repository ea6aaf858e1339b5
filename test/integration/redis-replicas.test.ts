// Several receivers sharing one Redis, as processes: `rbm-events serve --redis` replicas that get
// every event at once, a replica killed mid-handling, and Redis killed and restarted under load.
import { createClient } from "redis";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RedisIdempotencyStore } from "../../src/redis.js";
import { createWebhookHandler } from "../../src/webhook/node.js";
import { runCli } from "../support/cli.js";
import { Child, startServe } from "../support/process.js";
import { findRedisServer, freePort, RedisServer } from "../support/redis-server.js";
import { untimed } from "../support/serve-process.js";
import { close, listen, options, post, signed, token, userEvent, webhookBody } from "../support/webhook.js";

const redisServer = findRedisServer();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts `body` until the answer is 200, retrying 409 and 503 as RBM does; returns every status seen. */
async function deliver(url: string, body: string, bound = 40_000): Promise<number[]> {
  const statuses: number[] = [];
  const deadline = Date.now() + bound;
  for (;;) {
    let status: number;
    try {
      status = (await post(url, body, signed(body))).status;
    } catch {
      status = 0; // the connection failed: as for RBM, a failed delivery
    }
    statuses.push(status);
    if (status === 200) return statuses;
    assert.ok([0, 409, 503].includes(status), `answered ${status}`);
    assert.ok(Date.now() < deadline, `not acknowledged within ${bound} ms: ${statuses.join(" ")}`);
    await pause(25);
  }
}

/** The eventIds of the event lines `serve` printed. */
function printed(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => (JSON.parse(line) as { event: { eventId: string } }).event.eventId);
}

if (redisServer.skip !== undefined) {
  console.log(`  redis-replicas.test.ts skipped: ${redisServer.skip}`);
  const skipped = suite("Redis replicas");
  skipped.skip(`skipped: ${redisServer.skip}`, () => {});
  skipped.run();
} else {
  const cli = suite("rbm-events serve --redis");
  let redis: RedisServer;
  cli.before(async () => {
    redis = await RedisServer.start();
  });
  cli.after(async () => {
    await redis.dispose();
  });

  cli("exits 1 naming host and port, never the password, when Redis cannot be reached or refuses", async () => {
    const port = await freePort();
    const env = { RBM_CLIENT_TOKEN: token };
    const refused = await runCli(["serve", "--port", "0", "--redis", `redis://:hunter2-secret@127.0.0.1:${port}`], "", env);
    assert.equal(
      { ...refused, stderr: untimed(refused.stderr) },
      {
        code: 1,
        stdout: "",
        stderr: `rbm-events serve: cannot connect to Redis at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
      },
    );
    const locked = await RedisServer.start({ args: ["--requirepass", "right-password"] });
    try {
      const url = `redis://app:hunter2-secret@127.0.0.1:${locked.port}`;
      const run = await runCli(["serve", "--port", "0"], "", { ...env, RBM_REDIS_URL: url });
      assert.is(run.code, 1);
      assert.ok(untimed(run.stderr).startsWith(`rbm-events serve: cannot connect to Redis at 127.0.0.1:${locked.port}: `), run.stderr);
      assert.not.ok(run.stderr.includes("hunter2"), run.stderr);
    } finally {
      await locked.dispose();
    }
  });

  cli("exits 2 for a URL that is not redis:// or rediss://, without echoing it", async () => {
    for (const [args, env, name] of [
      [["--redis", "http://u:hunter2-secret@host"], {}, "--redis"],
      [["--redis", ""], {}, "--redis"],
      [["--redis", "redis://"], {}, "--redis"],
      [[], { RBM_REDIS_URL: "hunter2-secret" }, "RBM_REDIS_URL"],
    ] as const) {
      const run = await runCli(["serve", "--port", "0", ...args], "", { RBM_CLIENT_TOKEN: token, ...env });
      const message = `rbm-events serve: invalid ${name}: expected a URL such as redis://127.0.0.1:6379 (redis:// or rediss://)\n`;
      assert.equal([run.code, run.stderr.split("Run")[0]], [2, message]);
    }
  });

  cli("two replicas given every event at the same moment print each once, and answer 200 or 409 then 200", async () => {
    const env = { RBM_CLIENT_TOKEN: token };
    const replicas = await Promise.all([startServe(["--redis", redis.url], env), startServe([], { ...env, RBM_REDIS_URL: redis.url })]);
    try {
      const ids = Array.from({ length: 60 }, (_, i) => `at-once-${i}`);
      const firsts: number[] = [];
      await Promise.all(
        ids.map(async (id) => {
          const body = webhookBody(userEvent(id));
          const answers = await Promise.all(replicas.map(({ port }) => deliver(`http://127.0.0.1:${port}/`, body)));
          firsts.push(...answers.map((statuses) => statuses[0]!));
        }),
      );
      const lines = [...printed(replicas[0].child.stdout), ...printed(replicas[1].child.stdout)];
      assert.equal(lines.sort(), [...ids].sort());
      assert.ok(
        firsts.every((status) => status === 200 || status === 409),
        firsts.join(" "),
      );
    } finally {
      await Promise.all(replicas.map(({ child }) => child.kill("SIGTERM")));
    }
  });

  cli("answers 503 while Redis is down, with one stderr line for the outage and one for its end, and handles the redelivery after", async () => {
    const { child, port } = await startServe(["--redis", redis.url], { RBM_CLIENT_TOKEN: token });
    try {
      const url = `http://127.0.0.1:${port}/`;
      await redis.stop();
      const body = webhookBody(userEvent("during-outage"));
      for (let i = 0; i < 20; i++) assert.is((await post(url, body, signed(body))).status, 503);
      await redis.restart();
      await deliver(url, body);
      assert.equal(printed(child.stdout), ["during-outage"]);
      const lines = untimed(child.stderr).trimEnd().split("\n");
      assert.is(lines.length, 3, child.stderr);
      assert.match(
        lines[1]!,
        new RegExp(`^rbm-events serve: lost the connection to Redis at 127\\.0\\.0\\.1:${redis.port} \\(.+\\); answering 503 until it is back$`),
      );
      assert.is(lines[2], `rbm-events serve: Redis at 127.0.0.1:${redis.port} is back`);
    } finally {
      await child.kill("SIGTERM");
    }
    assert.is(await child.exited, 0);
  });

  cli.run();

  const crash = suite("a replica killed mid-handling");

  crash("blocks the redelivery of its event for the claim's lease and no longer", async () => {
    const redis = await RedisServer.start();
    const lease = 1_500;
    const dying = new Child("test/support/replica.ts", [redis.url, String(lease), "stalls"]);
    const other = new Child("test/support/replica.ts", [redis.url, String(lease)]);
    try {
      const [dyingPort, otherPort] = await Promise.all([dying, other].map(async (c) => Number((await c.until(/listening (\d+)/, "replica listening"))[1])));
      const body = webhookBody(userEvent("stalls"));
      const stuck = post(`http://127.0.0.1:${dyingPort}/`, body, signed(body)).catch(() => undefined);
      await dying.until(/handling stalls\n/, "handling");
      const killed = Date.now();
      await dying.kill("SIGKILL");
      await stuck;
      const statuses = await deliver(`http://127.0.0.1:${otherPort}/`, body, lease + 20_000);
      // Checked only when the machine did not stall for the whole lease before the first retry.
      if (statuses.length > 1 || Date.now() - killed < lease) assert.is(statuses[0], 409);
      await other.until(/handled stalls\n/, "handled");
      assert.is(other.stdout.match(/handling stalls/g)?.length, 1);
    } finally {
      await Promise.all([dying.kill(), other.kill()]);
      await redis.dispose();
    }
  });

  crash.run();

  const restart = suite("Redis killed and restarted under load");

  restart("loses no event and acknowledges none that Redis did not record", async () => {
    // Durable (fsync on every write), so what Redis acknowledged survives the kill and can be checked.
    const redis = await RedisServer.start({ durable: true });
    const clients = [0, 1].map(() => {
      const client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } });
      client.on("error", () => {});
      return client;
    });
    const handled: string[] = [];
    const replicas = await Promise.all(
      clients.map(async (client) =>
        listen(
          createWebhookHandler(
            options({
              claimLeaseMs: 1_000,
              idempotency: new RedisIdempotencyStore({ client: await client.connect(), prefix: "load:" }),
              onEvent: (d) => void handled.push(d.kind === "userEvent" ? d.event.eventId : "?"),
            }),
          ),
        ),
      ),
    );
    try {
      const ids = Array.from({ length: 400 }, (_, i) => `load-${i}`);
      const acknowledged: string[] = [];
      let outages = 0;
      const load = (async () => {
        // Eight deliveries in flight at a time, alternating replicas; each retried until 200.
        const queue = [...ids];
        await Promise.all(
          Array.from({ length: 8 }, async (_, worker) => {
            for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
              const body = webhookBody(userEvent(id));
              const statuses = await deliver(replicas[worker % 2]!.url, body, 60_000);
              if (statuses.includes(503)) outages++;
              acknowledged.push(id);
            }
          }),
        );
      })();
      while (acknowledged.length < 100) await pause(10);
      await redis.stop(true);
      await pause(300);
      await redis.restart();
      await load;
      assert.ok(outages > 0, "no delivery met the outage");
      assert.equal([...acknowledged].sort(), [...ids].sort());
      assert.equal([...new Set(handled)].sort(), [...ids].sort(), "an event never reached onEvent");
      const values = await clients[0]!.mGet(ids.map((id) => `load:user-event:${id}`));
      const unrecorded = ids.filter((_, i) => values[i] !== "done");
      assert.equal(unrecorded, [], "acknowledged but not recorded");
    } finally {
      await Promise.all(replicas.map(({ server }) => close(server)));
      clients.forEach((client) => client.destroy());
      await redis.dispose();
    }
  });

  restart.run();
}
