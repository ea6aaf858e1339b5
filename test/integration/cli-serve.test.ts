import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { eventLine } from "../../src/cli/decode.js";
import { decodeEvent } from "../../src/events/decode.js";
import { signPayload } from "../../src/signature/node.js";
import { runCli } from "../support/cli.js";
import { RawClient, rawHead, within } from "../support/webhook.js";

const root = resolve(import.meta.dirname, "../..");
const token = "serve-client-token-8c2e41";
const missingToken =
  "rbm-events serve: missing client token: set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)\n" +
  "Run `rbm-events serve --help` for usage.\n";

const run = (args: string[], env: Record<string, string | undefined>) => runCli(args, "", env);

const usage = suite("rbm-events serve, usage");

usage("exits 2 without a client token, before listening", async () => {
  for (const value of [undefined, "", ","]) {
    assert.equal(await run(["serve", "--port", "0"], { RBM_CLIENT_TOKEN: value }), { code: 2, stdout: "", stderr: missingToken });
  }
});

usage("exits 2 for a bad port or an argument, and never takes a token from a flag", async () => {
  const env = { RBM_CLIENT_TOKEN: token };
  for (const [args, message] of [
    [["--port", "http"], 'invalid --port: expected an integer from 0 to 65535, received "http"'],
    [["--port", "65536"], 'invalid --port: expected an integer from 0 to 65535, received "65536"'],
    [["--port=-1"], 'invalid --port: expected an integer from 0 to 65535, received "-1"'],
    [["--port", ""], 'invalid --port: expected an integer from 0 to 65535, received ""'],
    [["8080"], 'unexpected argument "8080"'],
    [["--client-token", token], "Unknown option '--client-token'"],
  ] as const) {
    const { code, stderr } = await run(["serve", ...args], env);
    assert.is(code, 2, args.join(" "));
    assert.ok(stderr.startsWith(`rbm-events serve: ${message}`), stderr);
  }
});

usage("exits 1 when it cannot listen", async () => {
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
  try {
    const { port } = taken.address() as AddressInfo;
    const { code, stderr } = await run(["serve", "--port", String(port)], { RBM_CLIENT_TOKEN: token });
    assert.equal([code, stderr], [1, `rbm-events serve: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`]);
  } finally {
    await new Promise((r) => taken.close(r));
  }
});

usage("prints help", async () => {
  const { code, stdout } = await run(["serve", "--help"], {});
  assert.equal([code, stdout.split("\n")[0]], [0, "usage: rbm-events serve [--port 8080] [--host 127.0.0.1]"]);
  assert.match(stdout, "RBM_CLIENT_TOKEN");
});

usage.run();

const process_ = suite("rbm-events serve, as a process");

process_("answers the handshake, prints signed events only, and finishes a request in flight on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "bin.ts"), "serve", "--port", "0"], {
    cwd: root,
    env: { ...process.env, RBM_CLIENT_TOKEN: `other-token,${token}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const until = async (what: string, ready: () => boolean) => {
    for (let i = 0; i < 1_500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ready(), `${what}; stderr: ${stderr}`);
  };
  try {
    await until("listening", () => /listening on http:\/\/127\.0\.0\.1:\d+\/\n/.test(stderr));
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(stderr)![1]);
    assert.is(stderr, `rbm-events serve: listening on http://127.0.0.1:${port}/\n`);
    const url = `http://127.0.0.1:${port}/hook`;
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      return [response.status, await response.text()];
    };

    assert.equal(await post(JSON.stringify({ clientToken: token, secret: "1234567890" })), [200, "1234567890"]);
    assert.equal((await post(JSON.stringify({ clientToken: "nope", secret: "1234567890" })))[0], 403);

    const body = readFileSync(join(root, "examples", "webhook-server-event.json"), "utf8");
    const signature = signPayload((JSON.parse(body) as { message: { data: string } }).message.data, token);
    assert.equal(await post(body, { "x-goog-signature": signature }), [200, ""]);
    await until("the event line", () => stdout.endsWith("\n"));
    assert.is(stdout, `${JSON.stringify(eventLine(decodeEvent(body)))}\n`);

    const forged = signPayload((JSON.parse(body) as { message: { data: string } }).message.data, "wrong-token");
    assert.equal((await post(body, { "x-goog-signature": forged }))[0], 401);
    await until("the 401 line", () => stderr.includes("401 POST"));
    assert.is(stdout.split("\n").length, 2, "a rejected request printed an event");
    assert.equal(stderr.split("\n").slice(1), [
      "403 POST /hook unauthorized: unknown client token",
      "401 POST /hook unauthorized: X-Goog-Signature does not match message.data",
      "",
    ]);

    // A request in flight when SIGTERM comes: the server has its head (it answered 100 Continue), not its body.
    const push = readFileSync(join(root, "examples", "push-user-event.json"), "utf8");
    const pushSignature = signPayload((JSON.parse(push) as { message: { data: string } }).message.data, token);
    const client = new RawClient(port);
    client.socket.write(rawHead([`Content-Length: ${Buffer.byteLength(push)}`, `X-Goog-Signature: ${pushSignature}`, "Expect: 100-continue"]));
    await within(client.until(/100 Continue\r\n\r\n/), "100 Continue");
    child.kill("SIGTERM");
    await until("stopping", () => stderr.includes("stopping"));
    client.socket.write(push);
    await within(client.until(/HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/), "the answer in flight");
    assert.match(client.received, /HTTP\/1\.1 200 OK\r\n/);
    assert.is(await within(exited, "exit"), 0);
    const lines = stdout.trimEnd().split("\n");
    assert.is(lines.length, 2);
    assert.is(lines[1], JSON.stringify(eventLine(decodeEvent(push))));
    assert.not.ok(`${stdout}${stderr}`.includes(token), "the token was printed");
  } finally {
    child.kill("SIGKILL");
  }
});

process_.run();
