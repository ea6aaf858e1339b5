// `rbm-events serve` when what it writes to fails: a 200 means the event line has left the
// process, on a line of its own; anything else is answered so that RBM delivers it again, and
// the process neither hangs, nor dies quietly, nor with a stack trace.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  bounded,
  eventBody,
  LOG_TIME,
  postSigned,
  smallTmpfs,
  startReader,
  startServeWith,
  waitFor,
  wholeLines,
  type ServeProcess,
} from "../support/serve-process.js";
import { RawClient, rawHead, signatureOf, webhookBody, within } from "../support/webhook.js";

const root = resolve(import.meta.dirname, "../..");
const stackTrace = /\n\s+at /;

/** The eventIds of the event lines in `text`, each on a whole line of its own. */
const eventIds = (text: string) =>
  new Set(wholeLines(text).flatMap(({ json }) => (json?.["event"]?.eventId === undefined ? [] : [json["event"].eventId as string])));

/** Posts events `prefix-0`, `prefix-1`, … one after another until one is not answered 200; resolves to those answered 200. */
async function postUntilRefused(serve: ServeProcess, prefix: string, size: number, most = 100): Promise<{ acknowledged: string[]; refusedWith: number }> {
  const acknowledged: string[] = [];
  for (let i = 0; i < most; i++) {
    const id = `${prefix}-${i}`;
    const status = await postSigned(serve.url, eventBody(id, size));
    if (status !== 200) return { acknowledged, refusedWith: status };
    acknowledged.push(id);
  }
  throw new Error(`${most} events were all answered 200`);
}

const closed = suite("rbm-events serve, output closed");

closed("stops with exit 4 and a message once standard output is closed, answering no event 200 it could not write", async () => {
  const serve = await startServeWith([], "pipe");
  try {
    let stdout = "";
    serve.child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    assert.is(await postSigned(serve.url, eventBody("first")), 200);
    await waitFor(() => (stdout.endsWith("\n") ? true : undefined), "the first line");
    serve.child.stdout!.destroy(); // `serve | head -1`
    assert.is.not(await postSigned(serve.url, eventBody("second")), 200);
    assert.is(await bounded(serve.exited, "exit", serve.child), 4);
    assert.match(serve.stderr(), "rbm-events serve: cannot write to standard output: EPIPE (the reader closed it); stopping\n");
    assert.not.match(serve.stderr(), stackTrace);
  } finally {
    serve.child.kill("SIGKILL");
  }
});

closed("keeps serving when standard error is closed, and a request that logs a line changes nothing", async () => {
  const serve = await startServeWith([], "pipe");
  try {
    let stdout = "";
    serve.child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    serve.child.stderr!.destroy(); // a log shipper restarting
    const forged = await fetch(serve.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-goog-signature": "AAAA" },
      body: eventBody("x"),
    });
    assert.is(forged.status, 401);
    assert.is(await postSigned(serve.url, eventBody("after-401")), 200);
    assert.ok(eventIds(stdout).has("after-401") || (await waitFor(() => (eventIds(stdout).has("after-401") ? true : undefined), "the event line")));
    assert.is(serve.child.exitCode, null, "serve exited");
    serve.child.kill("SIGTERM");
    assert.is(await bounded(serve.exited, "exit", serve.child), 0);
  } finally {
    serve.child.kill("SIGKILL");
  }
});

closed.run();

const full = suite("rbm-events serve, full disk");

full("answers 500 while standard output is /dev/full, logs the cause once, and keeps serving", async () => {
  const fd = openSync("/dev/full", "w");
  const serve = await startServeWith([], fd);
  closeSync(fd);
  try {
    assert.is(await postSigned(serve.url, eventBody("a")), 500);
    assert.is(await postSigned(serve.url, eventBody("b")), 500);
    const handshake = await fetch(serve.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientToken: "serve-faults", secret: "1" }),
    });
    assert.is(handshake.status, 403, "still answering");
    const log = serve.stderr();
    assert.is(log.split("cannot write to standard output: ENOSPC (no space left on device); answering 500 until it can\n").length, 2, log);
    assert.not.match(log, stackTrace);
    serve.child.kill("SIGTERM");
    assert.is(await bounded(serve.exited, "exit", serve.child), 0);
  } finally {
    serve.child.kill("SIGKILL");
  }
});

