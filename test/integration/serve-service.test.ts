// `rbm-events serve` as a service: /healthz and /readyz (with and without Redis, and while
// stopping), /metrics scraped after real traffic, and JSON log lines. Real processes, free ports.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { findRedisServer, RedisServer } from "../support/redis-server.js";
import { bounded, eventBody, LOG_TIME, postSigned, startServeWith, untimed, waitFor, wholeLines, type ServeProcess } from "../support/serve-process.js";
import { RawClient, signed, webhookBody } from "../support/webhook.js";

/** GETs `path` of `serve`: status, body and content type. */
async function get(serve: ServeProcess, path: string, method = "GET"): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(`http://127.0.0.1:${serve.port}${path}`, { method, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text(), type: response.headers.get("content-type") };
}

/** The value of the sample `name{labels}` in a scrape, or undefined when it is not there. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Posts `body` signed (or with a forged signature); resolves to the status. */
async function post(serve: ServeProcess, body: string, forged = false): Promise<number> {
  const headers = { ...signed(body), ...(forged ? { "x-goog-signature": "Zm9yZ2Vk" } : {}) };
  const response = await fetch(serve.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

/** An authentic delivery whose event does not decode (a number where a string belongs). */
const undecodable = webhookBody({ eventType: "READ", senderPhoneNumber: 3, eventId: "bad-1", messageId: "m", agentId: "a" });

async function stopped(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode === null) serve.child.kill("SIGTERM");
  await bounded(serve.exited, "serve exits", serve.child);
}

const metrics = suite("serve --metrics");

metrics("counts deliveries by kind and status, duplicates and dead letters, scraped from GET /metrics", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-metrics-"));
  const serve = await startServeWith(["--metrics", "--dead-letter", join(dir, "dead.ndjson")], "ignore");
  try {
    assert.is(await postSigned(serve.url, eventBody("m-1")), 200);
    assert.is(await postSigned(serve.url, eventBody("m-2")), 200);
    assert.is(await postSigned(serve.url, eventBody("m-1")), 200, "the duplicate");
    assert.is(await post(serve, eventBody("m-3"), true), 401, "the forged one");
    assert.is(await post(serve, undecodable), 200, "the dead letter");
    const { status, body, type } = await get(serve, "/metrics");
    assert.is(status, 200);
    assert.is(type, "text/plain; version=0.0.4; charset=utf-8");
    assert.is(sample(body, 'rbm_events_deliveries_total{kind="userEvent",status="200"}'), 2, body);
    assert.is(sample(body, 'rbm_events_deliveries_total{kind="duplicate",status="200"}'), 1);
    assert.is(sample(body, 'rbm_events_deliveries_total{kind="none",status="401"}'), 1);
    assert.is(sample(body, 'rbm_events_deliveries_total{kind="dead_letter",status="200"}'), 1);
    assert.is(sample(body, "rbm_events_duplicates_total"), 1);
    assert.is(sample(body, "rbm_events_dead_letters_total"), 1);
    assert.is(sample(body, "rbm_events_store_errors_total"), 0);
    // Three deliveries reached the store: claims m-1, m-2, m-1 again; completes m-1, m-2.
    assert.is(sample(body, 'rbm_events_store_latency_seconds_count{operation="claim"}'), 3);
    assert.is(sample(body, 'rbm_events_store_latency_seconds_count{operation="complete"}'), 2);
    // The probes and the scrape itself are not webhook requests.
    assert.is(sample(body, "rbm_events_request_duration_seconds_count"), 5);
    assert.is(sample(body, 'rbm_events_request_duration_seconds_bucket{le="+Inf"}'), 5);
    assert.ok((sample(body, "process_resident_memory_bytes") ?? 0) > 0, "process_resident_memory_bytes");
    for (const name of ["rbm_events_deliveries_total", "rbm_events_request_duration_seconds"]) {
      assert.match(body, `# TYPE ${name} ${name.endsWith("_total") ? "counter" : "histogram"}\n`);
    }
  } finally {
    await stopped(serve);
    rmSync(dir, { recursive: true, force: true });
  }
});

