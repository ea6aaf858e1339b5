// The floor of `npm run bench:webhook`: a bare node:http receiver doing the least any receiver
// must. Read the body, JSON.parse it, verify the HMAC-SHA512 of message.data, base64 to bytes,
// JSON.parse the event, print one line, answer 200. No checks beyond those, no idempotency.
//
//   RBM_CLIENT_TOKEN=… node --import tsx bench/webhook/floor-server.ts
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const token = process.env["RBM_CLIENT_TOKEN"] ?? "";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { message: { data: string } };
    const data = Buffer.from(body.message.data, "base64");
    const expected = createHmac("sha512", token).update(data).digest();
    const given = Buffer.from(String(req.headers["x-goog-signature"]), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(data.toString("utf8")) as unknown;
    process.stdout.write(`${JSON.stringify(event)}\n`);
    res.writeHead(200, { "content-length": 0 }).end();
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stderr.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
});
