// `rbm-events serve`: a local webhook receiver printing each verified event as an NDJSON line.

import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventLine } from "./decode-lines.js";
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_REJECTED,
  UsageError,
  clientTokensFromEnv,
  describeInputError,
  isClosedOutput,
  isCommandFailure,
  parseCommand,
  type CliIo,
  type CommandFailure,
} from "./io.js";
import { createLog, LOG_LEVELS } from "./log-line.js";
import { fileSink, outputSink, type LineSink } from "./line-sink.js";
import { connectRedis, redisUrlFrom, type ServeRedis } from "./serve-redis.js";
import { answerProbe } from "./serve-probes.js";
import { stopOnSignals } from "./serve-stop.js";
import { MemoryIdempotencyStore } from "../webhook/index.js";
import { createWebhookHandler } from "../webhook/node.js";

/** Help text of `rbm-events serve`. */
export function serveHelp(): string {
  return `usage: rbm-events serve [--port 8080] [--host 127.0.0.1] [--dead-letter FILE] [--grace 10]
       [--redis URL] [--metrics] [--log-format text|json] [--log-level info]

Receives RBM webhook requests: answers the registration handshake, verifies
X-Goog-Signature and prints each verified event as one JSON line, as
\`rbm-events decode\` does. Each rejected request is one line on standard error
(status, method, path, reason). A verified event that cannot be decoded is
answered 200, so that RBM stops sending it, with a "dead letter" line on
standard error; --dead-letter FILE also appends it to FILE as one JSON line
{"receivedAt","error","body"} (the body as received).

An event is answered 200 only once its line has left the process (handed to the
pipe, or written to the file). One whose line cannot be written within 10 s (a
full disk, a reader that does not read) is answered 500, so that RBM delivers it
again, with one line on standard error until writing works again. If standard
output is closed (its reader went away), serve stops as on a signal, exit 4.

SIGINT or SIGTERM stops accepting requests and exits once those in flight are
answered, closing idle connections at once and any other after the grace
period: a request still waiting then is answered 503 with Retry-After. A second
signal exits at once.

Each event is printed once per eventId: the process remembers the last 10,000
it handled. With --redis, several serve processes share that memory in Redis
(8 days), so behind a load balancer each event is printed by one of them; while
Redis is unreachable, events are answered 503 and RBM delivers them again.

Besides the webhook, GET /healthz answers 200 "ok" while serve runs (503 once
stopping), and GET /readyz answers 200 "ready" when events can be taken: 503
with the cause while stopping, or with --redis when Redis does not answer a
PING within 1 s (an answer is reused for 1 s). With --metrics, GET /metrics
answers the Prometheus metrics (rbm_events_*). These share the webhook's port;
a POST to any path is a webhook request, as RBM only POSTs.

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
      --metrics           answer GET /metrics in the Prometheus text format
      --log-format F      text (default), each line after its time (ISO 8601, UTC),
                          or json: one JSON object a line, with time, level, msg
                          and, when known, status, method, path, code, and (with
                          --metrics or debug) eventId and kind
      --log-level L       debug, info (default), warn or error; debug also logs
                          each request answered 200
  -h, --help              print this help

exit status: 0 stopped by a signal, 1 cannot listen or reach Redis, 2 usage error or cannot
open FILE, 4 standard output closed, 128 + the signal's number when a second signal stopped it
`;
}

const fromEnv = "client tokens come from the environment variable RBM_CLIENT_TOKEN, never from a flag";
const tokenHints = { "--token": fromEnv, "--client-token": fromEnv, "--clientToken": fromEnv, "--tokens": fromEnv };

