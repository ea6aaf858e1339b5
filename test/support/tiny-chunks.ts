// A receiver and a client in one process, for the memory test of bodies sent in 1-byte pieces:
// the client sends COUNT chunked-encoding pieces of one byte each; the process prints
// `{"status","grewBytes"}`: the answer's status and how far its RSS rose above where it started.
//
//   node --import tsx test/support/tiny-chunks.ts <COUNT> <maxBufferedBytes>
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { createWebhookHandler } from "../../src/webhook/node.js";

const [count, buffered] = process.argv.slice(2).map(Number) as [number, number];
const server = createServer(
  createWebhookHandler({ clientToken: "tiny-chunks-token-5e1a", onEvent: () => {}, maxBufferedBytes: buffered, bodyTimeoutMs: 60_000 }),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

const head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
const pieces = Buffer.from("1\r\n \r\n".repeat(count) + "0\r\n\r\n");
globalThis.gc?.();
const start = process.memoryUsage().rss;
let peak = start;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);

const socket = connect(port, "127.0.0.1");
socket.on("error", () => {});
let received = "";
socket.setEncoding("utf8").on("data", (text: string) => (received += text));
socket.write(head);
socket.write(pieces);
await new Promise<void>((resolve) => {
  socket.on("close", () => resolve());
  socket.on("data", () => received.includes("\r\n\r\n") && resolve());
});
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
socket.destroy();
server.closeAllConnections();
server.close();
process.stdout.write(`${JSON.stringify({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), grewBytes: peak - start })}\n`);
