// `rbm-events serve --redis URL`: the shared idempotency store of several `serve` processes.
// Connects once at start (failing fast), then reconnects for ever; one stderr line per outage.

import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";
import { RedisIdempotencyStore } from "../webhook/redis-store.js";

/** The Redis a `serve` process shares its store through, and how to let it go. */
export interface ServeRedis {
  store: RedisIdempotencyStore;
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

/**
 * Connects to Redis at `url`, or resolves to the message to exit with. While running, a lost
 * connection makes commands fail at once (so requests get 503, not a wait) and writes one line
 * to standard error; the client reconnects by itself.
 */
export async function connectRedis(url: URL, io: CliIo): Promise<ServeRedis | string> {
  const address = redisAddress(url);
  let redis: typeof import("redis");
  try {
    redis = await import("redis");
  } catch {
    return `--redis needs the redis package: npm install redis`;
  }
  let connected = false;
  let down = false;
  const client = redis.createClient({
    url: url.href,
    // Fail commands at once while disconnected: the receiver answers 503 and RBM delivers again.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      // At start a failure is final (reported by connect()); later, retry for ever, backing off.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** Math.min(retries, 5), 2_000) : cause),
    },
  });
  client.on("error", (error: unknown) => {
    if (!connected || down) return;
    down = true;
    io.stderr.write(`rbm-events serve: lost the connection to Redis at ${address} (${reason(error, url)}); answering 503 until it is back\n`);
  });
  client.on("ready", () => {
    down = false;
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    return `cannot connect to Redis at ${address}: ${reason(error, url)}`;
  }
  connected = true;
  return {
    store: new RedisIdempotencyStore({ client }),
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
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
