// Cloudflare Workers: `wrangler deploy docs/examples/runtimes/worker.ts`, with RBM_CLIENT_TOKEN a secret.
import { createFetchHandler } from "rbm-events/web";

let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: { RBM_CLIENT_TOKEN: string }): Promise<Response> {
    // The token is a binding, known at the first request; the handler (and its idempotency store) lives as long as the isolate.
    handler ??= createFetchHandler({
      clientToken: env.RBM_CLIENT_TOKEN.split(",").map((token) => token.trim()),
      onEvent: (decoded) => console.log(`event ${decoded.kind}`), // hand it to a queue here
    });
    return handler(request);
  },
};
