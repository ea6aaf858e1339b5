// The answers of the webhook receiver: error replies reported to `onError`, 200 and 503.

import { RbmEventError } from "../errors.js";
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

/** The request line and headers, before any of the body is read. @internal */
export interface WebhookHead {
  method: string;
  path: string;
  contentType: string | null | undefined;
  contentLength: string | null | undefined;
  /** Left out when a framework decoded the body already. */
  contentEncoding?: string | null | undefined;
}

/** What `onError` is told about a request besides the status. @internal */
export type RequestLine = Pick<WebhookHead, "method" | "path">;

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
 * Answers 200 with an empty body.
 * @internal
 */
export function ok(): WebhookReply {
  return { status: 200, headers: {}, body: "" };
}

/** Seconds a client is asked to wait after a 503, while the idempotency store is unreachable. */
const RETRY_AFTER_SECONDS = "5";

/**
 * Answers 503 with `Retry-After`: the event could not be taken now and must be delivered again.
 * @internal
 */
export function unavailable(core: WebhookCore, request: RequestLine, error: RbmEventError): WebhookReply {
  const reply = reject(core, request, 503, error);
  reply.headers["retry-after"] = RETRY_AFTER_SECONDS;
  return reply;
}

/**
 * Answers 503 to a body that would take the bytes held over `maxBufferedBytes`.
 * @internal
 */
export function overloaded(core: WebhookCore, request: RequestLine): WebhookReply {
  const message = `handler failed: bodies being read or handled are at the limit of ${core.maxBufferedBytes} bytes; retry later`;
  return unavailable(core, request, failure("HANDLER_FAILED", message));
}
