// `rbm-events serve` as a process with its standard output wherever a fault test needs it (a pipe
// it closes, /dev/full, a file on a small tmpfs, a slow reader), and signed events to post to it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { signed, token, userEvent, webhookBody } from "./webhook.js";

const root = resolve(import.meta.dirname, "../..");

/** A running `rbm-events serve`; its standard error is collected. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  /** Resolves to the exit code, or 128 + the signal's number when a signal ended it. */
  exited: Promise<number>;
}

/** Starts `rbm-events serve --port 0 …args` with `stdout` as its standard output; resolves once it listens. */
export async function startServeWith(args: string[], stdout: "pipe" | "ignore" | number | Writable): Promise<ServeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "bin.ts"), "serve", "--port", "0", ...args], {
    cwd: root,
    env: { ...process.env, RBM_CLIENT_TOKEN: token },
    stdio: ["ignore", stdout, "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const signals: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  const exited = new Promise<number>((done) => child.once("exit", (code, signal) => done(code ?? 128 + (signals[signal ?? ""] ?? 0))));
  const port = await waitFor(
    () => Number(/listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1] ?? 0) || undefined,
    "serve listening",
    () => stderr,
    child,
  );
  return { child, url: `http://127.0.0.1:${port}/hook`, port, stderr: () => stderr, exited };
}

/** Polls `probe` until it returns a value; fails after `ms`, or at once if `child` exited. */
export async function waitFor<T>(probe: () => T | undefined, what: string, log: () => string = () => "", child?: ChildProcess, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline || (child !== undefined && child.exitCode !== null)) throw new Error(`${what}: not seen; stderr: ${log().slice(-800)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Settles `promise`, or rejects after `ms`, killing `child` first so that nothing hangs. */
export async function bounded<T>(promise: Promise<T>, what: string, child: ChildProcess, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what}: not within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A signed webhook body of a UserEvent with `eventId`, padded with a long messageId to about `size` bytes. */
export function eventBody(eventId: string, size = 200): string {
  return webhookBody({ ...userEvent(eventId), messageId: `m-${"x".repeat(Math.max(0, size - 160))}` });
}

/** POSTs a signed body; resolves to the status, or 0 when the connection ended without an answer. */
export async function postSigned(url: string, body: string, ms = 60_000): Promise<number> {
  try {
    const response = await fetch(url, { method: "POST", headers: signed(body), body, signal: AbortSignal.timeout(ms) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * A reader process for serve's standard output, a pipe (a FIFO, so that the kernel takes more as
 * soon as the reader takes a little): it copies what it reads to `file`, `delayMs` after each
 * read of 2 KiB (a slow reader), and reads nothing until `go` exists (a reader that does not
 * read, until told). Resolves to the reader and the writing end's file descriptor.
 */
export function startReader(dir: string, file: string, delayMs: number, go: string): { reader: ChildProcess; fd: number } {
  const fifo = join(dir, "fifo");
  const made = spawnSync("mkfifo", [fifo], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mkfifo: ${made.stderr}`);
  const script = `
    const fs = require("node:fs");
    const [fifo, file, delay, go] = process.argv.slice(1);
    const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const input = fs.openSync(fifo, "r");
    const out = fs.openSync(file, "w");
    const buffer = Buffer.alloc(2048);
    while (!fs.existsSync(go)) nap(20);
    for (let n; (n = fs.readSync(input, buffer)) > 0; nap(Number(delay))) fs.writeSync(out, buffer, 0, n);`;
  const reader = spawn(process.execPath, ["-e", script, fifo, file, String(delayMs), go], { stdio: ["ignore", "ignore", "inherit"] });
  // Opening a FIFO for writing waits for its reader: the reader process opens it.
  return { reader, fd: openSync(fifo, "w") };
}

/** The time a text log line starts with: ISO 8601, UTC, with milliseconds, then a space. */
export const LOG_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/** A text log line without the time it starts with; throws for a line without one. */
export function untimedLine(line: string): string {
  const time = LOG_TIME.exec(line);
  if (time === null) throw new Error(`a log line without its time: ${JSON.stringify(line)}`);
  return line.slice(time[0].length);
}

/** Text log lines without the time each starts with; only a last line still without its `\n` may lack one. */
export function untimed(text: string): string {
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  return [...lines.map(untimedLine), last.replace(LOG_TIME, "")].join("\n");
}

/** Every line of `text` that ended in `\n`, parsed where it is JSON. */
export function wholeLines(text: string): Array<{ text: string; json: Record<string, any> | undefined }> {
  return text
    .split("\n")
    .slice(0, -1)
    .map((line) => {
      try {
        return { text: line, json: JSON.parse(line) as Record<string, any> };
      } catch {
        return { text: line, json: undefined };
      }
    });
}

/** A temporary directory with a 64 KiB tmpfs mounted on it, or the reason none can be mounted. */
export function smallTmpfs(): { dir: string; cleanup: () => void } | string {
  const dir = mkdtempSync(join(tmpdir(), "rbm-full-"));
  const mount = join(dir, "fs");
  mkdirSync(mount);
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount], { encoding: "utf8" });
  const cleanup = () => {
    if (mounted.status === 0) spawnSync("umount", ["-l", mount]);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
  if (mounted.status !== 0) {
    cleanup();
    return `cannot mount a tmpfs: ${(mounted.stderr || mounted.error?.message || "").trim() || `exit ${mounted.status}`}`;
  }
  return { dir: mount, cleanup };
}
