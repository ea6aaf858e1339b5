// The webhook receiver for node:http and Express: reads the body with a size limit and a
// deadline (or takes the one a body parser kept), then answers through ./core.ts.

import type { IncomingMessage, ServerResponse } from "node:http";
import { isObject } from "../errors.js";
import { verifySignature } from "../signature/node.js";
import { checkHead, handleBody, tooLarge } from "./core.js";
import { failure, reject, type WebhookHead, type WebhookReply } from "./reply.js";
import { webhookCore, type WebhookCore, type WebhookOptions } from "./options.js";

/**
 * A request handler for `http.createServer(handler)` and Express's `app.post(path, handler)`.
 * It answers every request itself and never calls `next`.
 */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Creates the handler of an RBM webhook: answers the registration handshake, verifies
 * `X-Goog-Signature`, decodes the event and answers 200 only once `onEvent` has resolved.
 * Throws a TypeError for invalid options, naming the option but never a token.
 */
export function createWebhookHandler(options: WebhookOptions): WebhookHandler {
  const core = webhookCore(options, verifySignature);
  return (req, res) => {
    const head: WebhookHead = {
      method: req.method ?? "",
      path: pathOf((req as { originalUrl?: unknown }).originalUrl ?? req.url),
      contentType: req.headers["content-type"],
      contentLength: req.headers["content-length"],
    };
    // A client that goes away mid-body makes the request emit "error"; nothing is lost by it.
    req.on("error", () => {});
    handle(core, head, req, res).catch((error: unknown) => {
      send(req, res, reject(core, head, 500, failure("HANDLER_FAILED", "handler failed: unexpected error", error)));
    });
  };
}

async function handle(core: WebhookCore, head: WebhookHead, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const early = checkHead(core, head);
  if (early !== undefined) return send(req, res, early);
  let body = givenBody(req);
  if (body === undefined && req.readableEnded) {
    const message =
      "handler failed: the body was read before the handler and not kept (use express.json() or express.raw())";
    return send(req, res, reject(core, head, 500, failure("HANDLER_FAILED", message)));
  }
  if (typeof body === "string" || body instanceof Uint8Array) {
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    if (length > core.maxBodyBytes) return send(req, res, tooLarge(core, head));
  }
  if (body === undefined) {
    const read = await readBody(req, core.maxBodyBytes, core.bodyTimeoutMs);
    if (read === "aborted") return;
    if (read === "too large") return send(req, res, tooLarge(core, head));
    if (read === "timeout") {
      const message = `invalid request: body not received within ${core.bodyTimeoutMs} ms`;
      return send(req, res, reject(core, head, 408, failure("INVALID_REQUEST", message)));
    }
    body = read;
  }
  const signature = req.headers["x-goog-signature"];
  send(req, res, await handleBody(core, head, body, Array.isArray(signature) ? signature.join(", ") : signature));
}

/**
 * The body a framework already read: `rawBody` (Firebase, some Express set-ups) first, then
 * `body` from express.json(), express.raw() or express.text() once the stream was read.
 */
function givenBody(req: IncomingMessage): Uint8Array | string | object | undefined {
  const { rawBody, body } = req as { rawBody?: unknown; body?: unknown };
  if (rawBody instanceof Uint8Array || typeof rawBody === "string") return rawBody;
  if (!req.readableEnded) return undefined;
  if (body instanceof Uint8Array || typeof body === "string") return body;
  if (isObject(body)) return body;
  return undefined;
}

type Read = Uint8Array | "too large" | "timeout" | "aborted";

/** Reads the body, stopping (and leaving the rest unread) at the limit or the deadline. */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Read> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (result: Read) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("close", onClose);
      if (typeof result === "string") req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBytes) finish("too large");
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, length));
    const onClose = () => finish("aborted");
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    req.on("data", onData).on("end", onEnd).on("close", onClose);
  });
}

/** Sends a reply; one sent before the whole body was read closes the connection. */
function send(req: IncomingMessage, res: ServerResponse, reply: WebhookReply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  headers["content-length"] = Buffer.byteLength(reply.body);
  if (!req.readableEnded) headers["connection"] = "close";
  res.writeHead(reply.status, headers).end(reply.body);
}

function pathOf(url: unknown): string {
  if (typeof url !== "string") return "";
  const path = url.split("?", 1)[0] ?? "";
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