full("on a full file system, acknowledges only whole lines, and the next line after a cut one starts a line of its own", async () => {
  const tmpfs = smallTmpfs();
  if (typeof tmpfs === "string") return console.log(`  skipped: ${tmpfs}`);
  const file = join(tmpfs.dir, "events.ndjson");
  const filler = join(tmpfs.dir, "filler");
  writeFileSync(filler, Buffer.alloc(24 * 1024));
  const fd = openSync(file, "w");
  const serve = await startServeWith([], fd);
  closeSync(fd);
  try {
    // 3,000-byte lines do not fit the 4 KiB pages evenly, so a write is cut short inside a line
    const { acknowledged, refusedWith } = await postUntilRefused(serve, "tmpfs", 3_000);
    assert.is(refusedWith, 500);
    assert.ok(acknowledged.length > 0);
    unlinkSync(filler);
    assert.is(await postSigned(serve.url, eventBody("after-space", 3_000)), 200);
    const written = readFileSync(file, "utf8");
    const ids = eventIds(written);
    for (const id of [...acknowledged, "after-space"]) assert.ok(ids.has(id), `${id} was answered 200 but is not a whole line of the file`);
    assert.not.match(serve.stderr(), stackTrace);
    serve.child.kill("SIGTERM");
    assert.is(await bounded(serve.exited, "exit", serve.child), 0);
  } finally {
    serve.child.kill("SIGKILL");
    await serve.exited;
    tmpfs.cleanup();
  }
});

full("keeps every acknowledged dead letter on a line of its own on a full file system, so the replay docs/cli.md shows works", async () => {
  const tmpfs = smallTmpfs();
  if (typeof tmpfs === "string") return console.log(`  skipped: ${tmpfs}`);
  const file = join(tmpfs.dir, "dead.ndjson");
  const filler = join(tmpfs.dir, "filler");
  writeFileSync(filler, Buffer.alloc(24 * 1024));
  const serve = await startServeWith(["--dead-letter", file], "ignore");
  const poison = (i: number | string) => webhookBody(`not json ${i} ${"y".repeat(2_500)}`);
  try {
    const acknowledged: string[] = [];
    let refusedWith = 0;
    for (let i = 0; i < 100 && refusedWith === 0; i++) {
      const status = await postSigned(serve.url, poison(i));
      if (status === 200) acknowledged.push(poison(i));
      else refusedWith = status;
    }
    assert.is(refusedWith, 500);
    assert.match(serve.stderr(), `rbm-events serve: cannot write to dead-letter file ${file}: ENOSPC (no space left on device); answering 500 until it can\n`);
    unlinkSync(filler);
    assert.is(await postSigned(serve.url, poison("after-space")), 200);
    acknowledged.push(poison("after-space"));
    const lines = wholeLines(readFileSync(file, "utf8"));
    assert.ok(
      lines.every(({ json }) => json !== undefined),
      "a line of the dead-letter file is not JSON",
    );
    const bodies = new Set(lines.map(({ json }) => json!["body"] as string));
    assert.ok(
      acknowledged.every((body) => bodies.has(body)),
      "an acknowledged dead letter is missing",
    );
    const replay = spawnSync("bash", ["-c", `jq -r .body "$1" | node --import tsx src/cli/bin.ts decode | wc -l; echo "\${PIPESTATUS[0]}"`, "replay", file], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(replay.stdout.trim().split(/\s+/), [String(lines.length), "0"], replay.stderr);
    assert.not.match(serve.stderr(), stackTrace);
  } finally {
    serve.child.kill("SIGKILL");
    await serve.exited;
    tmpfs.cleanup();
  }
});

full.run();

const slow = suite("rbm-events serve, slow and stuck readers");

/** Starts serve writing to a reader process, with its output copied to a file in a temp dir. */
async function serveToReader(args: string[], delayMs: number, reading: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "rbm-reader-"));
  const go = join(dir, "go");
  if (reading) writeFileSync(go, "");
  const { reader, fd } = startReader(dir, join(dir, "out"), delayMs, go);
  const readerExited = new Promise<void>((r) => reader.once("exit", () => r()));
  const serve = await startServeWith(args, fd);
  closeSync(fd); // serve holds the only writing end now
  const output = async () => {
    writeFileSync(go, "");
    await bounded(readerExited, "the reader reaching the end", reader);
    return readFileSync(join(dir, "out"), "utf8");
  };
  const cleanup = () => {
    serve.child.kill("SIGKILL");
    reader.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  return { serve, output, cleanup };
}

/** Posts `count` events of `size` bytes at once; `answers` holds each eventId's status once it comes. */
function postMany(url: string, prefix: string, count: number, size: number) {
  const answers = new Map<string, number>();
  const all = Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `${prefix}-${i}`;
      answers.set(id, await postSigned(url, eventBody(id, size)));
    }),
  );
  const acknowledged = () => [...answers].filter(([, status]) => status === 200).map(([id]) => id);
  return { answers, all, acknowledged };
}

slow("every event answered 200 before a SIGKILL reaches a slow reader, on whole lines", async () => {
  const { serve, output, cleanup } = await serveToReader([], 20, true);
  try {
    // One event after another, so that each line is written while the pipe is full and the
    // reader takes 2 KiB at a time: a line acknowledged while still in the process is lost.
    const acknowledged: string[] = [];
    for (let i = 0; acknowledged.length < 150; i++) {
      if (i === 1_000) throw new Error(`${acknowledged.length} of 1,000 events answered 200; stderr: ${serve.stderr()}`);
      if ((await postSigned(serve.url, eventBody(`kill-${i}`, 4_000))) === 200) acknowledged.push(`kill-${i}`);
    }
    const last = postSigned(serve.url, eventBody("kill-last", 4_000));
    serve.child.kill("SIGKILL");
    if ((await bounded(last, "the last post", serve.child)) === 200) acknowledged.push("kill-last");
    const ids = eventIds(await output());
    const lost = acknowledged.filter((id) => !ids.has(id));
    assert.equal(lost, [], `${lost.length} of ${acknowledged.length} events answered 200 are not in the output`);
  } finally {
    cleanup();
  }
});

