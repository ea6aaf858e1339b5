// The Express pair of `npm run bench:webhook`, one per process: `naive` is the handler an Express
// app would write by hand (express.json(), then the HMAC of message.data, base64, JSON.parse,
// print one line, 200); `handler` is rbm-events' createWebhookHandler (from dist/) on the same
// route, printing each event it hands on as one line.
//
//   RBM_CLIENT_TOKEN=… node bench/webhook/express-server.mjs naive|handler
import { createHmac, timingSafeEqual } from "node:crypto";
import express from "express";
import { createWebhookHandler } from "../../dist/src/index.js";

const token = process.env["RBM_CLIENT_TOKEN"] ?? "";
const app = express();
if (process.argv[2] === "handler") {
  app.post("/", createWebhookHandler({ clientToken: token, onEvent: (decoded) => void process.stdout.write(`${JSON.stringify(decoded.event)}\n`) }));
} else {
  app.post("/", express.json(), (req, res) => {
    const data = Buffer.from(req.body.message.data, "base64");
    const expected = createHmac("sha512", token).update(data).digest();
    const given = Buffer.from(String(req.headers["x-goog-signature"]), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void res.status(401).end();
    process.stdout.write(`${JSON.stringify(JSON.parse(data.toString("utf8")))}\n`);
    res.status(200).end();
  });
}
const server = app.listen(0, "127.0.0.1", () => {
  process.stderr.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
