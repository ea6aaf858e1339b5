// `rbm-events serve`: a local webhook receiver printing each verified event as an NDJSON line.

import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventLine } from "./decode-lines.js";
import { EXIT_OK, EXIT_REJECTED, UsageError, clientTokensFromEnv, describeInputError, parseCommand, type CliIo } from "./io.js";
import { LineWriter } from "./ndjson.js";
import type { RbmEventError } from "../errors.js";
import { connectRedis, redisUrlFrom, type ServeRedis } from "./serve-redis.js";
import { createWebhookHandler } from "../webhook/node.js";
import type { InvalidDelivery } from "../webhook/index.js";

/** Help text of `rbm-events serve`. */
export function serveHelp(): string {
  return `usage: rbm-events serve [--port 8080] [--host 127.0.0.1] [--dead-letter FILE] [--grace 10]
       [--redis URL]

Receives RBM webhook requests: answers the registration handshake, verifies
X-Goog-Signature and prints each verified event as one JSON line, as
\`rbm-events decode\` does. Each rejected request is one line on standard error
(status, method, path, reason). A verified event that cannot be decoded is
answered 200, so that RBM stops sending it, with a "dead letter" line on
standard error; --dead-letter FILE also appends it to FILE as one JSON line
{"receivedAt","error","body"} (the body as received).

SIGINT or SIGTERM stops accepting requests and exits once those in flight are
answered, closing idle connections at once and any other after the grace
period; a second signal exits at once.

Each event is printed once per eventId: the process remembers the last 10,000
it handled. With --redis, several serve processes share that memory in Redis
(8 days), so behind a load balancer each event is printed by one of them; while
Redis is unreachable, events are answered 503 and RBM delivers them again.

The client tokens come from the environment, never from a flag:
  RBM_CLIENT_TOKEN  the webhook's client token; several separated by commas
  RBM_REDIS_URL     the Redis to share, when --redis is not given

options:
      --port N            port to listen on, 0 for any free one (default 8080)
      --host HOST         address to listen on (default 127.0.0.1)
      --dead-letter FILE  append verified events that cannot be decoded to FILE
      --grace N           seconds to wait for requests in flight when stopping
                          (default 10)
      --redis URL         share handled events through Redis (redis:// or rediss://)
  -h, --help              print this help

exit status: 0 stopped by a signal, 1 cannot listen or reach Redis, 2 usage error or cannot
open FILE, 128 + the signal's number when a second signal stopped it
`;
}

const fromEnv = "client tokens come from the environment variable RBM_CLIENT_TOKEN, never from a flag";
const tokenHints = { "--token": fromEnv, "--client-token": fromEnv, "--clientToken": fromEnv, "--tokens": fromEnv };

