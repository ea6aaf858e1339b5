// What the webhook tests share: a distinctive client token, signed bodies, servers on
// 127.0.0.1 port 0, raw sockets, and a record of everything that could leak the token.
import { createServer, type RequestListener, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import * as assert from "uvu/assert";
import { base64Encode } from "../../src/encoding/index.js";
import type { RbmEventError } from "../../src/errors.js";
import { signPayloadSync } from "../../src/signature/node.js";
import { delivered } from "./signature-vectors.js";
import type { WebhookErrorInfo, WebhookOptions } from "../../src/webhook/index.js";

/** The first openssl known-answer vector: a DELIVERED UserEvent, its token and its signature. */
export const vector = delivered;

/** The client token every scenario uses; {@link assertNoLeak} checks it never shows. */
export const token = vector.token;
export const partnerToken = "partner-webhook-token-41d2";

/** Everything a client or an operator could see: responses, error messages, log lines. */
export const seen: string[] = [];

/** Every `onError` call of handlers built with {@link options}. */
export const errors: Array<{ error: RbmEventError; info: WebhookErrorInfo }> = [];

/** Handler options with both tokens and a recording `onError`. */
export function options(overrides: Partial<WebhookOptions> = {}): WebhookOptions {
  return {
    clientToken: [partnerToken, token],
    onEvent: () => {},
    onError: (error, info) => {
      errors.push({ error, info });
      for (let e: unknown = error; e instanceof Error; e = e.cause) seen.push(e.message, String(e.stack), JSON.stringify(e));
      seen.push(JSON.stringify(error.issues));
    },
    ...overrides,
  };
}

/** A UserEvent payload with its own eventId. */
export function userEvent(eventId: string, eventType = "READ"): Record<string, unknown> {
  return { senderPhoneNumber: "+14155550123", eventType, eventId, messageId: "msg-1", agentId: "coffee-bot@rbm.goog" };
}

/** A webhook body carrying `payload` (an object, or text) as base64 message.data. */
export function webhookBody(payload: unknown): string {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  return JSON.stringify({ message: { data: base64Encode(new TextEncoder().encode(text)), messageId: "1177" }, subscription: "projects/p/subscriptions/s" });
}

/** The X-Goog-Signature of a webhook body. */
export function signatureOf(body: string, key = token): string {
  return signPayloadSync((JSON.parse(body) as { message: { data: string } }).message.data, key);
}

/** The headers of a signed JSON webhook request. */
export function signed(body: string, key = token): Record<string, string> {
  return { "content-type": "application/json", "x-goog-signature": signatureOf(body, key) };
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Reads a fetch Response, recording all of it. */
export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  const headers = Object.fromEntries(response.headers);
  seen.push(text, JSON.stringify(headers));
  return { status: response.status, headers, text };
}

/** POSTs a body to `url` with `fetch`. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  return answer(await fetch(url, { method: "POST", headers, body }));
}

/** The JSON error body the receiver answers with. */
export function errorBody(code: string, message: string, issues: unknown[] = []): string {
  return JSON.stringify({ error: { code, message, issues } });
}

/** Starts a server with `handler` on 127.0.0.1, port 0. */
export async function listen(handler: RequestListener): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, port };
}

/** Stops a server, closing its kept-alive connections. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A raw TCP client, for requests fetch will not send: partial bodies, lying headers, aborts. */
export class RawClient {
  readonly socket: Socket;
  #received = "";
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setEncoding("utf8").on("data", (chunk: string) => (this.#received += chunk));
    this.socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      this.socket.once("close", () => {
        seen.push(this.#received);
        resolve();
      }),
    );
  }

  /** What the server sent so far. */
  get received(): string {
    return this.#received;
  }

  /** Resolves once the server has sent something matching `pattern`, or the socket closed. */
  async until(pattern: RegExp): Promise<string> {
    for (let i = 0; i < 1_000 && !pattern.test(this.#received) && !this.socket.destroyed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    seen.push(this.#received);
    return this.#received;
  }
}

/** The head of a raw POST. */
export function rawHead(headers: string[]): string {
  return ["POST /hook HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", ...headers, "", ""].join("\r\n");
}

/** Fails instead of hanging when a promise does not settle within a generous bound. */
export function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Asserts the client token shows in nothing recorded so far. */
export function assertNoLeak(): void {
  assert.ok(seen.length > 0, "nothing recorded");
  for (const text of seen) assert.not.ok(text.includes(token) || text.includes(partnerToken), `token leaked: ${text.slice(0, 200)}`);
}

/** A promise with its resolve function, to hold a handler in flight. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