metrics("without --metrics, GET /metrics is a webhook request, answered 405 as before", async () => {
  const serve = await startServeWith([], "ignore");
  try {
    const { status, body } = await get(serve, "/metrics");
    assert.is(status, 405);
    assert.match(body, "expected method POST");
  } finally {
    await stopped(serve);
  }
});

metrics.run();

const probes = suite("GET /healthz and /readyz");

probes("answer 200 while serving, HEAD too; a POST to them is a webhook request", async () => {
  const serve = await startServeWith([], "ignore");
  try {
    assert.equal(await get(serve, "/healthz"), { status: 200, body: "ok\n", type: "text/plain; charset=utf-8" });
    assert.equal(await get(serve, "/readyz?verbose"), { status: 200, body: "ready\n", type: "text/plain; charset=utf-8" });
    assert.equal(await get(serve, "/healthz", "HEAD"), { status: 200, body: "", type: "text/plain; charset=utf-8" });
    assert.is((await get(serve, "/other")).status, 405);
    const posted = await fetch(`http://127.0.0.1:${serve.port}/healthz`, { method: "POST", headers: signed(eventBody("h-1")), body: eventBody("h-1") });
    assert.is(posted.status, 200, "a POST to /healthz is an event");
  } finally {
    await stopped(serve);
  }
});

probes("answer 503 once stopping, to a request whose head was still arriving", async () => {
  const serve = await startServeWith([], "ignore");
  // A connection with half a head is not idle: stopping leaves it open for the grace period.
  const health = new RawClient(serve.port);
  const ready = new RawClient(serve.port);
  try {
    health.socket.write("GET /healthz HTTP/1.1\r\nhost: x\r\n");
    ready.socket.write("GET /readyz HTTP/1.1\r\nhost: x\r\n");
    await new Promise((resolve) => setTimeout(resolve, 100));
    serve.child.kill("SIGTERM");
    await waitFor(() => (serve.stderr().includes("stopping") ? true : undefined), "stopping", serve.stderr);
    health.socket.write("\r\n");
    ready.socket.write("\r\n");
    assert.match(await health.until(/stopping\n/), /^HTTP\/1\.1 503 [^]*\r\n\r\nstopping\n$/);
    assert.match(await ready.until(/stopping\n/), /^HTTP\/1\.1 503 [^]*\r\n\r\nnot ready: stopping\n$/);
    assert.is(await bounded(serve.exited, "serve exits", serve.child), 0);
  } finally {
    health.socket.destroy();
    ready.socket.destroy();
    await stopped(serve);
  }
});

probes.run();

const redisServer = findRedisServer();
const withRedis = suite("GET /readyz with --redis");

if (redisServer.skip !== undefined) {
  console.log(`  serve-service.test.ts: Redis probes skipped: ${redisServer.skip}`);
  withRedis.skip(`skipped: ${redisServer.skip}`, () => {});
} else {
  withRedis("503 naming the cause within its bound while Redis is frozen (SIGSTOP), 200 once it answers again", async () => {
    const redis = await RedisServer.start();
    const serve = await startServeWith(["--redis", redis.url, "--metrics"], "ignore");
    try {
      assert.equal(await get(serve, "/readyz"), { status: 200, body: "ready\n", type: "text/plain; charset=utf-8" });
      // Past the 1 s an answer is reused for.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      redis.freeze();
      const started = Date.now();
      const frozen = await get(serve, "/readyz");
      const took = Date.now() - started;
      assert.equal(frozen, {
        status: 503,
        body: `not ready: Redis at 127.0.0.1:${redis.port} did not answer PING within 1 s\n`,
        type: "text/plain; charset=utf-8",
      });
      assert.ok(took >= 900 && took < 3_000, `answered after ${took} ms`);
      // Many probes within the second share one PING: they are answered from it at once.
      const again = Date.now();
      for (let i = 0; i < 20; i++) assert.is((await get(serve, "/readyz")).status, 503);
      assert.ok(Date.now() - again < 1_000, "the probes waited for Redis");
      assert.equal(await get(serve, "/healthz"), { status: 200, body: "ok\n", type: "text/plain; charset=utf-8" }, "alive all the same");
      assert.is(await postSigned(serve.url, eventBody("r-1")), 503, "an event while Redis is frozen");
      redis.thaw();
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await get(serve, "/readyz")).status;
      }
      assert.is(status, 200, "ready again once Redis answers");
      const { body } = await get(serve, "/metrics");
      assert.ok((sample(body, "rbm_events_store_errors_total") ?? 0) >= 1, body);
      assert.is(sample(body, 'rbm_events_deliveries_total{kind="none",status="503"}'), 1, body);
    } finally {
      redis.thaw();
      await stopped(serve);
      await redis.dispose();
    }
  });
}

