// What the floor receivers of `npm run bench:webhook` share: the least any receiver must do with a
// request (read the body, JSON.parse it, verify the HMAC-SHA512 of message.data, base64 to bytes,
// JSON.parse the event), the floor's request listener, and listening until SIGTERM.
//
// Plain JavaScript, run by node alone, as the receivers they are measured against run from dist/.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Reads `req`'s body and calls `then` with it, whole. */
export function readBody(req, then) {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => then(Buffer.concat(chunks)));
}

/** The event a signed body carries, parsed; undefined when X-Goog-Signature does not match. */
export function signedEvent(req, bytes, token) {
  const body = JSON.parse(bytes.toString("utf8"));
  const data = Buffer.from(body.message.data, "base64");
  const expected = createHmac("sha512", token).update(data).digest();
  const given = Buffer.from(String(req.headers["x-goog-signature"]), "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return JSON.parse(data.toString("utf8"));
}

/** The floor: the least any receiver must do, then print the event as one line and answer 200. */
export function floorListener(token) {
  return (req, res) =>
    readBody(req, (bytes) => {
      const event = signedEvent(req, bytes, token);
      if (event === undefined) return void res.writeHead(401).end();
      process.stdout.write(`${JSON.stringify(event)}\n`);
      res.writeHead(200, { "content-length": 0 }).end();
    });
}

/** Listens on a free port, says which on standard error, and stops on SIGTERM, then runs `stopped`. */
export function listenUntilTerm(server, stopped = () => {}) {
  server.listen(0, "127.0.0.1", () => {
    process.stderr.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
  });
  process.on("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    stopped();
  });
}
