// The webhook receiver for node:http and Express: reads the body with a size limit and a
// deadline (or takes the one a body parser kept), then answers through ./core.ts.

import type { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { isObject } from "../errors.js";
import { verifyBytesSync } from "../signature/node.js";
import { checkHead, handleBody, tooLarge } from "./core.js";
import { failure, overloaded, reject, type WebhookHead, type WebhookReply } from "./reply.js";
import { CHUNK_COST, webhookCore, type WebhookCore, type WebhookOptions } from "./options.js";

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
  const core = webhookCore(options, verifyBytesSync);
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
  let body = givenBody(req);
  // A body a framework decoded as text or JSON was inflated by it already.
  if (body === undefined || body instanceof Uint8Array) head.contentEncoding = req.headers["content-encoding"];
  const early = checkHead(core, head);
  if (early !== undefined) return send(req, res, early);
  if (body === undefined && req.readableEnded) {
    const message = "handler failed: the body was read before the handler and not kept (use express.json() or express.raw())";
    return send(req, res, reject(core, head, 500, failure("HANDLER_FAILED", message)));
  }
  if (typeof body === "string" || body instanceof Uint8Array) {
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    if (length > core.maxBodyBytes) return send(req, res, tooLarge(core, head));
  }
  let held = 0;
  try {
    if (body === undefined) {
      const read = await readBody(req, core);
      if (read === "aborted") return;
      if (read === "too large") return send(req, res, tooLarge(core, head));
      if (read === "busy") return send(req, res, overloaded(core, head));
      if (read === "timeout") {
        const message = `invalid request: body not received within ${core.bodyTimeoutMs} ms`;
        return send(req, res, reject(core, head, 408, failure("INVALID_REQUEST", message)));
      }
      body = read;
      held = read.byteLength;
    }
    const signature = req.headers["x-goog-signature"];
    send(req, res, await handleBody(core, head, body, Array.isArray(signature) ? signature.join(", ") : signature));
  } finally {
    core.buffered.bytes -= held;
  }
}

/**
 * The body a framework already read: `rawBody` (Firebase, some Express set-ups) first, then
 * `body` from express.json(), express.raw() or express.text() once the stream was read.
 */
function givenBody(req: IncomingMessage): Uint8Array | string | object | undefined {
  // Own members only, as frameworks set them: a polluted Object.prototype must not stand in for the body.
  const rawBody: unknown = Object.getOwnPropertyDescriptor(req, "rawBody")?.value;
  const body: unknown = Object.getOwnPropertyDescriptor(req, "body")?.value;
  if (rawBody instanceof Uint8Array || typeof rawBody === "string") return rawBody;
  if (!req.readableEnded) return undefined;
  if (body instanceof Uint8Array || typeof body === "string") return body;
  if (isObject(body)) return body;
  return undefined;
}

type Read = Uint8Array | "too large" | "busy" | "timeout" | "aborted";

/**
 * Reads the body, stopping (and leaving the rest unread) at `maxBodyBytes`, at the deadline, or
 * when what all requests hold would pass `maxBufferedBytes`: the bytes, and {@link CHUNK_COST}
 * for each chunk until they are joined. The bytes of a body read whole stay counted in
 * `core.buffered` for the caller to give back.
 */
function readBody(req: IncomingMessage, core: WebhookCore): Promise<Read> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let charged = 0;
    const finish = (result: Read) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("close", onClose);
      // Once joined, the body holds its bytes alone; a body not read holds nothing.
      core.buffered.bytes -= typeof result === "string" ? charged : charged - length;
      chunks.length = 0;
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (length + chunk.length > core.maxBodyBytes) return finish("too large");
      const cost = chunk.length + CHUNK_COST;
      if (core.buffered.bytes + cost > core.maxBufferedBytes) return finish("busy");
      length += chunk.length;
      charged += cost;
      core.buffered.bytes += cost;
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, length));
    const onClose = () => finish("aborted");
    const timer = setTimeout(() => finish("timeout"), core.bodyTimeoutMs);
    req.on("data", onData).on("end", onEnd).on("close", onClose);
  });
}

/** How long a connection answered early keeps reading (and dropping) what the client sends. */
const LINGER_MS = 2_000;

/**
 * Sends a reply. One sent before the whole body was read closes the connection, lingering: the
 * rest of the body is read and dropped for a short while first, because a client still writing
 * would otherwise get a reset, often before it could read the answer.
 */
function send(req: IncomingMessage, res: ServerResponse, reply: WebhookReply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  headers["content-length"] = Buffer.byteLength(reply.body);
  if (!req.readableEnded) {
    headers["connection"] = "close";
    linger(req);
  }
  res.writeHead(reply.status, headers).end(reply.body);
}

/** Drops the rest of the body; once the answer is written, half-closes, then closes when the client is done or after {@link LINGER_MS}. */
function linger(req: IncomingMessage): void {
  const socket = req.socket;
  req.resume();
  // node:http calls destroySoon() once a "connection: close" answer is written; destroying at
  // once with unread data makes the kernel answer the client's writes with a reset.
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.readableEnded) return Socket.prototype.destroySoon.call(this);
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    this.once("close", () => clearTimeout(timer));
    this.once("end", () => this.destroy());
    this.resume();
  };
}

function pathOf(url: unknown): string {
  if (typeof url !== "string") return "";
  const path = url.split("?", 1)[0] ?? "";
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
