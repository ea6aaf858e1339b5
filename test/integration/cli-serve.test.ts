import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { eventLine } from "../../src/cli/decode-lines.js";
import { decodeEvent } from "../../src/events/index.js";
import { signPayloadSync } from "../../src/signature/node.js";
import { runCli } from "../support/cli.js";
import { untimed } from "../support/serve-process.js";
import { RawClient, rawHead, within } from "../support/webhook.js";

const root = resolve(import.meta.dirname, "../..");
const token = "serve-client-token-8c2e41";
const missingToken =
  "rbm-events serve: missing client token: set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)\n" +
  "Run `rbm-events serve --help` for usage.\n";

const run = (args: string[], env: Record<string, string | undefined>) => runCli(args, "", env);

const usage = suite("rbm-events serve, usage");

usage("exits 2 without a client token, before listening", async () => {
  for (const value of [undefined, ""]) {
    assert.equal(await run(["serve", "--port", "0"], { RBM_CLIENT_TOKEN: value }), { code: 2, stdout: "", stderr: missingToken });
  }
});

usage("exits 2 for an empty, blank or padded client token, before listening and without echoing it", async () => {
  for (const [value, which, problem] of [
    [",", "token 1 of 2", "is empty"],
    [`${token}, `, "token 2 of 2", "is only whitespace"],
    [`${token}, other-token`, "token 2 of 2", "has leading or trailing whitespace"],
  ] as const) {
    const stderr = `rbm-events serve: invalid RBM_CLIENT_TOKEN: ${which} ${problem} (separate tokens with commas alone)\nRun \`rbm-events serve --help\` for usage.\n`;
    assert.equal(await run(["serve", "--port", "0"], { RBM_CLIENT_TOKEN: value }), { code: 2, stdout: "", stderr });
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
    [["--client-token", token], "Unknown option '--client-token': client tokens come from the environment variable RBM_CLIENT_TOKEN, never from a flag"],
    [["--token", token], "Unknown option '--token': client tokens come from the environment variable RBM_CLIENT_TOKEN, never from a flag"],
    [["--port", "1", "--port", "2"], "--port given more than once"],
    [["--log-format", "xml"], 'invalid --log-format: expected text, json, received "xml"'],
    [["--log-level", "trace"], 'invalid --log-level: expected debug, info, warn, error, received "trace"'],
    [["--metrics=yes"], "Option '--metrics' does not take an argument"],
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
    assert.equal([code, untimed(stderr)], [1, `rbm-events serve: cannot listen on 127.0.0.1:${port}: port ${port} is in use; pick another with --port\n`]);
  } finally {
    await new Promise((r) => taken.close(r));
  }
});

usage("prints help", async () => {
  const { code, stdout } = await run(["serve", "--help"], {});
  assert.equal([code, stdout.split("\n")[0]], [0, "usage: rbm-events serve [--port 8080] [--host 127.0.0.1] [--dead-letter FILE] [--grace 10]"]);
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
    assert.is(untimed(stderr), `rbm-events serve: listening on http://127.0.0.1:${port}/\n`);
    const url = `http://127.0.0.1:${port}/hook`;
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      return [response.status, await response.text()];
    };

    assert.equal(await post(JSON.stringify({ clientToken: token, secret: "1234567890" })), [200, "1234567890"]);
    assert.equal((await post(JSON.stringify({ clientToken: "nope", secret: "1234567890" })))[0], 403);

    const body = readFileSync(join(root, "examples", "webhook-server-event.json"), "utf8");
    const signature = signPayloadSync((JSON.parse(body) as { message: { data: string } }).message.data, token);
    assert.equal(await post(body, { "x-goog-signature": signature }), [200, ""]);
    await until("the event line", () => stdout.endsWith("\n"));
    assert.is(stdout, `${JSON.stringify(eventLine(decodeEvent(body)))}\n`);

    const forged = signPayloadSync((JSON.parse(body) as { message: { data: string } }).message.data, "wrong-token");
    assert.equal((await post(body, { "x-goog-signature": forged }))[0], 401);
    await until("the 401 line", () => stderr.includes("401 POST"));
    assert.is(stdout.split("\n").length, 2, "a rejected request printed an event");
    assert.equal(untimed(stderr).split("\n").slice(1), [
      "403 POST /hook unauthorized: unknown client token",
      "401 POST /hook unauthorized: X-Goog-Signature does not match message.data",
      "",
    ]);

    // A request in flight when SIGTERM comes: the server has its head (it answered 100 Continue), not its body.
    const push = readFileSync(join(root, "examples", "push-user-event.json"), "utf8");
    const pushSignature = signPayloadSync((JSON.parse(push) as { message: { data: string } }).message.data, token);
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

/** Starts `rbm-events serve --port 0 …args` as a process, once it listens. */
async function startServe(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "bin.ts"), "serve", "--port", "0", ...args], {
    cwd: root,
    env: { ...process.env, RBM_CLIENT_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (s: string) => (out.stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (out.stderr += s));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const until = async (what: string, ready: () => boolean) => {
    for (let i = 0; i < 1_500 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ready(), `${what}; stderr: ${out.stderr}`);
  };
  await until("listening", () => /listening on http:\/\/127\.0\.0\.1:\d+\/\n/.test(out.stderr));
  const port = Number(/127\.0\.0\.1:(\d+)\//.exec(out.stderr)![1]);
  return { child, out, exited, until, port, url: `http://127.0.0.1:${port}/hook` };
}

const signedPost = async (url: string, payload: string) => {
  const data = Buffer.from(payload).toString("base64");
  const body = JSON.stringify({ message: { data, messageId: "42" }, subscription: "projects/p/subscriptions/s" });
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-goog-signature": signPayloadSync(data, token) },
    body,
  });
  return { status: response.status, text: await response.text(), body };
};

