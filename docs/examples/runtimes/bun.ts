// Bun: `RBM_CLIENT_TOKEN=… bun docs/examples/runtimes/bun.ts`
import { createFetchHandler } from "rbm-events/web";

const handler = createFetchHandler({
  clientToken: Bun.env["RBM_CLIENT_TOKEN"]!.split(",").map((token) => token.trim()),
  onEvent: (decoded) => console.log(`event ${decoded.kind}`), // hand it to a queue here
});

const server = Bun.serve({ hostname: "127.0.0.1", port: Number(Bun.env["PORT"] ?? 8080), fetch: handler });
console.log(`listening on ${server.url}`);