/** Runs `rbm-events serve` with `args`; resolves to the exit code once the server has stopped. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    port: { type: "string" },
    host: { type: "string" },
    "dead-letter": { type: "string" },
    grace: { type: "string" },
    redis: { type: "string" },
  }, tokenHints);
  if (values.help) {
    io.stdout.write(serveHelp());
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const port = parsePort(values.port);
  const host = typeof values.host === "string" ? values.host : "127.0.0.1";
  const graceMs = parseGrace(values.grace);
  const clientToken = clientTokensFromEnv(io.env);
  const redisUrl = redisUrlFrom(values.redis, io.env);
  const deadLetterPath = values["dead-letter"];
  const deadLetters = typeof deadLetterPath === "string" ? await openDeadLetters(deadLetterPath) : undefined;
  let redis: ServeRedis | undefined;
  if (redisUrl !== undefined) {
    const connected = await connectRedis(redisUrl, io);
    if (typeof connected === "string") {
      io.stderr.write(`rbm-events serve: ${connected}\n`);
      await deadLetters?.close();
      return EXIT_REJECTED;
    }
    redis = connected;
  }

  const out = new LineWriter(io.stdout);
  const handler = createWebhookHandler({
    clientToken,
    onEvent: (decoded) => out.write(eventLine(decoded)),
    // An outage of the store is one line of its own, not one per request answered 503.
    onError: (error, { status, method, path }) => {
      if (status !== 503) io.stderr.write(`${status} ${method} ${path} ${error.message}\n`);
    },
    onInvalid: async (error, delivery) => {
      await deadLetters?.append(error, delivery);
      const kept = deadLetterPath === undefined ? "" : " (kept in the dead-letter file)";
      io.stderr.write(`200 ${delivery.method} ${delivery.path} dead letter${kept}: ${error.message}\n`);
    },
    ...(redis === undefined ? {} : { idempotency: redis.store }),
  });
  let stopping = false;
  const server = createServer((req, res) => {
    // Once stopping, a connection is closed after its response instead of kept alive.
    if (stopping) res.setHeader("connection", "close");
    res.once("finish", () => stopping && setImmediate(() => server.closeIdleConnections()));
    handler(req, res);
  });
  try {
    server.listen(port, host);
    await once(server, "listening");
  } catch (error) {
    await deadLetters?.close();
    const { code } = error as { code?: unknown };
    const reason = typeof code === "string" ? code : String(error);
    io.stderr.write(`rbm-events serve: cannot listen on ${host}:${port}: ${reason}\n`);
    await redis?.close();
    return EXIT_REJECTED;
  }
  const { port: actual } = server.address() as AddressInfo;
  io.stderr.write(`rbm-events serve: listening on http://${host.includes(":") ? `[${host}]` : host}:${actual}/\n`);

  let exitCode = EXIT_OK;
  let grace: NodeJS.Timeout | undefined;
  let firstSignal: { name: NodeJS.Signals; at: number } | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (firstSignal !== undefined) {
      // npx forwards Ctrl-C's SIGINT, which then arrives twice at once: that is still one.
      if (signal === "SIGINT" && firstSignal.name === "SIGINT" && Date.now() - firstSignal.at < 500) return;
      io.stderr.write(`rbm-events serve: ${signal} again, closing every connection now\n`);
      exitCode = 128 + (signal === "SIGINT" ? 2 : 15);
      server.closeAllConnections();
      return;
    }
    firstSignal = { name: signal, at: Date.now() };
    stopping = true;
    io.stderr.write("rbm-events serve: stopping once requests in flight are answered\n");
    // server.close() also stops Node's header and request timeouts, so a client that sent half
    // its headers, or keeps a connection open, would hold the server for ever without the grace.
    server.close();
    server.closeIdleConnections();
    grace = setTimeout(() => {
      io.stderr.write(`rbm-events serve: closing the connections still open after ${graceMs / 1000} s\n`);
      server.closeAllConnections();
    }, graceMs);
  };
  process.on("SIGINT", stop).on("SIGTERM", stop);
  try {
    await once(server, "close");
  } finally {
    clearTimeout(grace);
    process.off("SIGINT", stop).off("SIGTERM", stop);
    await deadLetters?.close();
    await redis?.close();
  }
  return exitCode;
}

/** An NDJSON file that verified but undecodable deliveries are appended to, one at a time. */
interface DeadLetters {
  append(error: RbmEventError, delivery: InvalidDelivery): Promise<void>;
  close(): Promise<void>;
}

/** Opens (or creates) the dead-letter file for appending, or throws a {@link UsageError}. */
async function openDeadLetters(path: string): Promise<DeadLetters> {
  let file: FileHandle;
  try {
    file = await open(path, "a");
  } catch (error) {
    const reason = describeInputError(error)?.replace(/^cannot read /, "cannot open dead-letter file ");
    throw new UsageError(reason ?? `cannot open dead-letter file ${JSON.stringify(path)}`);
  }
  let last: Promise<unknown> = Promise.resolve();
  return {
    append(error, delivery) {
      const { code, message, issues } = error;
      const line = `${JSON.stringify({ receivedAt: new Date().toISOString(), error: { code, message, issues }, body: delivery.body })}\n`;
      // One write after another, so that lines never interleave; a failed write fails its delivery (500).
      const write = last.then(() => file.appendFile(line));
      last = write.catch(() => {});
      return write;
    },
    async close() {
      await last;
      await file.close();
    },
  };
}

function parseGrace(value: string | boolean | undefined): number {
  if (value === undefined) return 10_000;
  const seconds = typeof value === "string" && /^\d{1,6}(\.\d{1,3})?$/.test(value) ? Number(value) : NaN;
  if (!(seconds <= 86_400)) {
    throw new UsageError(`invalid --grace: expected a number of seconds from 0 to 86400, received ${JSON.stringify(value)}`);
  }
  return Math.round(seconds * 1000);
}

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 8080;
  const port = typeof value === "string" && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) {
    throw new UsageError(`invalid --port: expected an integer from 0 to 65535, received ${JSON.stringify(value)}`);
  }
  return port;
}
