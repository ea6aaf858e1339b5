// `decode` and `validate` on worker threads (--jobs): the same verdicts, in input order, in bounded
// memory, and a prompt stop when the reader closes the output.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { DecodeJob, ValidateJob } from "../../src/cli/line-jobs.js";
import { readBatches } from "../../src/cli/ndjson.js";
import { writeVerdicts, type ShareOptions } from "../../src/cli/job-runner.js";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "src", "cli", "bin.ts");

const validateJob: ValidateJob = {
  command: "validate",
  typeName: "rbm.events.v1.UserEvent",
  ignoreUnknownFields: false,
  binary: true,
  longs: "number",
  maxLineBytes: 1024,
};
const decodeJob: DecodeJob = { command: "decode", strict: false, warnings: true, maxLineBytes: 1024 };

/** Line `i`: a valid UserEvent, every seventh broken in a way that depends on `i`. */
function line(i: number): string {
  const event = `{"senderPhoneNumber":"+1415555${String(i % 10000).padStart(4, "0")}","eventType":"READ","eventId":"e${i}","sendTime":"2024-03-05T10:15:${String(i % 60).padStart(2, "0")}.${i}Z"}`;
  if (i % 7 !== 3) return event;
  return [event.replace("READ", "read"), event.slice(0, 30), "", event.replace('"e', '"e\\u00'), "x".repeat(2000)][i % 5]!;
}

const lines = (count: number) => Array.from({ length: count }, (_, i) => line(i));
const push = (event: string) => JSON.stringify({ message: { data: Buffer.from(event).toString("base64"), messageId: "1" } });

/** The input as chunks of `size` bytes, cut anywhere, even inside a line. */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text);
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    })(),
  );
}

function sink(onWrite: (chunk: Buffer) => void = () => {}) {
  let text = "";
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      onWrite(chunk);
      setImmediate(done); // a reader slower than the verdicts
    },
  });
  return { stream, text: () => text };
}

async function run(job: ValidateJob | DecodeJob, input: string, jobs: number, share?: ShareOptions) {
  const out = sink();
  const summary = await writeVerdicts(readBatches(chunked(input, 4093), job.maxLineBytes), job, jobs, out.stream, share);
  // What the stream still buffers reaches the reader once it is ended.
  await new Promise((resolve) => out.stream.end(resolve));
  return { summary, text: out.text() };
}

/** Every batch goes to a worker, from the first byte on. */
const workersOnly: ShareOptions = { inThreadBytes: 0, sameThread: false };

const jobs = suite("writeVerdicts() on worker threads");

jobs("validate: workers give the same verdicts as one thread, in input order, invalid lines included", async () => {
  const input = `${lines(6000).join("\n")}\n`;
  const one = await run(validateJob, input, 1);
  const two = await run(validateJob, input, 2, workersOnly);
  const three = await run(validateJob, input, 3, { inThreadBytes: 0 });
  assert.is(one.text.split("\n").length - 1, 6000);
  assert.is(two.text, one.text);
  assert.is(three.text, one.text);
  assert.equal(two.summary, { items: two.summary.items, rejected: true, outputClosed: false });
  const verdicts = two.text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { ok: boolean; json?: { eventId: string } });
  verdicts.forEach((v, i) => {
    assert.is(v.ok, i % 7 !== 3, `line ${i}`);
    if (v.ok) assert.is(v.json!.eventId, `e${i}`);
  });
  assert.equal(verdicts[24], { ok: false, errors: [{ path: "", message: "line too long: 2000 bytes, the limit is 1024" }] });
});