withRedis.run();

const text = suite("serve's text log, the default");

text("starts each line with the time it was written, ISO 8601 in UTC, then the line", async () => {
  const serve = await startServeWith([], "ignore");
  try {
    assert.is(await post(serve, eventBody("t-1"), true), 401);
    await waitFor(() => (serve.stderr().includes("401 POST") ? true : undefined), "the 401 line", serve.stderr);
    await stopped(serve);
    for (const line of wholeLines(serve.stderr())) assert.match(line.text, LOG_TIME);
    assert.is(
      untimed(serve.stderr()),
      [
        `rbm-events serve: listening on http://127.0.0.1:${serve.port}/`,
        "401 POST /hook unauthorized: X-Goog-Signature does not match message.data",
        "rbm-events serve: stopping once requests in flight are answered",
        "",
      ].join("\n"),
    );
  } finally {
    await stopped(serve);
  }
});

text.run();

const logs = suite("serve --log-format json");

logs("writes one JSON object a line with time, level, msg and what is known of the request", async () => {
  const serve = await startServeWith(["--log-format", "json", "--log-level", "debug"], "ignore");
  try {
    assert.is(await postSigned(serve.url, eventBody("j-1")), 200);
    assert.is(await post(serve, eventBody("j-2"), true), 401);
    await waitFor(() => (serve.stderr().includes('"status":401') ? true : undefined), "the 401 line", serve.stderr);
    await stopped(serve);
    const lines = wholeLines(serve.stderr());
    for (const { text, json } of lines) {
      assert.ok(json !== undefined, `not JSON: ${text}`);
      assert.match(json["time"], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(["debug", "info", "warn", "error"].includes(json["level"]), text);
      assert.type(json["msg"], "string");
    }
    const [listening, accepted, forged] = lines.map(({ json }) => json!);
    assert.equal({ ...listening, time: 0 }, { time: 0, level: "info", msg: `listening on http://127.0.0.1:${serve.port}/` });
    assert.equal(
      { ...accepted, time: 0 },
      {
        time: 0,
        level: "debug",
        msg: "200 POST /hook userEvent user-event:j-1",
        status: 200,
        method: "POST",
        path: "/hook",
        kind: "userEvent",
        eventId: "user-event:j-1",
      },
    );
    assert.equal(
      { ...forged, time: 0 },
      {
        time: 0,
        level: "warn",
        msg: "401 POST /hook unauthorized: X-Goog-Signature does not match message.data",
        status: 401,
        method: "POST",
        path: "/hook",
        code: "UNAUTHORIZED",
      },
    );
    assert.is(lines.at(-1)?.json?.["msg"], "stopping once requests in flight are answered");
  } finally {
    await stopped(serve);
  }
});

logs("at the default level, accepted deliveries are not logged", async () => {
  const serve = await startServeWith(["--log-format", "json"], "ignore");
  try {
    assert.is(await postSigned(serve.url, eventBody("q-1")), 200);
    await stopped(serve);
    assert.equal(
      wholeLines(serve.stderr()).map(({ json }) => json?.["msg"]),
      [`listening on http://127.0.0.1:${serve.port}/`, "stopping once requests in flight are answered"],
    );
  } finally {
    await stopped(serve);
  }
});

logs.run();