const dead = suite("rbm-events serve, dead letters");

dead("answers 200 to a signed event that cannot be decoded, logs it, and appends it to --dead-letter FILE", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-dead-"));
  const file = join(dir, "dead.ndjson");
  const serve = await startServe(["--dead-letter", file]);
  try {
    // an 8 KB body nested 5,000 levels: 500 on every delivery before the nesting limit
    const deep = await signedPost(serve.url, `{"x":${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
    const wrong = await signedPost(serve.url, JSON.stringify({ eventType: "READ", senderPhoneNumber: 5, eventId: "e" }));
    assert.equal([deep.status, deep.text, wrong.status], [200, "", 200]);
    await serve.until("two dead-letter lines", () => serve.out.stderr.split("dead letter").length === 3);
    const lines = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, any>);
    assert.equal(
      lines.map((l) => [l.body, l.error.code]),
      [
        [deep.body, "INVALID_JSON"],
        [wrong.body, "INVALID_EVENT"],
      ],
    );
    assert.ok(lines.every((l) => !Number.isNaN(Date.parse(l.receivedAt))));
    assert.match(
      serve.out.stderr,
      "200 POST /hook dead letter (kept in the dead-letter file): cannot decode rbm.events.v1.UserEvent from JSON: senderPhoneNumber: ",
    );
    assert.ok(
      serve.out.stderr.split("\n").every((line) => line.length < 400),
      "a long stderr line",
    );
    assert.is(serve.out.stdout, "");
  } finally {
    serve.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});

dead("answers 200 with a stderr line but keeps nothing without --dead-letter", async () => {
  const serve = await startServe([]);
  try {
    const { status } = await signedPost(serve.url, "not json");
    assert.is(status, 200);
    await serve.until("the dead-letter line", () => serve.out.stderr.includes("dead letter"));
    assert.match(serve.out.stderr, "200 POST /hook dead letter: cannot decode JSON: ");
  } finally {
    serve.child.kill("SIGKILL");
  }
});

dead("answers 500 when the dead letter cannot be written, so that RBM delivers it again", async () => {
  const serve = await startServe(["--dead-letter", "/dev/full"]);
  try {
    const { status, text } = await signedPost(serve.url, "not json");
    assert.equal([status, JSON.parse(text).error.message], [500, "handler failed: onInvalid threw"]);
    // the log names the cause, once, not "onInvalid threw"
    await serve.until("the log line", () => serve.out.stderr.includes("ENOSPC"));
    assert.match(
      serve.out.stderr,
      "rbm-events serve: cannot write to dead-letter file /dev/full: ENOSPC (no space left on device); answering 500 until it can\n",
    );
    assert.not.match(serve.out.stderr, "onInvalid threw");
  } finally {
    serve.child.kill("SIGKILL");
  }
});

dead("exits 2 when the dead-letter file cannot be opened", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-dead-"));
  try {
    const { code, stderr } = await run(["serve", "--port", "0", "--dead-letter", dir], { RBM_CLIENT_TOKEN: token });
    assert.equal([code, stderr.split("\n")[0]], [2, `rbm-events serve: cannot open dead-letter file ${dir}: is a directory`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

dead.run();

const shutdown = suite("rbm-events serve, shutdown");

shutdown("stops on SIGTERM while clients hold idle keep-alive connections and half-sent headers", async () => {
  const serve = await startServe(["--grace", "1"]);
  try {
    const idle = new RawClient(serve.port);
    idle.socket.write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    await within(idle.until(/\r\n\r\n[^]*\}$/), "the keep-alive answer");
    const half = new RawClient(serve.port);
    half.socket.write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Ty");
    // A request answered after the half-sent headers were written: by then the server has read them
    // (a connection it has read nothing from yet counts as idle, and is closed at once).
    const barrier = new RawClient(serve.port);
    barrier.socket.write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    await within(barrier.closed, "the barrier request");
    const started = Date.now();
    serve.child.kill("SIGTERM");
    assert.is(await within(serve.exited, "exit"), 0);
    await within(Promise.all([idle.closed, half.closed]), "the connections closed");
    assert.match(serve.out.stderr, "closing the connections still open after 1 s");
    assert.ok(Date.now() - started >= 900, "closed before the grace period");
  } finally {
    serve.child.kill("SIGKILL");
  }
});

shutdown("exits at once on a second signal, with 128 + its number", async () => {
  const serve = await startServe([]);
  try {
    const slow = new RawClient(serve.port);
    slow.socket.write(rawHead(["Content-Length: 100"]));
    slow.socket.write("{");
    // answered after the slow request began, so the server has read its head by then
    const barrier = new RawClient(serve.port);
    barrier.socket.write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    await within(barrier.closed, "the barrier request");
    serve.child.kill("SIGTERM");
    await serve.until("stopping", () => serve.out.stderr.includes("stopping"));
    serve.child.kill("SIGTERM");
    // well within the default grace of 10 s
    assert.is(await within(serve.exited, "exit", 5_000), 143);
    assert.match(serve.out.stderr, "SIGTERM again, closing every connection now");
  } finally {
    serve.child.kill("SIGKILL");
  }
});

shutdown("exits 2 for a bad --grace", async () => {
  const { code, stderr } = await run(["serve", "--grace", "soon"], { RBM_CLIENT_TOKEN: token });
  assert.equal([code, stderr.split("\n")[0]], [2, 'rbm-events serve: invalid --grace: expected a number of seconds from 0 to 86400, received "soon"']);
});

shutdown.run();
