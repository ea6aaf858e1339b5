// `rbm-events serve`: a local webhook receiver printing each verified event as an NDJSON line.

import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventLine } from "./decode.js";
import { EXIT_OK, EXIT_REJECTED, UsageError, parseCommand, type CliIo } from "./io.js";
import { LineWriter } from "./ndjson.js";
import { createWebhookHandler } from "../webhook/node.js";

/** Help text of `rbm-events serve`. */
export function serveHelp(): string {
  return `usage: rbm-events serve [--port 8080] [--host 127.0.0.1]

Receives RBM webhook requests: answers the registration handshake, verifies
X-Goog-Signature and prints each verified event as one JSON line, as
\`rbm-events decode\` does. Each rejected request is one line on standard error
(status, method, path, reason). SIGINT or SIGTERM stops accepting requests and
exits once those in flight are answered.

The client tokens come from the environment, never from a flag:
  RBM_CLIENT_TOKEN  the webhook's client token; several separated by commas

options:
      --port N     port to listen on, 0 for any free one (default 8080)
      --host HOST  address to listen on (default 127.0.0.1)
  -h, --help       print this help

exit status: 0 stopped by a signal, 1 cannot listen, 2 usage error
`;
}

/** Reads the client tokens from `RBM_CLIENT_TOKEN` (comma-separated), or throws a {@link UsageError}. */
export function clientTokensFromEnv(env: CliIo["env"]): string[] {
  const tokens = (env["RBM_CLIENT_TOKEN"] ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  if (tokens.length === 0) {
    const fix = "set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)";
    throw new UsageError(`missing client token: ${fix}`);
  }
  return tokens;
}

/** Runs `rbm-events serve` with `args`; resolves to the exit code once the server has stopped. */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    port: { type: "string" },
    host: { type: "string" },
  });
  if (values.help) {
    io.stdout.write(serveHelp());
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const port = parsePort(values.port);
  const host = typeof values.host === "string" ? values.host : "127.0.0.1";
  const clientToken = clientTokensFromEnv(io.env);

  const out = new LineWriter(io.stdout);
  const handler = createWebhookHandler({
    clientToken,
    onEvent: (decoded) => out.write(eventLine(decoded)),
    onError: (error, { status, method, path }) => {
      if (status !== 200) io.stderr.write(`${status} ${method} ${path} ${error.message}\n`);
    },
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
    const { code } = error as { code?: unknown };
    const reason = typeof code === "string" ? code : String(error);
    io.stderr.write(`rbm-events serve: cannot listen on ${host}:${port}: ${reason}\n`);
    return EXIT_REJECTED;
  }
  const { port: actual } = server.address() as AddressInfo;
  io.stderr.write(`rbm-events serve: listening on http://${host.includes(":") ? `[${host}]` : host}:${actual}/\n`);

  // A repeated signal changes nothing: `npx` forwards Ctrl-C's SIGINT, which then arrives twice.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    io.stderr.write("rbm-events serve: stopping once requests in flight are answered\n");
    server.close();
    server.closeIdleConnections();
  };
  process.on("SIGINT", stop).on("SIGTERM", stop);
  try {
    await once(server, "close");
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
  }
  return EXIT_OK;
}

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 8080;
  const port = typeof value === "string" && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) {
    throw new UsageError(`invalid --port: expected an integer from 0 to 65535, received ${JSON.stringify(value)}`);
  }
  return port;
}
