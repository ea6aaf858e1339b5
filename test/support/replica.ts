// A receiver replica as its own process, for the Redis tests: node:http + createWebhookHandler
// with a RedisIdempotencyStore. Prints `listening <port>` once ready, then `handling <eventId>`
// when onEvent starts and `handled <eventId>` when it ends. onEvent never settles for the
// eventId given as STALL, so the process can be killed mid-handling.
//
//   node --import tsx test/support/replica.ts <redis URL> <claim lease ms> [STALL]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { RedisIdempotencyStore } from "../../src/redis.js";
import { createWebhookHandler } from "../../src/webhook/node.js";
import { token } from "./webhook.js";

const [url, lease, stall] = process.argv.slice(2);
const client = createClient({ url: url!, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } });
client.on("error", () => {});
await client.connect();

const server = createServer(
  createWebhookHandler({
    clientToken: token,
    claimLeaseMs: Number(lease),
    idempotency: new RedisIdempotencyStore({ client, prefix: "replicas:" }),
    async onEvent(decoded) {
      const id = decoded.kind === "userEvent" ? decoded.event.eventId : "?";
      process.stdout.write(`handling ${id}\n`);
      if (id === stall) await new Promise(() => {});
      process.stdout.write(`handled ${id}\n`);
    },
  }),
);
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
