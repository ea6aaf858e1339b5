// The floor of `npm run bench:webhook`: a bare node:http receiver doing the least any receiver
// must. Read the body, JSON.parse it, verify the HMAC-SHA512 of message.data, base64 to bytes,
// JSON.parse the event, print one line, answer 200. No checks beyond those, no idempotency.
//
// Plain JavaScript, run by node alone, as the receiver it is measured against runs from dist/.
//
//   RBM_CLIENT_TOKEN=… node bench/webhook/floor-server.mjs
import { createServer } from "node:http";
import { floorListener, listenUntilTerm } from "./floor.mjs";

listenUntilTerm(createServer(floorListener(process.env["RBM_CLIENT_TOKEN"] ?? "")));
