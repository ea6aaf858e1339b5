// The options of the webhook handlers, checked once when a handler is created.

import { DECODE_OPTIONS, type DecodedEvent, type DecodeOptions } from "../events/index.js";
import { jsonTypeOf, unknownOption, type RbmEventError } from "../errors.js";
import { MemoryIdempotencyStore, type IdempotencyStore } from "./idempotency.js";

/** Options for `createWebhookHandler` and `createFetchHandler`. */
export interface WebhookOptions {
  /** The webhook's client token, or several (partner and agent webhooks, or during rotation). Required. */
  clientToken: string | readonly string[];
  /** Handles one verified event of any kind; 200 is answered once it resolves, 500 if it throws. Required. */
  onEvent(decoded: DecodedEvent): void | Promise<void>;
  /**
   * Takes an authentic delivery (its signature checked) whose event cannot be decoded, so that it
   * is kept and answered 200 once this resolves, instead of 400 and RBM's retries for 7 days;
   * 500 if it throws. Defaults to none: such a delivery is answered 400.
   */
  onInvalid?(error: RbmEventError, delivery: InvalidDelivery): void | Promise<void>;
  /** The largest body accepted, in bytes; a larger one is answered 413. Defaults to 1 MiB (1,048,576). */
  maxBodyBytes?: number;
  /**
   * The most bytes of request bodies held at once, over all requests being read or handled; a
   * body that would pass it is answered 503 with `Retry-After`, so that many slow or large
   * unauthenticated bodies cannot exhaust memory. Defaults to 64 MiB, or `maxBodyBytes` if larger.
   */
  maxBufferedBytes?: number;
  /** Remembers handled `eventId`s, or `false` for none. Defaults to a `MemoryIdempotencyStore` of 10,000 keys. */
  idempotency?: IdempotencyStore | false;
  /** How events are decoded. Defaults to lenient: unknown fields ignored, unknown event types kept. */
  decode?: DecodeOptions;
  /**
   * How long a delivery holds its event's claim, in ms: after it, a redelivery of the event is
   * handled even if `onEvent` never settled. Defaults to 30,000.
   */
  claimLeaseMs?: number;
  /** The time `onEvent` has to settle, in ms, before 500 and the claim is given up. Defaults to none. */
  eventTimeoutMs?: number;
  /**
   * The time each call to the idempotency store has to settle, in ms, before the delivery is
   * answered 503 with `Retry-After`. Defaults to 5,000.
   */
  storeTimeoutMs?: number;
  /** Node handler only: the time a client has to send the body, in ms, before 408. Defaults to 10,000. */
  bodyTimeoutMs?: number;
  /** Called with the reason for each error answered; never given a client token. Defaults to none. */
  onError?(error: RbmEventError, info: WebhookErrorInfo): void;
}

/** An authentic delivery that could not be decoded, as given to `onInvalid`. */
export interface InvalidDelivery {
  /** The request body as received, as text (a body a framework parsed is written as JSON again). */
  body: string;
  /** The request method. */
  method: string;
  /** The request path, without the query string. */
  path: string;
}

/** The request an error was answered to, as given to `onError`. */
export interface WebhookErrorInfo {
  /** The status answered. */
  status: number;
  /** The request method. */
  method: string;
  /** The request path, without the query string. */
  path: string;
}

/**
 * What holding one chunk of a body costs beyond its bytes: each is an object of its own (a Buffer,
 * a Uint8Array), some 400 bytes, so a body sent in 1-byte pieces would hold hundreds of times its
 * length while only its bytes were counted. Both handlers charge it against `maxBufferedBytes`.
 */
export const CHUNK_COST = 512;

/**
 * The webhook options checked and completed, with the adapter's signature check.
 * @internal
 */
export interface WebhookCore {
  readonly tokens: readonly string[];
  readonly tokenBytes: readonly Uint8Array[];
  readonly onEvent: (decoded: DecodedEvent) => void | Promise<void>;
  readonly maxBodyBytes: number;
  readonly maxBufferedBytes: number;
  /** The bytes of bodies held now, by every request of this handler. */
  readonly buffered: { bytes: number };
  readonly bodyTimeoutMs: number;
  readonly claimLeaseMs: number;
  readonly eventTimeoutMs: number | undefined;
  readonly storeTimeoutMs: number;
  readonly store: IdempotencyStore | undefined;
  readonly decode: DecodeOptions | undefined;
  readonly onError: ((error: RbmEventError, info: WebhookErrorInfo) => void) | undefined;
  readonly onInvalid: ((error: RbmEventError, delivery: InvalidDelivery) => void | Promise<void>) | undefined;
  /** Checks a signature over the payload bytes against `tokens`, which were checked once, here. */
  readonly verify: (data: Uint8Array, signature: string, tokens: readonly string[]) => boolean | Promise<boolean>;
}

const utf8 = new TextEncoder();

/**
 * Checks webhook options, throwing a TypeError that names the option (never a token's value).
 * @internal
 */
