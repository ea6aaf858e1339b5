// The floor of `npm run bench:webhook`: a bare node:http receiver doing the least any receiver
// must. Read the body, JSON.parse it, verify the HMAC-SHA512 of message.data, base64 to bytes,
// JSON.parse the event, print one line, answer 200. No checks beyond those, no idempotency.
//
// Plain JavaScript, run by node alone, as the receiver it is measured against runs from dist/.
//
//   RBM_CLIENT_TOKEN=… node bench/webhook/floor-server.mjs
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const token = process.env["RBM_CLIENT_TOKEN"] ?? "";

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const data = Buffer.from(body.message.data, "base64");
    const expected = createHmac("sha512", token).update(data).digest();
    const given = Buffer.from(String(req.headers["x-goog-signature"]), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(data.toString("utf8"));
    process.stdout.write(`${JSON.stringify(event)}\n`);
    res.writeHead(200, { "content-length": 0 }).end();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stderr.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
