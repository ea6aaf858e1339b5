// `rbm-events serve --redis URL`: the shared idempotency store of several `serve` processes.
// Connects once at start (failing within 5 s), then reconnects for ever; one stderr line per
// outage and one when it ends.

import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";
import type { Log } from "./log-line.js";
import type { IdempotencyStore } from "../webhook/index.js";
import { RedisIdempotencyStore } from "../webhook/redis-store.js";

/** The Redis a `serve` process shares its store through, and how to let it go. */
export interface ServeRedis {
  /** The shared store, reporting each outage (and its end) on standard error. */
  store: IdempotencyStore;
  /**
   * Resolves to undefined once Redis answers a PING within {@link PING_MS}, or to the reason it
   * did not; an answer is reused for {@link READY_CACHE_MS}, so that many probes make one PING.
   */
  ready(): Promise<string | undefined>;
  /** Closes the connection, waiting for replies in flight for at most 2 s; never rejects. */
  close(): Promise<void>;
}

/**
 * Reads the Redis URL from `--redis`, else from `RBM_REDIS_URL`, or undefined for none. Throws a
 * {@link UsageError} for a URL that is not redis:// or rediss://, never echoing it (it may hold a
 * password).
 */
export function redisUrlFrom(flag: string | boolean | undefined, env: CliIo["env"]): URL | undefined {
  const [name, text] = typeof flag === "string" ? ["--redis", flag] : ["RBM_REDIS_URL", env["RBM_REDIS_URL"]];
  if (text === undefined || (text === "" && name === "RBM_REDIS_URL")) return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new UsageError(`invalid ${name}: expected a URL such as redis://127.0.0.1:6379 (redis:// or rediss://)`);
  }
  return url;
}

/** Host and port of a Redis URL, as shown in messages: never the user name or the password. */
export function redisAddress(url: URL): string {
  return `${url.hostname}:${url.port === "" ? "6379" : url.port}`;
}

/** How long start-up waits for Redis to connect and answer a PING, in ms. */
const CONNECT_MS = 5_000;

/** How long a readiness check waits for Redis to answer a PING, in ms. */
const PING_MS = 1_000;

/** How long a readiness answer is reused, in ms. */
const READY_CACHE_MS = 1_000;

/** How long a stop waits for Redis to answer the commands in flight, in ms, before dropping them. */
const CLOSE_MS = 2_000;

/**
 * Connects to Redis at `url` and checks that it answers, within {@link CONNECT_MS}, or resolves to
 * the message to exit with. While running, each store command is bounded (the store's
 * `commandTimeoutMs`), a lost connection makes commands fail at once (so requests get 503, not a
 * wait), and each outage is one line on standard error when it starts, naming the cause, and one
 * when the store answers again; the client reconnects by itself.
 */
export async function connectRedis(url: URL, log: Log): Promise<ServeRedis | string> {
  const address = redisAddress(url);
  let redis: typeof import("redis");
  try {
    redis = await import("redis");
  } catch {
    return `--redis needs the redis package: npm install redis`;
  }
  let connected = false;
  let down = false;
  const report = (line: string, level: "warn" | "error") => log(`rbm-events serve: ${line}`, { level });
  const outage = (line: string) => {
    if (down) return;
    down = true;
    report(`${line}; answering 503 until it is back`, "error");
  };
  const client = redis.createClient({
    url: url.href,
    // Fail commands at once while disconnected: the receiver answers 503 and RBM delivers again.
    disableOfflineQueue: true,
    // No timeout of node-redis's own (5 s by default from v6): the store bounds every command it
    // sends, and so do the PINGs here. Its AbortSignal.timeout per command made serve --redis use
    // 1.67 times the CPU per request (HTTP, 32 connections).
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: CONNECT_MS,
      // At start a failure is final (reported by connect()); later, retry for ever, backing off.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** Math.min(retries, 5), 2_000) : cause),
    },
  });
  client.on("error", (error: unknown) => {
    if (connected) outage(`lost the connection to Redis at ${address} (${reason(error, url)})`);
  });
  // Connected is not enough: a paused Redis, or another server on the port, accepts and never answers.
  const started = client.connect().then(() => client.ping());
  started.catch(() => {});
  const answered = await within(started, CONNECT_MS);
  if (answered !== "answered") {
    client.destroy();
    const why = answered === "late" ? `no answer within ${CONNECT_MS / 1000} s` : reason(answered.error, url);
    return `cannot connect to Redis at ${address}: ${why}`;
  }
  connected = true;
  const store = new RedisIdempotencyStore({ client });
  const watch = <T>(answer: Promise<T>): Promise<T> =>
    answer.then(
      (value) => {
        if (down) report(`Redis at ${address} is back`, "warn");
        down = false;
        return value;
      },
      (error: unknown) => {
        outage(`Redis at ${address} failed (${reason(error, url)})`);
        throw error;
      },
    );
  let readiness: { at: number; answer: Promise<string | undefined> } | undefined;
  const ping = async (): Promise<string | undefined> => {
    const answered = await within(client.ping(), PING_MS);
    if (answered === "answered") return undefined;
    return answered === "late"
      ? `Redis at ${address} did not answer PING within ${PING_MS / 1000} s`
      : `Redis at ${address} failed (${reason(answered.error, url)})`;
  };
  return {
    ready: () => {
      // A PING in flight is shared; its answer is reused for a while after it came.
      if (readiness === undefined || Date.now() - readiness.at >= READY_CACHE_MS) {
        const current = { at: Infinity, answer: ping() };
        void current.answer.then(() => (current.at = Date.now()));
        readiness = current;
      }
      return readiness.answer;
    },
    store: {
      claim: (key, leaseMs) => watch(store.claim(key, leaseMs)),
      complete: (key) => watch(store.complete(key)),
      release: (key) => watch(store.release(key)),
    },
    close: async () => {
      // A graceful close waits for every reply; a Redis that does not answer gets its connection dropped.
      if ((await within(client.close(), CLOSE_MS)) !== "answered") client.destroy();
    },
  };
}

/** Waits for `promise` for at most `ms`: "answered", "late", or what it failed with. */
async function within(promise: Promise<unknown>, ms: number): Promise<"answered" | "late" | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, ms, "late")));
  const settled = promise.then(
    () => "answered" as const,
    (error: unknown) => ({ error }),
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short reason for a connection error: its code, else its first line, without the URL's secrets. */
function reason(error: unknown, url: URL): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  let text = (typeof message === "string" && message !== "" ? message : String(error)).split("\n", 1)[0]!;
  for (const secret of [url.href, url.password, decodeURIComponent(url.password)]) {
    if (secret !== "") text = text.split(secret).join("***");
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
