// The Redis floor of `npm run bench:webhook`: the floor (./floor-server.mjs) plus the two node-redis
// commands any receiver that hands each event on once needs: claim the event before handing it on
// (`SET key claim NX PX lease GET`, which also tells a handled event from one being handled, as
// `serve --redis` claims), record it as handled before answering 200 (`SET key done PX`).
// No other checks, no command timeouts, no release on failure.
//
// Plain JavaScript, run by node alone, as the receiver it is measured against runs from dist/.
//
//   RBM_CLIENT_TOKEN=… node bench/webhook/redis-floor-server.mjs redis://127.0.0.1:6379
import { createServer } from "node:http";
import { createClient } from "redis";
import { listenUntilTerm, readBody, signedEvent } from "./floor.mjs";

const token = process.env["RBM_CLIENT_TOKEN"] ?? "";
const client = await createClient({ url: process.argv[2] }).connect();
const claim = { condition: "NX", expiration: { type: "PX", value: 30_000 }, GET: true };
const done = { expiration: { type: "PX", value: 8 * 24 * 3_600_000 } };

const server = createServer((req, res) =>
  // A Redis failure answers 500 rather than ending the process with an unhandled rejection.
  readBody(req, (bytes) => void answer(req, res, bytes).catch(() => res.writeHead(500).end())),
);

async function answer(req, res, bytes) {
  const event = signedEvent(req, bytes, token);
  if (event === undefined) return void res.writeHead(401).end();
  const key = `floor:${event.eventId ?? event.messageId}`;
  if ((await client.set(key, "claimed", claim)) === null) {
    res.writeHead(200, { "content-length": 0 }).end();
    return;
  }
  process.stdout.write(`${JSON.stringify(event)}\n`);
  await client.set(key, "done", done);
  res.writeHead(200, { "content-length": 0 }).end();
}

listenUntilTerm(server, () => client.destroy());