jobs("validate: verdicts longer than a worker's buffer, and lines too long for a worker, keep their place", async () => {
  const job: ValidateJob = { ...validateJob, maxLineBytes: 1024 * 1024 };
  // A run of short invalid lines: each verdict is ten times as long as its line.
  const short = Array.from({ length: 20_000 }, (_, i) => `${i % 10}`);
  // Lines of 200 KB, longer than a batch a worker takes: checked in the main thread, in order.
  const long = (i: number) => `{"senderPhoneNumber":"+14155550100","eventType":"READ","eventId":"${"e".repeat(200_000)}${i}"}`;
  const input = `${[...lines(3000), ...short, long(1), ...lines(500), long(2), long(3), ...lines(500)].join("\n")}\n`;
  const one = await run(job, input, 1);
  const two = await run(job, input, 2, workersOnly);
  assert.is(one.text.split("\n").length - 1, 3000 + 20_000 + 1003);
  assert.is(two.text, one.text);
  assert.is(two.summary.rejected, true);
});

jobs("validate: all valid lines on workers are not rejected", async () => {
  const input = `${lines(700)
    .filter((_, i) => i % 7 !== 3)
    .join("\n")}\n`;
  const { summary, text } = await run(validateJob, input, 2, workersOnly);
  assert.is(summary.rejected, false);
  assert.is(text.split("\n").length - 1, 600);
});

jobs("decode: workers give the same verdicts as one thread, in input order", async () => {
  const input = `${lines(3000)
    .map((l, i) => (i % 11 === 5 ? l : push(l)))
    .join("\n")}\n`;
  const one = await run(decodeJob, input, 1);
  const two = await run(decodeJob, input, 2, workersOnly);
  assert.is(two.text, one.text);
  assert.is(two.summary.rejected, true);
  assert.is(one.text.split("\n").length - 1, 3000);
});

jobs("keeps memory bounded when the reader is slower than the workers", async () => {
  const count = 150_000;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = process.memoryUsage().heapUsed;
  let peak = 0;
  let written = 0;
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed - start);
      setImmediate(done);
    },
  });
  const input = Readable.from(
    (function* () {
      const block = Buffer.from(`${lines(1000).join("\n")}\n`);
      for (let i = 0; i < count; i += 1000) yield block;
    })(),
  );
  const summary = await writeVerdicts(readBatches(input, 1024), validateJob, 2, out, workersOnly);
  assert.is(summary.rejected, true);
  assert.ok(written > count * 100, `${written} bytes written`);
  assert.ok(peak < 64 * 2 ** 20, `peak heap ${(peak / 2 ** 20).toFixed(0)} MiB above the start`);
});

