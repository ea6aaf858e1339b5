// An idempotency store shared by several receiver processes, on the official `redis` client.
// One key per event: a claim is `SET key <claim> NX PX lease GET`, one atomic round trip that
// also answers what held the key before; a handled event becomes `done` for `rememberMs`.
// Every command is bounded: Redis that stops answering fails commands, it does not hold them.

import { randomUUID } from "node:crypto";
import { formatValue, unknownOption } from "../errors.js";
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
  /**
   * How long a command may go unanswered, in ms, before it fails (and the receiver answers 503).
   * Defaults to 2,000.
   */
  commandTimeoutMs?: number;
}

const DONE = "done";
const DAY_MS = 86_400_000;
const MAX_MS = Number.MAX_SAFE_INTEGER;

// Deletes the key only while it still holds this delivery's claim: after the lease lapsed,
// another replica's claim or a `done` must stay.
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/** The options of {@link RedisIdempotencyStoreOptions}; its type makes the compiler keep the list whole. */
const REDIS_STORE_OPTIONS = Object.keys({
  client: true,
  prefix: true,
  rememberMs: true,
  commandTimeoutMs: true,
} satisfies Record<keyof RedisIdempotencyStoreOptions, true>);

/**
 * An {@link IdempotencyStore} in Redis (7.0 or newer), shared by every receiver that uses the
 * same Redis and prefix. A claim holds an event for its lease, then lapses unless completed; a
 * completed event answers `"done"` for `rememberMs`. A command that fails, or is not answered
 * within `commandTimeoutMs`, rejects, and the receiver answers 503; while a command is left
 * unanswered past its timeout, the next ones fail at once without being sent.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #client: RedisStoreClient;
  readonly #prefix: string;
  readonly #done: RedisSetOptions;
  // What this store's claims hold, so that a release deletes only its own: another replica's
  // claim, or this store's own later claim once the lease lapsed, is never released for it
  // (the receiver releases only within the lease).
  readonly #claimValue = `claim:${randomUUID()}`;
  readonly #timeoutMs: number;
  // Commands sent, timed out and not answered yet. A Redis that stopped answering (paused,
  // frozen, a silent port) keeps them, and the client keeps every one sent after them: none is
  // sent while there is one, so deliveries fail at once and nothing piles up.
  #unanswered = 0;

  constructor(options: RedisIdempotencyStoreOptions) {
    if (typeof options !== "object" || options === null) invalid("options", "an object", options);
    const unknown = unknownOption(options, REDIS_STORE_OPTIONS);
    if (unknown !== undefined) throw new TypeError(`invalid argument: options: ${unknown}`);
    const { client, prefix = "rbm-events:" } = options;
    if (typeof client !== "object" || client === null || typeof client.set !== "function" || typeof client.eval !== "function") {
      invalid("client", "a node-redis client", client);
    }
    if (typeof prefix !== "string") invalid("prefix", "a string", prefix);
    const rememberMs = milliseconds("rememberMs", options.rememberMs, 8 * DAY_MS);
    this.#client = client;
    this.#prefix = prefix;
    this.#done = { expiration: { type: "PX", value: rememberMs } };
    this.#timeoutMs = milliseconds("commandTimeoutMs", options.commandTimeoutMs, 2_000, 2 ** 31 - 1);
  }

  /**
   * Claims `key` for `leaseMs` (default 30,000) in one round trip: `"new"` if it was free or its
   * last claim lapsed, else what holds it.
   */
  async claim(key: string, leaseMs = 30_000): Promise<IdempotencyClaim> {
    if (typeof leaseMs !== "number" || !(leaseMs > 0) || leaseMs > MAX_MS) invalid("leaseMs", "a positive number of ms", leaseMs);
    const lease: RedisSetOptions = { condition: "NX", expiration: { type: "PX", value: Math.ceil(leaseMs) }, GET: true };
    const id = this.#prefix + key;
    this.#ready();
    // A claim that succeeds after its timeout holds the key for nobody: given back at once.
    // Sent even while other commands are unanswered: this answer shows Redis is answering again.
    const before = await this.#send(this.#client.set(id, this.#claimValue, lease), (late) => {
      if (late === null) this.#release(id).catch(() => {});
    });
    if (before === null) return "new";
    // A string, or a Buffer from a client that maps replies to Buffers.
    const value = Buffer.isBuffer(before) ? before.toString() : before;
    return value === DONE ? "done" : "busy";
  }

  /** Remembers `key` as handled for `rememberMs`. */
  async complete(key: string): Promise<void> {
    this.#ready();
    await this.#send(this.#client.set(this.#prefix + key, DONE, this.#done));
  }

  /** Frees `key` if this store's claim holds it. */
  async release(key: string): Promise<void> {
    this.#ready();
    await this.#release(this.#prefix + key);
  }

  async #release(id: string): Promise<void> {
    await this.#send(this.#client.eval(RELEASE, { keys: [id], arguments: [this.#claimValue] }));
  }

  /** Throws while a command is unanswered past its timeout, before anything is sent. */
  #ready(): void {
    if (this.#unanswered === 0) return;
    const count = this.#unanswered === 1 ? "a command" : `${this.#unanswered} commands`;
    throw timeoutError(`redis has not answered ${count} sent more than ${this.#timeoutMs} ms ago`);
  }

  /** Waits for `reply` for at most the command timeout; `late` gets an answer that came after it. */
  #send<T>(reply: Promise<T>, late?: (value: T) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        this.#unanswered++;
        reject(timeoutError(`redis did not answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      reply.then(
        (value) => {
          clearTimeout(timer);
          if (!expired) return resolve(value);
          this.#unanswered--;
          late?.(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (expired) this.#unanswered--;
          else reject(error);
        },
      );
    });
  }
}

/** The error of a command Redis did not answer in time. */
function timeoutError(message: string): Error {
  const error = new Error(message);
  error.name = "TimeoutError";
  return error;
}

function invalid(name: string, expected: string, value: unknown): never {
  throw new TypeError(`invalid argument: ${name}: expected ${expected}, received ${formatValue(value)}`);
}

function milliseconds(name: string, value: unknown, fallback: number, max = MAX_MS): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  return invalid(name, max === MAX_MS ? "a positive integer" : `an integer from 1 to ${max}`, value);
}