/** Every option of {@link WebhookOptions}, to refuse a misspelt one; its type makes the compiler keep it whole. */
const WEBHOOK_OPTIONS = Object.keys({
  clientToken: true,
  onEvent: true,
  onInvalid: true,
  onError: true,
  maxBodyBytes: true,
  maxBufferedBytes: true,
  idempotency: true,
  decode: true,
  claimLeaseMs: true,
  eventTimeoutMs: true,
  storeTimeoutMs: true,
  bodyTimeoutMs: true,
} satisfies Record<keyof WebhookOptions, true>);

export function webhookCore(options: WebhookOptions, verify: WebhookCore["verify"]): WebhookCore {
  if (typeof options !== "object" || options === null) fail("options", "object", options);
  const unknown = unknownOption(options, WEBHOOK_OPTIONS);
  if (unknown !== undefined) throw new TypeError(`invalid argument: options: ${unknown}`);
  // Each option is read once; the handlers are called below with the options as `this`, as methods are.
  // oxlint-disable-next-line typescript/unbound-method -- called as onEvent.call(options, ...), and so on
  const { clientToken, onEvent, onError, onInvalid, idempotency, decode } = options;
  const tokens = typeof clientToken === "string" ? [clientToken] : clientToken;
  if (!Array.isArray(tokens)) fail("clientToken", "string or array of strings", clientToken);
  if (tokens.length === 0) fail("clientToken", "at least one token", clientToken);
  tokens.forEach((token, i) => {
    const name = typeof clientToken === "string" ? "clientToken" : `clientToken[${i}]`;
    if (typeof token !== "string" || token === "") fail(name, "non-empty string", token);
    // A blank key is one anyone can sign with; a padded one is a paste or split(",") gone wrong.
    if (token.trim() === "") fail(name, "non-empty string", token, "whitespace-only string");
    if (token.trim() !== token) fail(name, "string without leading or trailing whitespace", token, "padded string");
  });
  if (typeof onEvent !== "function") fail("onEvent", "function", onEvent);
  if (onError !== undefined && typeof onError !== "function") fail("onError", "function", onError);
  if (onInvalid !== undefined && typeof onInvalid !== "function") fail("onInvalid", "function", onInvalid);
  if (idempotency !== undefined && idempotency !== false && !isStore(idempotency)) {
    fail("idempotency", "false or an object with claim, complete and release", idempotency);
  }
  if (decode !== undefined && (typeof decode !== "object" || decode === null)) fail("decode", "object", decode);
  // Checked once here: a misspelt decode option would otherwise fail every request it decodes.
  const unknownDecode = decode === undefined ? undefined : unknownOption(decode, DECODE_OPTIONS);
  if (unknownDecode !== undefined) throw new TypeError(`invalid argument: options.decode: ${unknownDecode}`);
  const maxBodyBytes = positive("maxBodyBytes", options.maxBodyBytes, 1_048_576);
  return {
    tokens: [...tokens],
    tokenBytes: tokens.map((token) => utf8.encode(token)),
    onEvent: (decoded) => onEvent.call(options, decoded),
    maxBodyBytes,
    maxBufferedBytes: positive("maxBufferedBytes", options.maxBufferedBytes, Math.max(67_108_864, maxBodyBytes), Number.MAX_SAFE_INTEGER, maxBodyBytes),
    buffered: { bytes: 0 },
    bodyTimeoutMs: positive("bodyTimeoutMs", options.bodyTimeoutMs, 10_000, 2 ** 31 - 1),
    claimLeaseMs: positive("claimLeaseMs", options.claimLeaseMs, 30_000, 2 ** 31 - 1),
    eventTimeoutMs: options.eventTimeoutMs === undefined ? undefined : positive("eventTimeoutMs", options.eventTimeoutMs, 0, 2 ** 31 - 1),
    storeTimeoutMs: positive("storeTimeoutMs", options.storeTimeoutMs, 5_000, 2 ** 31 - 1),
    store: idempotency === false ? undefined : (idempotency ?? new MemoryIdempotencyStore()),
    decode,
    onError: onError && ((error, info) => onError.call(options, error, info)),
    onInvalid: onInvalid && ((error, delivery) => onInvalid.call(options, error, delivery)),
    verify,
  };
}

function fail(name: string, expected: string, value: unknown, shown?: string): never {
  const received = shown ?? (value === "" ? "empty string" : jsonTypeOf(value));
  throw new TypeError(`invalid argument: ${name}: expected ${expected}, received ${received}`);
}

function positive(name: string, value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  const received = typeof value === "number" ? String(value) : jsonTypeOf(value);
  throw new TypeError(`invalid argument: ${name}: expected an integer from ${min} to ${max}, received ${received}`);
}

function isStore(value: unknown): value is IdempotencyStore {
  if (typeof value !== "object" || value === null) return false;
  const { claim, complete, release } = value as Record<string, unknown>;
  return typeof claim === "function" && typeof complete === "function" && typeof release === "function";
}