jobs("stops, and stops its workers, when the output is closed early", async () => {
  let writes = 0;
  const out = new Writable({
    write(_chunk, _encoding, done) {
      if (++writes === 3) out.destroy(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      done();
    },
  });
  const input = Readable.from(
    (function* () {
      const block = Buffer.from(`${lines(1000).join("\n")}\n`);
      for (let i = 0; i < 1000; i++) yield block; // a million lines: not all read, if it stops
    })(),
  );
  const summary = await writeVerdicts(readBatches(input, 1024), validateJob, 2, out, workersOnly);
  assert.is(summary.outputClosed, true);
  assert.ok(input.destroyed, "the input is closed too");
});

jobs.run();

const processes = suite("rbm-events --jobs, as a process");

processes("prints the same lines with --jobs 2 as with --jobs 1, and checks the value", () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-jobs-"));
  try {
    const file = join(dir, "in.ndjson");
    writeFileSync(file, `${lines(12_000).join("\n")}\n`);
    const runJobs = (n: string) =>
      spawnSync("node", ["--import", "tsx", cli, "validate", "--type", "UserEvent", "--jobs", n, file], { encoding: "utf8", maxBuffer: 2 ** 28 });
    const one = runJobs("1");
    const two = runJobs("2");
    assert.is(one.status, 1);
    assert.is(two.status, 1);
    assert.is(two.stdout, one.stdout);
    assert.is(one.stdout.split("\n").length - 1, 12_000);
    for (const bad of ["0", "65", "x", "1.5", ""]) {
      const usage = runJobs(bad);
      assert.is(usage.status, 2, bad);
      assert.match(usage.stderr, "--jobs expects a whole number from 1 to 64");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

processes("reads piped standard input as it reads a file: from a shell's pipe and from a socket, the same lines", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-jobs-"));
  try {
    const file = join(dir, "in.ndjson");
    const text = `${lines(12_000).join("\n")}\n`;
    writeFileSync(file, text);
    const args = ["--import", "tsx", cli, "decode", "--warnings"];
    const fromFile = spawnSync("node", [...args, file], { encoding: "utf8", maxBuffer: 2 ** 28 });
    assert.is(fromFile.stdout.split("\n").length - 1, 12_000);
    // A FIFO, as `cat FILE |` gives it.
    const fromFifo = spawnSync("bash", ["-c", 'cat "$0" | node "$@"', file, ...args], { encoding: "utf8", maxBuffer: 2 ** 28 });
    assert.equal([fromFifo.status, fromFifo.stdout], [fromFile.status, fromFile.stdout]);
    // A socket, as node:child_process gives it, written in pieces cut anywhere, with pauses.
    const child = spawn("node", args, { stdio: ["pipe", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const bytes = Buffer.from(text);
    for (let at = 0, size = 1; at < bytes.length; at += size, size = (size * 7 + 13) % 90_001) {
      if (!child.stdin.write(bytes.subarray(at, at + size))) await drainOrClose(child.stdin);
      if (size % 3 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    child.stdin.end();
    assert.equal([await exited, stdout], [fromFile.status, fromFile.stdout]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

processes("exits when its reader goes away while its piped input stays open", async () => {
  const child = spawn("node", ["--import", "tsx", cli, "decode"], { stdio: ["pipe", "pipe", "ignore"] });
  child.stdin.on("error", () => {});
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const body = push(line(0));
  child.stdin.write(`${body}\n`.repeat(20_000)); // then the pipe stays open, and empty once read
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await exited;
  clearTimeout(timer);
  child.stdin.destroy();
  assert.ok(code !== null, "the process did not exit within 60 s of its output closing");
});

processes("exits when its reader goes away, workers and all", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-jobs-"));
  try {
    const file = join(dir, "in.ndjson");
    writeFileSync(file, `${lines(2000).join("\n")}\n`.repeat(240)); // 480,000 lines, 80 MB: workers start at once
    const child = spawn("node", ["--import", "tsx", cli, "validate", "--type", "UserEvent", "--jobs", "2", file], { stdio: ["ignore", "pipe", "pipe"] });
    const first = await new Promise<string>((resolve) => child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 60_000);
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.ok(first.startsWith('{"ok":'), first.slice(0, 40));
    assert.ok(code !== null, "the process did not exit within 60 s of its output closing");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

processes("exits 4 with one line, not a stack trace, when a worker thread dies", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-jobs-"));
  try {
    // loaded before the command: the first worker thread sent a batch of lines is stopped, as a crash would
    const dies = join(dir, "worker-dies.mjs");
    writeFileSync(
      dies,
      [
        'import { isMainThread, Worker } from "node:worker_threads";',
        "const post = Worker.prototype.postMessage;",
        "if (isMainThread) Worker.prototype.postMessage = function (message, ...rest) {",
        "  post.call(this, message, ...rest);",
        '  if (typeof message !== "object" || message === null || !("lines" in message)) return;',
        "  Worker.prototype.postMessage = post;",
        "  void this.terminate();",
        "};",
      ].join("\n"),
    );
    const child = spawn("node", ["--import", "tsx", "--import", dies, cli, "validate", "--type", "UserEvent", "--jobs", "2"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.stdin.on("error", () => {});
    // Input keeps coming until the worker, once ready (after 32 MiB), takes a batch and dies.
    const block = Buffer.from(`${lines(2000).join("\n")}\n`.repeat(3));
    for (let i = 0; i < 400 && child.exitCode === null && child.stdin.writable; i++) {
      if (!child.stdin.write(block)) await drainOrClose(child.stdin);
    }
    child.stdin.end();
    assert.equal([await exited, stderr], [4, "rbm-events validate: a worker thread stopped (exit code 1)\n"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

processes.run();

/** Resolves once `stream` drains or closes, leaving no listener behind. */
function drainOrClose(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done).off("close", done);
      resolve();
    };
    stream.on("drain", done).on("close", done);
  });
}
