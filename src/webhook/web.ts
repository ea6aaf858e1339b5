// The webhook receiver for fetch runtimes (Deno, Bun, route handlers, service workers):
// a Request in, a Response out, Web Crypto only. The logic is ./core.ts.

import { verifyBytes } from "../signature/index.js";
import { checkHead, handleBody, tooLarge } from "./core.js";
import { failure, overloaded, reject, type WebhookHead, type WebhookReply } from "./reply.js";
import { CHUNK_COST, webhookCore, type WebhookCore, type WebhookOptions } from "./options.js";

/**
 * Creates the fetch-style handler of an RBM webhook, the twin of `createWebhookHandler`:
 * same options (except `bodyTimeoutMs`, left to the runtime), same answers. Throws a
 * TypeError for invalid options, naming the option but never a token.
 */
export function createFetchHandler(options: WebhookOptions): (request: Request) => Promise<Response> {
  const core = webhookCore(options, verifyBytes);
  return async (request) => {
    const head: WebhookHead = {
      method: request.method,
      path: pathOf(request.url),
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
      contentEncoding: request.headers.get("content-encoding"),
    };
    try {
      const early = checkHead(core, head);
      if (early !== undefined) return toResponse(early);
      let body: Uint8Array | "too large" | "busy";
      try {
        body = await readBody(request, core);
      } catch (error) {
        const unreadable = failure("INVALID_REQUEST", "invalid request: the body could not be read", error);
        return toResponse(reject(core, head, 400, unreadable));
      }
      if (body === "too large") return toResponse(tooLarge(core, head));
      if (body === "busy") return toResponse(overloaded(core, head));
      try {
        return toResponse(await handleBody(core, head, body, request.headers.get("x-goog-signature")));
      } finally {
        core.buffered.bytes -= body.byteLength;
      }
    } catch (error) {
      return toResponse(reject(core, head, 500, failure("HANDLER_FAILED", "handler failed: unexpected error", error)));
    }
  };
}

/**
 * Reads the body, cancelling the stream as soon as it passes `maxBodyBytes` or what all requests
 * hold would pass `maxBufferedBytes`: the bytes, and {@link CHUNK_COST} for each chunk until they
 * are joined. The bytes of a body read whole stay counted in `core.buffered` for the caller to
 * give back.
 */
async function readBody(request: Request, core: WebhookCore): Promise<Uint8Array | "too large" | "busy"> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let charged = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const cost = value.byteLength + CHUNK_COST;
      const over = length + value.byteLength > core.maxBodyBytes ? "too large" : core.buffered.bytes + cost > core.maxBufferedBytes ? "busy" : undefined;
      if (over !== undefined) {
        reader.cancel().catch(() => {});
        core.buffered.bytes -= charged;
        return over;
      }
      length += value.byteLength;
      charged += cost;
      core.buffered.bytes += cost;
      chunks.push(value);
    }
  } catch (error) {
    core.buffered.bytes -= charged;
    throw error;
  }
  // Once joined, the body holds its bytes alone.
  core.buffered.bytes -= charged - length;
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function toResponse(reply: WebhookReply): Response {
  return new Response(reply.status === 200 && reply.body === "" ? null : reply.body, {
    status: reply.status,
    headers: reply.headers,
  });
}

function pathOf(url: string): string {
  try {
    const path = new URL(url).pathname;
    return path.length > 200 ? `${path.slice(0, 200)}…` : path;
  } catch {
    return "";
  }
}
