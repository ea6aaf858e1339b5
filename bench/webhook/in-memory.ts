// The receivers' own cost, without the kernel: each one's node:http server is fed requests over
// in-memory connections (no sockets, no syscalls) in this process, and its CPU time per request
// is measured. A busy machine disturbs this far less than requests per second over loopback.

import { createHmac, timingSafeEqual } from "node:crypto";
import http, { type RequestListener } from "node:http";
import { syncBuiltinESMExports } from "node:module";
import { Duplex, Writable } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** The floor's request listener, as bench/webhook/floor-server.mjs has it, printing to `out`. */
export function floorListener(token: string, out: Writable): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { message: { data: string } };
      const data = Buffer.from(body.message.data, "base64");
      const expected = createHmac("sha512", token).update(data).digest();
      const given = Buffer.from(String(req.headers["x-goog-signature"]), "base64");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.writeHead(401).end();
      out.write(`${JSON.stringify(JSON.parse(data.toString("utf8")))}\n`);
      res.writeHead(200, { "content-length": 0 }).end();
    });
  };
}

/**
 * Starts `rbm-events serve` (from `main`, with `args`) in this process, printing to nowhere, and
 * returns its request listener; node:http's createServer is wrapped for the moment to find it.
 */
export async function serveListener(
  main: (argv: string[], io: CliIo) => Promise<number>,
  args: string[],
  token: string,
): Promise<{ listener: RequestListener; stop: () => void }> {
  let server: http.Server | undefined;
  const original = http.createServer;
  http.createServer = ((...given: Parameters<typeof http.createServer>) => (server = original(...given))) as typeof http.createServer;
  syncBuiltinESMExports();
  try {
    void main(["serve", "--port", "0", ...args], { stdin: process.stdin, stdout: discard(), stderr: discard(), env: { RBM_CLIENT_TOKEN: token } });
    while (server === undefined || !server.listening) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    http.createServer = original;
    syncBuiltinESMExports();
  }
  const started = server;
  return { listener: started.listeners("request")[0] as RequestListener, stop: () => started.close() };
}

/** One in-memory connection: requests pushed in, each answer awaited before the next. */
class Connection extends Duplex {
  #answered: (() => void) | undefined;
  #received = "";
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.#received += chunk.toString("latin1");
    // Every answer of these runs has an empty body: its head's end is its end.
    if (this.#received.endsWith("\r\n\r\n")) {
      this.#received = "";
      this.#answered?.();
    }
    done();
  }
  send(request: Buffer): Promise<void> {
    const answered = new Promise<void>((resolve) => (this.#answered = resolve));
    this.push(request);
    return answered;
  }
}

/** CPU time in µs per request of `listener` over `count` requests from `next`, on `connections` connections. */
export async function cpuPerRequest(listener: RequestListener, next: () => Buffer, count: number, connections = 8): Promise<number> {
  const server = http.createServer(listener);
  const open = Array.from({ length: connections }, () => {
    const connection = new Connection();
    server.emit("connection", connection);
    return connection;
  });
  const start = process.cpuUsage();
  await Promise.all(
    open.map(async (connection) => {
      for (let i = 0; i < count / connections; i++) await connection.send(next());
    }),
  );
  const used = process.cpuUsage(start);
  for (const connection of open) connection.destroy();
  return (used.user + used.system) / count;
}

export { discard };
