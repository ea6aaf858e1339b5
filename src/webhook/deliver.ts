// Hands a decoded event to `onEvent` once, through the idempotency store, within the lease
// and the deadline. Every call to the store is bounded by `storeTimeoutMs`.

import type { DecodedEvent } from "../events/index.js";
import { formatValue, type RbmEventError } from "../errors.js";
import { utf8Decode } from "../encoding/index.js";
import type { IdempotencyStore } from "./idempotency.js";
import type { WebhookCore } from "./options.js";
import { payloadKey, unknownPayloadKey } from "../../gen/payloads.js";
import { failure, ok, reject, unavailable, type RequestLine, type WebhookReply } from "./reply.js";

/**
 * Hands an event to `onEvent` unless the store says it was handled or is being handled.
 * @internal
 */
export async function deliver(core: WebhookCore, request: RequestLine, decoded: DecodedEvent): Promise<WebhookReply> {
  const key = eventIdOf(decoded);
  const store = key === undefined ? undefined : core.store;
  let claimedAt = 0;
  if (store !== undefined && key !== undefined) {
    let claim: unknown;
    try {
      claimedAt = Date.now();
      claim = store.claim(key, core.claimLeaseMs);
      // A store that answers at once (the in-memory one) costs no trip through the microtask queue.
      if (isPromise(claim)) {
        // A claim granted after the delivery was answered 503 holds the key for nobody: given back.
        claim = await bounded(core, claim, "claim", (late) => {
          if (late === "new" && Date.now() - claimedAt < core.claimLeaseMs) void giveBack(core, store, key);
        });
      }
    } catch (error) {
      return unavailable(core, request, failure("HANDLER_FAILED", "handler failed: the idempotency store failed", error));
    }
    if (claim === "done") return ok();
    if (claim === "busy") {
      // Never 200: the delivery in flight may still fail, and then RBM must deliver again.
      const message = `event in flight: ${formatValue(key)} is being handled by another delivery`;
      return reject(core, request, 409, failure("EVENT_IN_FLIGHT", message));
    }
    if (claim !== "new") {
      const message = `handler failed: the idempotency store answered ${formatValue(claim)}`;
      return reject(core, request, 500, failure("HANDLER_FAILED", message));
    }
  }
  try {
    const settled = settle(core, decoded);
    if (isPromise(settled)) await settled;
  } catch (error) {
    // Give the claim up so that RBM's redelivery is handled; a store that cannot lets it lapse.
    // Once the lease has lapsed, another delivery may hold the key, so it is left alone.
    if (store !== undefined && key !== undefined && Date.now() - claimedAt < core.claimLeaseMs) {
      await giveBack(core, store, key);
    }
    const message = error === timedOut ? `handler failed: onEvent did not settle within ${core.eventTimeoutMs} ms` : "handler failed: onEvent threw";
    return reject(core, request, 500, failure("HANDLER_FAILED", message, error === timedOut ? undefined : error));
  }
  if (store !== undefined && key !== undefined) {
    try {
      // Should this time out and the store never record it, the claim still lapses after its
      // lease, and a redelivery reaches onEvent again.
      const completed = store.complete(key);
      if (isPromise(completed)) await bounded(core, completed, "complete");
    } catch (error) {
      // Never 200 for an event the store did not record: RBM delivers it again, and once the
      // claim lapses onEvent gets it again. Handled twice beats acknowledged and forgotten.
      const message = "handler failed: the idempotency store did not record the event";
      return unavailable(core, request, failure("HANDLER_FAILED", message, error));
    }
  }
  return ok();
}

// An Error, as a rejection reason should be; known by identity and never shown.
const timedOut = new Error("onEvent did not settle in time");

/** Releases a claim, within the store's bound; a failure leaves the claim to lapse. */
function giveBack(core: WebhookCore, store: IdempotencyStore, key: string): Promise<void> {
  let released: unknown;
  try {
    released = store.release(key);
  } catch {
    return Promise.resolve();
  }
  if (!isPromise(released)) return Promise.resolve();
  return bounded(core, released, "release").then(
    () => {},
    () => {},
  );
}

/**
 * Waits for a store's answer for at most `storeTimeoutMs`, then rejects; `late` gets an answer
 * that came after that.
 */
function bounded<T>(core: WebhookCore, answer: PromiseLike<T>, call: string, late?: (value: T) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      reject(new Error(`${call}() did not settle within ${core.storeTimeoutMs} ms`));
    }, core.storeTimeoutMs);
    answer.then(
      (value) => {
        clearTimeout(timer);
        if (expired) late?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

/** Runs `onEvent`, rejecting with {@link timedOut} once `eventTimeoutMs` passes first. */
function settle(core: WebhookCore, decoded: DecodedEvent): void | Promise<void> {
  const limit = core.eventTimeoutMs;
  if (limit === undefined) return core.onEvent(decoded);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, rejectDeadline) => {
    timer = setTimeout(() => rejectDeadline(timedOut), limit);
  });
  const run = Promise.resolve().then(() => core.onEvent(decoded));
  run.catch(() => {}); // a late failure after the deadline was answered already
  return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The idempotency key: the key field each payload declares in proto/ (a user message's
 * `messageId`, prefixed so that it never meets an event's ID; an event's `eventId`), or for an
 * unknown payload the first of those fields it carries; or none.
 */
function eventIdOf(decoded: DecodedEvent): string | undefined {
  return decoded.kind === "unknown" ? unknownPayloadKey(decoded.json) : payloadKey(decoded);
}

/**
 * Hands an authentic delivery whose event cannot be decoded to `onInvalid`: 200 once it
 * resolves, so that RBM stops delivering a poison event; 500 if it throws, so it comes back.
 * @internal
 */
export async function deadLetter(core: WebhookCore, request: RequestLine, error: RbmEventError, body: Uint8Array | string | object): Promise<WebhookReply> {
  // The body parsed as JSON, so it is valid UTF-8 text (or an object a framework parsed).
  const text = typeof body === "string" ? body : body instanceof Uint8Array ? utf8Decode(body) : JSON.stringify(body);
  try {
    await core.onInvalid?.(error, { body: text, method: request.method, path: request.path });
  } catch (cause) {
    return reject(core, request, 500, failure("HANDLER_FAILED", "handler failed: onInvalid threw", cause));
  }
  return ok();
}
