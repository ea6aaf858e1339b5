// The webhook receiver on plain values (method, headers, body), shared by the node:http and
// fetch adapters, which inject how a signature is verified. No Node-only API here.

import { decodeEvent, type DecodedEvent } from "../events/decode.js";
import { RbmEventError, formatValue, isRbmEventError, jsonTypeOf } from "../errors.js";
import { utf8Decode } from "../encoding/utf8.js";
import type { WebhookCore } from "./options.js";

/**
 * A response of the webhook receiver.
 * @internal
 */
export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const utf8 = new TextEncoder();
const jsonType = /^application\/(?:[\w.!#$&^-]+\+)?json$/i;

/** The request line and headers, before any of the body is read. @internal */
export interface WebhookHead {
  method: string;
  path: string;
  contentType: string | null | undefined;
  contentLength: string | null | undefined;
}

/** What `onError` is told about a request besides the status. @internal */
export type RequestLine = Pick<WebhookHead, "method" | "path">;

/**
 * Answers what can be told from the request head alone (405, 415, 413), or returns undefined
 * when the body should be read.
 * @internal
 */
export function checkHead(core: WebhookCore, head: WebhookHead): WebhookReply | undefined {
  if (head.method !== "POST") {
    const reason = `expected method POST, received ${formatValue(head.method)}`;
    const reply = reject(core, head, 405, failure("INVALID_REQUEST", `invalid request: ${reason}`));
    reply.headers["allow"] = "POST";
    return reply;
  }
  const type = head.contentType?.split(";", 1)[0]?.trim();
  if (type === undefined || !jsonType.test(type)) {
    const received = type === undefined || type === "" ? "none" : formatValue(type);
    const message = `invalid request: expected Content-Type application/json, received ${received}`;
    return reject(core, head, 415, failure("INVALID_REQUEST", message));
  }
  const length = head.contentLength == null ? undefined : Number(head.contentLength);
  if (length !== undefined && length > core.maxBodyBytes) return tooLarge(core, head);
  return undefined;
}

/**
 * Answers 413 to a body over `maxBodyBytes`.
 * @internal
 */
export function tooLarge(core: WebhookCore, request: RequestLine): WebhookReply {
  const message = `invalid request: body over the limit of ${core.maxBodyBytes} bytes`;
  return reject(core, request, 413, failure("INVALID_REQUEST", message));
}

/**
 * An error with a code, a message and no issues, wrapping `cause` if given.
 * @internal
 */
export function failure(code: RbmEventError["code"], message: string, cause?: unknown): RbmEventError {
  return new RbmEventError(code, message, cause === undefined ? {} : { cause });
}

/**
 * Builds the error reply `{"error":{"code","message","issues"}}` and reports it to `onError`.
 * @internal
 */
export function reject(core: WebhookCore, request: RequestLine, status: number, error: RbmEventError): WebhookReply {
  report(core, request, status, error);
  const body = JSON.stringify({ error: { code: error.code, message: error.message, issues: error.issues } });
  return { status, headers: { "content-type": "application/json; charset=utf-8" }, body };
}

function report(core: WebhookCore, request: RequestLine, status: number, error: RbmEventError): void {
  try {
    core.onError?.(error, { status, method: request.method, path: request.path });
  } catch {
    // an observer's failure must not change the answer
  }
}

/**
 * Answers a request whose head passed {@link checkHead}: the handshake, or a signed event
 * handed to `onEvent` once (`body` as bytes, text, or an object a framework parsed).
 * @internal
 */
export async function handleBody(
  core: WebhookCore,
  request: RequestLine,
  body: Uint8Array | string | object,
  signature: string | null | undefined,
): Promise<WebhookReply> {
  let json: Record<string, unknown>;
  try {
    json = parseBody(body);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return reject(core, request, 400, error);
  }
  if (json.message === undefined && (json.clientToken !== undefined || json.secret !== undefined)) {
    return handshake(core, request, json);
  }
  const message = json.message;
  if (!isObject(message)) {
    const reason = message === undefined ? "required" : `expected object, received ${jsonTypeOf(message)}`;
    return reject(core, request, 400, invalid("envelope", "message", reason));
  }
  const data = message.data;
  if (typeof data !== "string") {
    const reason = data === undefined ? "required" : `expected base64 string, received ${jsonTypeOf(data)}`;
    return reject(core, request, 400, invalid("envelope", "message.data", reason));
  }
  if (signature == null || signature === "") {
    return reject(core, request, 401, failure("UNAUTHORIZED", "unauthorized: missing X-Goog-Signature header"));
  }
  if (!(await core.verify(data, signature, core.tokens))) {
    const mismatch = "unauthorized: X-Goog-Signature does not match message.data";
    return reject(core, request, 401, failure("UNAUTHORIZED", mismatch));
  }
  let decoded: DecodedEvent;
  try {
    decoded = decodeEvent(json, core.decode);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return reject(core, request, 400, error);
  }
  return deliver(core, request, decoded);
}

/** Hands an event to `onEvent` unless the store says it was handled or is being handled. */
async function deliver(core: WebhookCore, request: RequestLine, decoded: DecodedEvent): Promise<WebhookReply> {
  const key = eventIdOf(decoded);
  const store = key === undefined ? undefined : core.store;
  let claimedAt = 0;
  if (store !== undefined && key !== undefined) {
    let claim: unknown;
    try {
      claimedAt = Date.now();
      claim = await store.claim(key, core.claimLeaseMs);
    } catch (error) {
      return unavailable(core, request, failure("HANDLER_FAILED", "handler failed: the idempotency store failed", error));
    }
    if (claim === "done") return ok();
    if (claim === "busy") {
      // Never 200: the delivery in flight may still fail, and then RBM must deliver again.
      const message = `event in flight: eventId ${formatValue(key)} is being handled by another delivery`;
      return reject(core, request, 409, failure("EVENT_IN_FLIGHT", message));
    }
    if (claim !== "new") {
      const message = `handler failed: the idempotency store answered ${formatValue(claim)}`;
      return reject(core, request, 500, failure("HANDLER_FAILED", message));
    }
  }
  try {
    await settle(core, decoded);
  } catch (error) {
    // Give the claim up so that RBM's redelivery is handled; a store that cannot lets it lapse.
    // Once the lease has lapsed, another delivery may hold the key, so it is left alone.
    if (store !== undefined && key !== undefined && Date.now() - claimedAt < core.claimLeaseMs) {
      await Promise.resolve()
        .then(() => store.release(key))
        .catch(() => {});
    }
    const message = error === timedOut ? `handler failed: onEvent did not settle within ${core.eventTimeoutMs} ms` : "handler failed: onEvent threw";
    return reject(core, request, 500, failure("HANDLER_FAILED", message, error === timedOut ? undefined : error));
  }
  if (store !== undefined && key !== undefined) {
    try {
      await store.complete(key);
    } catch (error) {
      // Never 200 for an event the store did not record: RBM delivers it again, and once the
      // claim lapses onEvent gets it again. Handled twice beats acknowledged and forgotten.
      const message = "handler failed: the idempotency store did not record the event";
      return unavailable(core, request, failure("HANDLER_FAILED", message, error));
    }
  }
  return ok();
}

const timedOut = Symbol("timed out");

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

/** Seconds a client is asked to wait after a 503, while the idempotency store is unreachable. */
const RETRY_AFTER_SECONDS = "5";

/** Answers 503 with `Retry-After`: the store failed, so the event must be delivered again. */
function unavailable(core: WebhookCore, request: RequestLine, error: RbmEventError): WebhookReply {
  const reply = reject(core, request, 503, error);
  reply.headers["retry-after"] = RETRY_AFTER_SECONDS;
  return reply;
}

function handshake(core: WebhookCore, request: RequestLine, json: Record<string, unknown>): WebhookReply {
  const { clientToken, secret } = json;
  for (const [name, value] of [["clientToken", clientToken], ["secret", secret]] as const) {
    if (typeof value !== "string") {
      const reason = value === undefined ? "required" : `expected string, received ${jsonTypeOf(value)}`;
      return reject(core, request, 400, invalid("handshake", name, reason));
    }
  }
  if (!knownToken(core, clientToken as string)) {
    return reject(core, request, 403, failure("UNAUTHORIZED", "unauthorized: unknown client token"));
  }
  const headers = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  return { status: 200, headers, body: secret as string };
}

/** Tells whether `candidate` is one of the tokens, looking at every byte of each same-length one. */
function knownToken(core: WebhookCore, candidate: string): boolean {
  const given = utf8.encode(candidate);
  let found = 0;
  for (const known of core.tokenBytes) {
    if (known.length !== given.length) continue;
    // constant time comparison so response timing reveals nothing about a token
    let diff = 0;
    for (let i = 0; i < known.length; i++) diff |= (known[i] as number) ^ (given[i] as number);
    found |= diff === 0 ? 1 : 0;
  }
  return found === 1;
}

/** The idempotency key: the event's `eventId`, a user message's `messageId`, or none. */
function eventIdOf(decoded: DecodedEvent): string | undefined {
  if (decoded.kind !== "unknown") return nonEmpty(decoded.event.eventId);
  const { json } = decoded;
  // User messages carry the message's own ID instead; prefixed so it never meets an eventId.
  const messageId = nonEmpty(json["messageId"] ?? json["message_id"]);
  return nonEmpty(json["eventId"] ?? json["event_id"]) ?? (messageId === undefined ? undefined : `message:${messageId}`);
}

function nonEmpty(id: unknown): string | undefined {
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Parses a body. JSON.parse's own message quotes the input (maybe a token), so it is never kept. */
function parseBody(body: Uint8Array | string | object): Record<string, unknown> {
  if (body instanceof Uint8Array || typeof body === "string") {
    let text: string;
    try {
      text = typeof body === "string" ? body : utf8Decode(body);
    } catch {
      throw issue("INVALID_UTF8", "envelope", "", "invalid UTF-8");
    }
    try {
      body = JSON.parse(text) as object;
    } catch {
      throw issue("INVALID_JSON", "envelope", "", "invalid JSON");
    }
  }
  if (!isObject(body)) throw invalid("envelope", "", `expected a JSON object, received ${jsonTypeOf(body)}`);
  return body;
}

function invalid(what: string, path: string, reason: string): RbmEventError {
  return issue("INVALID_ENVELOPE", what, path, reason);
}

function issue(code: RbmEventError["code"], what: string, path: string, reason: string): RbmEventError {
  const message = `cannot decode ${what}: ${path === "" ? "" : `${path}: `}${reason}`;
  return new RbmEventError(code, message, { issues: [{ path, message: reason }] });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function ok(): WebhookReply {
  return { status: 200, headers: {}, body: "" };
}
