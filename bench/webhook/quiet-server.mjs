// The ceilings of `npm run bench:webhook`: rbm-events' createWebhookHandler (from dist/) with an
// onEvent that does nothing, so no line is built, written or waited for. It does everything else
// serve does (the body read with its bounds, strict JSON, the signature, the decoded event, the
// idempotency store, the reply), so no receiver built on it, serve included, can do better: what
// it reaches against a floor is the most any such receiver can reach.
//
// Plain JavaScript, run by node alone, as serve runs from dist/.
//
//   RBM_CLIENT_TOKEN=… node bench/webhook/quiet-server.mjs node|express [redis://…]
import { createServer } from "node:http";
import express from "express";
import { createClient } from "redis";
import { createWebhookHandler } from "../../dist/src/index.js";
import { RedisIdempotencyStore } from "../../dist/src/redis.js";
import { listenUntilTerm } from "./floor.mjs";

const token = process.env["RBM_CLIENT_TOKEN"] ?? "";
const [framework, redisUrl] = process.argv.slice(2);
// As serve --redis connects: node-redis's own per-command timeout off, the store bounds each command.
const client = redisUrl === undefined ? undefined : await createClient({ url: redisUrl, commandOptions: { timeout: 0 } }).connect();
const handler = createWebhookHandler({
  clientToken: token,
  onEvent: () => {},
  ...(client === undefined ? {} : { idempotency: new RedisIdempotencyStore({ client }) }),
});
let server;
if (framework === "express") {
  const app = express();
  app.post("/", handler);
  server = createServer(app);
} else {
  server = createServer(handler);
}
listenUntilTerm(server, () => client?.destroy());
