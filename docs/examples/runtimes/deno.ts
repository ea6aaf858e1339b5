// Deno: `RBM_CLIENT_TOKEN=… deno run --allow-net --allow-env docs/examples/runtimes/deno.ts`
import { createFetchHandler } from "rbm-events/web";

const handler = createFetchHandler({
  clientToken: Deno.env.get("RBM_CLIENT_TOKEN")!.split(",").map((token) => token.trim()),
  onEvent: (decoded) => console.log(`event ${decoded.kind}`), // hand it to a queue here
});

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? 8080),
  onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}/`),
}, handler);