/** Runs `rbm-events serve` with `args`; resolves to the exit code once the server has stopped. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    args,
    {
      port: { type: "string" },
      host: { type: "string" },
      "dead-letter": { type: "string" },
      grace: { type: "string" },
      redis: { type: "string" },
      metrics: { type: "boolean" },
      "log-format": { type: "string" },
      "log-level": { type: "string" },
    },
    tokenHints,
  );
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
  const format = parseChoice("--log-format", values["log-format"], ["text", "json"] as const, "text");
  const level = parseChoice("--log-level", values["log-level"], LOG_LEVELS, "info");
  const log = createLog(io.stderr, "rbm-events serve", { format, level });
  // Requests are followed (an async context each, some 15% of throughput) only when asked for.
  const metrics =
    values.metrics === true || level === "debug"
      ? new (await import("./serve-metrics.js")).ServeMetrics({ counting: values.metrics === true, debug: level === "debug" ? log : undefined })
      : undefined;
  const deadLetters = typeof deadLetterPath === "string" ? await openDeadLetters(deadLetterPath, (failure) => report(failure)) : undefined;
  let redis: ServeRedis | undefined;
  if (redisUrl !== undefined) {
    const connected = await connectRedis(redisUrl, log);
    if (typeof connected === "string") {
      log(`rbm-events serve: ${connected}`, { level: "error" });
      await deadLetters?.release();
      return EXIT_REJECTED;
    }
    redis = connected;
  }

  const store = metrics === undefined ? redis?.store : metrics.watchStore(redis?.store ?? new MemoryIdempotencyStore());
  const out = outputSink(io.stdout, { target: "standard output", onHealth: (failure) => report(failure, "standard output") });
  const handler = createWebhookHandler({
    clientToken,
    onEvent: (decoded) => {
      const facts = metrics?.current;
      if (facts !== undefined) facts.kind = decoded.kind;
      return out.append(`${JSON.stringify(eventLine(decoded))}\n`);
    },
    // An outage of the store, or of the output, is one line of its own, not one per request.
    onError: (error, { status, method, path }) => {
      if (status === 503 || isCommandFailure(error.cause)) return;
      const facts = metrics?.current;
      const known = facts?.eventId === undefined ? {} : { eventId: facts.eventId, ...(facts.kind === undefined ? {} : { kind: facts.kind }) };
      log(`${status} ${method} ${path} ${error.message}`, { level: status >= 500 ? "error" : "warn", status, method, path, code: error.code, ...known });
    },
    onInvalid: async (error, delivery) => {
      const { code, message, issues } = error;
      const facts = metrics?.current;
      if (facts !== undefined) facts.kind = "dead_letter";
      await deadLetters?.sink.append(`${JSON.stringify({ receivedAt: new Date().toISOString(), error: { code, message, issues }, body: delivery.body })}\n`);
      const kept = deadLetterPath === undefined ? "" : " (kept in the dead-letter file)";
      log(`200 ${delivery.method} ${delivery.path} dead letter${kept}: ${error.message}`, {
        level: "warn",
        status: 200,
        method: delivery.method,
        path: delivery.path,
        kind: "dead_letter",
        code,
      });
    },
    ...(store === undefined ? {} : { idempotency: store }),
  });
  const probes = {
    stopping: () => stop.stopping,
    ...(redis === undefined ? {} : { storeReady: () => redis.ready() }),
    ...(values.metrics === true && metrics !== undefined ? { metrics: metrics.registry } : {}),
  };
  const server = createServer((req, res) => {
    stop.track(res);
    if (answerProbe(req, res, probes)) return;
    if (metrics === undefined) handler(req, res);
    else metrics.observe(req, res, () => handler(req, res));
  });
  const stop = stopOnSignals(server, graceMs, log, () => {
    // Lines not written by now belong to requests answered 503: they are not written later.
    void out.close();
    void deadLetters?.sink.close();
  });
  /** Logs when writing an output starts or stops failing; stops the server once standard output is gone. */
  function report(failure: CommandFailure | undefined, target = "the dead-letter file"): void {
    if (failure === undefined) log(`rbm-events serve: writing to ${target} again`, { level: "warn" });
    else if (target === "standard output" && isClosedOutput(failure)) stop.begin(`rbm-events serve: ${failure.message}; stopping`, EXIT_FAILED);
    else log(`rbm-events serve: ${failure.message}; answering 500 until it can`, { level: "error", code: failure.code });
  }
  try {
    server.listen(port, host);
    await once(server, "listening");
  } catch (error) {
    stop.dispose();
    await deadLetters?.release();
    const { code } = error as { code?: unknown };
    const reason =
      code === "EADDRINUSE"
        ? `port ${port} is in use; pick another with --port`
        : code === "EACCES"
          ? `no permission to listen on port ${port}; pick one above 1023 with --port`
          : typeof code === "string"
            ? code
            : String(error);
    log(`rbm-events serve: cannot listen on ${host}:${port}: ${reason}`, { level: "error" });
    await redis?.close();
    return EXIT_REJECTED;
  }
  const { port: actual } = server.address() as AddressInfo;
  log(`rbm-events serve: listening on http://${host.includes(":") ? `[${host}]` : host}:${actual}/`);

  const exitCode = await stop.done;
  stop.dispose();
  // After a second signal nothing is waited for: what is still unwritten was never acknowledged.
  // A write to a reader that never reads may never end: standard output is not waited for.
  void out.close();
  if (exitCode < 128) {
    await deadLetters?.release();
    await redis?.close();
  }
  return exitCode;
}

/** The dead-letter file, opened (or created) for appending, or a {@link UsageError}. */
async function openDeadLetters(
  path: string,
  onHealth: (failure: CommandFailure | undefined) => void,
): Promise<{ sink: LineSink; release: () => Promise<void> }> {
  try {
    const { sink, release } = await fileSink(path, { target: `dead-letter file ${path}`, onHealth });
    return { sink, release: async () => (await sink.close(), await release()) };
  } catch (error) {
    const reason = describeInputError(error)?.replace(/^cannot read /, "cannot open dead-letter file ");
    throw new UsageError(reason ?? `cannot open dead-letter file ${JSON.stringify(path)}`);
  }
}

function parseChoice<T extends string>(flag: string, value: string | boolean | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid ${flag}: expected ${choices.join(", ")}, received ${JSON.stringify(value)}`);
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
