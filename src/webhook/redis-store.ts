// An idempotency store shared by several receiver processes, on the official `redis` client.
// One key per event: a claim is `SET key <claim> NX PX lease GET`, one atomic round trip that
// also answers what held the key before; a handled event becomes `done` for `rememberMs`.

import { randomUUID } from "node:crypto";
import { formatValue } from "../errors.js";
import type { IdempotencyClaim, IdempotencyStore } from "./idempotency.js";

/**
 * The commands the store sends, as every node-redis client has them (`createClient`,
 * `createCluster`, `createSentinel`, with any modules or type mapping).
 */
export interface RedisStoreClient {
  set(key: string, value: string, options: RedisSetOptions): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The `SET` options the store uses, in node-redis's spelling. */
export interface RedisSetOptions {
  condition?: "NX";
  expiration: { type: "PX"; value: number };
  GET?: true;
}

/** Options for {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** A connected node-redis client; its URL, TLS, auth, cluster or sentinel set-up is used as is. Required. */
  client: RedisStoreClient;
  /** Prepended to each eventId to make its Redis key. Defaults to `"rbm-events:"`. */
  prefix?: string;
  /** How long a handled event is remembered, in ms. Defaults to 8 days, past RBM's 7 days of retries. */
  rememberMs?: number;
}

const DONE = "done";
const DAY_MS = 86_400_000;
const MAX_MS = Number.MAX_SAFE_INTEGER;

// Deletes the key only while it still holds this delivery's claim: after the lease lapsed,
// another replica's claim or a `done` must stay.
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/**
 * An {@link IdempotencyStore} in Redis (7.0 or newer), shared by every receiver that uses the
 * same Redis and prefix. A claim holds an event for its lease, then lapses unless completed; a
 * completed event answers `"done"` for `rememberMs`. A command that fails rejects, and the
 * receiver answers 503.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #client: RedisStoreClient;
  readonly #prefix: string;
  readonly #done: RedisSetOptions;
  // What this store's claims hold, so that a release deletes only its own: another replica's
  // claim, or this store's own later claim once the lease lapsed, is never released for it
  // (the receiver releases only within the lease).
  readonly #claimValue = `claim:${randomUUID()}`;

  constructor(options: RedisIdempotencyStoreOptions) {
    if (typeof options !== "object" || options === null) invalid("options", "an object", options);
    const { client, prefix = "rbm-events:" } = options;
    if (typeof client !== "object" || client === null || typeof client.set !== "function" || typeof client.eval !== "function") {
      invalid("client", "a node-redis client", client);
    }
    if (typeof prefix !== "string") invalid("prefix", "a string", prefix);
    const rememberMs = milliseconds("rememberMs", options.rememberMs, 8 * DAY_MS);
    this.#client = client;
    this.#prefix = prefix;
    this.#done = { expiration: { type: "PX", value: rememberMs } };
  }

  /**
   * Claims `key` for `leaseMs` (default 30,000) in one round trip: `"new"` if it was free or its
   * last claim lapsed, else what holds it.
   */
  async claim(key: string, leaseMs = 30_000): Promise<IdempotencyClaim> {
    if (typeof leaseMs !== "number" || !(leaseMs > 0) || leaseMs > MAX_MS) invalid("leaseMs", "a positive number of ms", leaseMs);
    const lease: RedisSetOptions = { condition: "NX", expiration: { type: "PX", value: Math.ceil(leaseMs) }, GET: true };
    const before = await this.#client.set(this.#prefix + key, this.#claimValue, lease);
    if (before === null) return "new";
    return String(before) === DONE ? "done" : "busy";
  }

  /** Remembers `key` as handled for `rememberMs`. */
  async complete(key: string): Promise<void> {
    await this.#client.set(this.#prefix + key, DONE, this.#done);
  }

  /** Frees `key` if this store's claim holds it. */
  async release(key: string): Promise<void> {
    await this.#client.eval(RELEASE, { keys: [this.#prefix + key], arguments: [this.#claimValue] });
  }
}

function invalid(name: string, expected: string, value: unknown): never {
  throw new TypeError(`invalid argument: ${name}: expected ${expected}, received ${formatValue(value)}`);
}

function milliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1) return value;
  return invalid(name, "a positive integer", value);
}
