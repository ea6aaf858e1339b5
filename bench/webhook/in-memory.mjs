// The receivers' own cost without the kernel's network share, for `npm run bench:webhook`: each
// one's node:http request listener is fed requests over in-memory connections (no sockets), and
// its CPU time per request is measured. A busy machine disturbs this far less than requests per
// second over loopback.
//
// Plain JavaScript, run by node alone in a child process, as a user runs serve from dist/, with
// standard output a real file descriptor (the bench gives /dev/null): serve writes its lines with
// the system calls it makes over HTTP, and the floor prints with process.stdout as it does there.
// The bench drives it over IPC (advanced serialization):
//   → { serve: [[...args], ...], token }   ← { ready: true }
//   → { listener: i, requests: [Buffer], connections }  ← { micros }   (listener 0 is the floor, then each serve)
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import { Duplex, Writable } from "node:stream";
import { floorListener } from "./floor.mjs";

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * Starts `rbm-events serve` from dist/ in this process with `args`, printing to this process's
 * standard output, and returns its request listener; node:http's createServer is wrapped for the
 * moment to find it.
 */
async function serveListener(args, token) {
  const { main } = await import(new URL("../../dist/src/cli/main.js", import.meta.url).href);
  let server;
  const original = http.createServer;
  http.createServer = (...given) => (server = original(...given));
  syncBuiltinESMExports();
  try {
    void main(["serve", "--port", "0", ...args], { stdin: process.stdin, stdout: process.stdout, stderr: discard(), env: { RBM_CLIENT_TOKEN: token } });
    while (server === undefined || !server.listening) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    http.createServer = original;
    syncBuiltinESMExports();
  }
  return server.listeners("request")[0];
}

/** One in-memory connection: requests pushed in, each answer awaited before the next. */
class Connection extends Duplex {
  #answered;
  #received = "";
  _read() {}
  _write(chunk, _encoding, done) {
    this.#received += chunk.toString("latin1");
    // Every answer of these runs has an empty body: its head's end is its end.
    if (this.#received.endsWith("\r\n\r\n")) {
      this.#received = "";
      this.#answered?.();
    }
    done();
  }
  send(request) {
    const answered = new Promise((resolve) => (this.#answered = resolve));
    this.push(request);
    return answered;
  }
}

/** CPU time in µs per request of `listener` over `requests`, on `connections` connections. */
async function cpuPerRequest(listener, requests, connections) {
  const server = http.createServer(listener);
  const open = Array.from({ length: connections }, () => {
    const connection = new Connection();
    server.emit("connection", connection);
    return connection;
  });
  const start = process.cpuUsage();
  await Promise.all(
    open.map(async (connection, c) => {
      for (let i = c; i < requests.length; i += connections) await connection.send(requests[i]);
    }),
  );
  const used = process.cpuUsage(start);
  for (const connection of open) connection.destroy();
  return (used.user + used.system) / requests.length;
}

const listeners = [];
/** Answers one message of the bench. */
async function answer(message) {
  if (message.serve !== undefined) {
    listeners.push(floorListener(message.token));
    for (const args of message.serve) listeners.push(await serveListener(args, message.token));
    return { ready: true };
  }
  const requests = message.requests.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength));
  return { micros: await cpuPerRequest(listeners[message.listener], requests, message.connections) };
}
process.on("message", (message) => {
  answer(message).then(
    (reply) => process.send(reply),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.on("disconnect", () => process.exit(0));