/** Fills a reader that does not read: posts events until serve says that a line waited too long (its 10 s bound). */
async function stall(serve: ServeProcess, prefix: string) {
  const posts = postMany(serve.url, prefix, 150, 8_000);
  const stalled = "rbm-events serve: cannot write to standard output: a line waited 10 s and was not taken; answering 500 until it can\n";
  await waitFor(() => (serve.stderr().includes(stalled) ? true : undefined), "the output stalled", serve.stderr, serve.child, 60_000);
  // every one answered (200 while the pipe took lines, 500 since), so that no line but the one
  // being written waits any more
  await bounded(posts.all, "the posts settling", serve.child);
  return posts;
}

/** Sends a signed event on a socket of its own once serve has its head (100 Continue): it is in flight then. */
async function inFlight(serve: ServeProcess, id: string): Promise<RawClient> {
  const body = eventBody(id, 8_000);
  const client = new RawClient(serve.port);
  client.socket.write(rawHead([`Content-Length: ${Buffer.byteLength(body)}`, `X-Goog-Signature: ${signatureOf(body)}`, "Expect: 100-continue"]));
  await within(client.until(/100 Continue\r\n\r\n/), "100 Continue");
  client.socket.write(body);
  return client;
}

slow("stops within its grace period on SIGTERM while standard output is stuck, answering what it could not write 503", async () => {
  const { serve, output, cleanup } = await serveToReader(["--grace", "2"], 0, false);
  try {
    const posts = await stall(serve, "stuck");
    const late = await Promise.all(["late-1", "late-2"].map((id) => inFlight(serve, id)));
    serve.child.kill("SIGTERM");
    assert.is(await bounded(serve.exited, "exit after SIGTERM", serve.child), 0);
    await bounded(posts.all, "the posts settling", serve.child);
    for (const client of late) {
      await within(client.closed, "the connection closed");
      assert.match(client.received, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 503 Service Unavailable\r\n/, `${client.received}; ${serve.stderr()}`);
      assert.match(client.received.toLowerCase(), "retry-after: 5\r\n");
    }
    const log = serve.stderr();
    assert.match(log, "rbm-events serve: answered 2 requests 503: not handled within 2 s\n");
    assert.not.match(log, "MaxListenersExceededWarning");
    assert.not.match(log, stackTrace);
    const ids = eventIds(await output());
    const lost = posts.acknowledged().filter((id) => !ids.has(id));
    assert.equal(lost, [], `${lost.length} events answered 200 are not in the output`);
  } finally {
    cleanup();
  }
});

slow("exits at once, 143, on a second SIGTERM while standard output is stuck", async () => {
  const { serve, cleanup } = await serveToReader(["--grace", "600"], 0, false);
  try {
    const posts = await stall(serve, "twice");
    const late = await inFlight(serve, "late");
    serve.child.kill("SIGTERM");
    await waitFor(() => (serve.stderr().includes("stopping") ? true : undefined), "stopping", serve.stderr, serve.child);
    assert.is(serve.child.exitCode, null, "exited before the second signal");
    serve.child.kill("SIGTERM");
    // far within the grace period of 600 s
    assert.is(await bounded(serve.exited, "exit after a second SIGTERM", serve.child), 143);
    await bounded(posts.all, "the posts settling", serve.child);
    await within(late.closed, "the connection closed");
    assert.not.match(late.received, "200 OK");
    assert.not.match(serve.stderr(), stackTrace);
  } finally {
    cleanup();
  }
});

slow.run();

const logs = suite("rbm-events serve, log lines");

logs("escapes line separators and C1 controls echoed from a delivery", async () => {
  const serve = await startServeWith([], "ignore");
  try {
    const key = "k\u2028\u2029\u0085\u009b\u001b";
    const body = webhookBody(`{"eventType":"READ","eventId":"e",${JSON.stringify(key)}:1,${JSON.stringify(key)}:2}`);
    assert.is(await postSigned(serve.url, body), 200);
    await waitFor(() => (serve.stderr().includes("dead letter") ? true : undefined), "the dead-letter line", serve.stderr, serve.child);
    const line = serve
      .stderr()
      .split("\n")
      .find((l) => l.includes("dead letter"))!;
    assert.match(line, LOG_TIME);
    assert.match(line, 'duplicate key "k\\u2028\\u2029\\u0085\\u009b\\u001b"');
    // oxlint-disable-next-line no-control-regex -- the control characters that must not reach the log
    assert.not.match(serve.stderr(), /[\u2028\u2029\u0085\u009b\u001b]/);
  } finally {
    serve.child.kill("SIGKILL");
  }
});

logs.run();
