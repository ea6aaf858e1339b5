// Starts private redis-server instances for the Redis tests: a free port on 127.0.0.1, a temp
// directory of its own, no persistence unless asked, stopped by the test. Never a system service.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where redis-server is, or why the Redis tests cannot run here. */
export type RedisBinary = { readonly path: string; readonly skip?: undefined } | { readonly path?: undefined; readonly skip: string };

/** Looks for `redis-server` on PATH, once per test file. */
export function findRedisServer(): RedisBinary {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    return { skip: "redis-server is not installed (apt-get install redis-server)" };
  }
  return { path: "redis-server" };
}

/** Options for {@link startRedis}. */
export interface RedisServerOptions {
  /** Keep every write in an append-only file, fsynced, so a restart keeps the data. Defaults to false. */
  durable?: boolean;
  /** More redis-server arguments, such as `["--requirepass", "…"]`. Defaults to none. */
  args?: readonly string[];
}

/** A running redis-server of a test. */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  readonly #options: RedisServerOptions;
  #child: ChildProcess | undefined;

  private constructor(port: number, dir: string, options: RedisServerOptions) {
    this.port = port;
    this.dir = dir;
    this.#options = options;
  }

  /** The redis:// URL of the instance. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts an instance on a free port, in a new temp directory. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), "rbm-redis-"));
    for (let attempt = 0; ; attempt++) {
      const server = new RedisServer(await freePort(), dir, options);
      try {
        await server.restart();
        return server;
      } catch (error) {
        // Another process may have taken the port between the probe and the start.
        if (attempt >= 4) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      }
    }
  }

  /** Starts the instance again on the same port and directory, after {@link stop}. */
  async restart(): Promise<void> {
    const persistence = this.#options.durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--save",
        "",
        ...persistence,
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
        ...(this.#options.args ?? []),
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    this.#child = child;
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code} at start: ${stderr.trim()}`))),
    );
    exited.catch(() => {});
    await Promise.race([waitForPing(this.port, 10_000), exited]);
  }

  /** Stops the instance (SIGTERM, or SIGKILL when `kill`) and waits for it to exit. */
  async stop(kill = false): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(kill ? "SIGKILL" : "SIGTERM");
    if (!kill) child.kill("SIGCONT"); // a frozen instance acts on SIGTERM only once it runs
    await exited;
  }

  /**
   * Freezes the instance with SIGSTOP: its port still accepts connections and takes commands,
   * but nothing is answered until {@link thaw}.
   */
  freeze(): void {
    this.#child?.kill("SIGSTOP");
  }

  /** Lets a frozen instance run again (SIGCONT). */
  thaw(): void {
    this.#child?.kill("SIGCONT");
  }

  /** Stops the instance and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop(true);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Asks the system for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once a Redis on `port` answers PING, polling until `ms` passed. */
async function waitForPing(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      received += chunk;
      // -NOAUTH: an instance with a password is up too.
      if (received.includes("\r\n")) done(received.startsWith("+PONG") || received.startsWith("-NOAUTH"));
    });
  });
}
