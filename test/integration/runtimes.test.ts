// rbm-events/web where the README says it runs: Bun, Deno and workerd (the runtime of Cloudflare
// Workers), each installed from npm as a devDependency. Each runs the example server of
// docs/examples/runtimes/ (the files README.md and docs/webhooks.md show) on the built package, and answers the handshake,
// a signed event and a forged signature as createFetchHandler does in Node; and each decodes every
// example delivery with decodeEvent as Node does (test/support/runtimes/decode.ts). A runtime whose
// binary is missing is skipped with the reason printed.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { build } from "esbuild";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { partnerToken, post, signed, token, userEvent, webhookBody, within } from "../support/webhook.js";
import { tsc } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const example = (name: string) => join(root, "docs", "examples", "runtimes", name);
const decoder = join(root, "test", "support", "runtimes", "decode.ts");

/** Every example delivery: the shipped examples and the body fixtures. */
const bodies = [
  ...readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(root, "examples", f)),
  ...readdirSync(join(root, "test", "fixtures"))
    .filter((f) => /^body-.*\.json$/.test(f))
    .map((f) => join(root, "test", "fixtures", f)),
].map((file) => readFileSync(file, "utf8"));

/** Every runtime process started, to stop those a failed test left running. */
const started = new Set<RuntimeProcess>();

/** A runtime process in a process group of its own, its output collected as it comes (colours left out). */
class RuntimeProcess {
  readonly child: ChildProcess;
  output = "";
  readonly exited: Promise<void>;

  constructor(command: string, args: string[], env: Record<string, string>, cwd = root) {
    this.child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    for (const stream of [this.child.stdout!, this.child.stderr!])
      stream.setEncoding("utf8").on("data", (s: string) => (this.output += stripVTControlCharacters(s)));
    this.exited = new Promise((done) => this.child.once("close", () => done()));
    started.add(this);
    // Nothing here keeps the test process alive: one that ends with a runtime still running kills it on exit.
    this.child.unref();
    for (const stream of [this.child.stdout, this.child.stderr] as Array<{ unref?: () => void } | null>) stream?.unref?.();
  }

  /** Resolves to the first match of `pattern` in the output, failing with the output after `ms` or an exit. */
  async until(pattern: RegExp, what: string, ms = 60_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match !== null) return match;
      if (Date.now() > deadline || this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`${what}: not seen (exit ${this.child.exitCode ?? this.child.signalCode}); output: ${this.output.slice(-1000)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The URL the process printed it listens on. */
  async url(pattern: RegExp): Promise<string> {
    const match = await this.until(pattern, "listening");
    return `http://127.0.0.1:${match[1]}/`;
  }

  /** Sends `name` to the process group. */
  signal(name: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, name);
    } catch {
      // already gone
    }
  }

  /** Stops the process group: SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), 5_000);
    await this.exited;
    clearTimeout(timer);
    started.delete(this);
  }
}

process.once("exit", () => {
  for (const child of started) child.signal("SIGKILL");
});

/** A runtime binary installed by npm, with its version, or why it cannot run. */
function binary(name: string): { path: string; version: string } | { skip: string } {
  const path = join(root, "node_modules", ".bin", name);
  if (!existsSync(path)) return { skip: `node_modules/.bin/${name} is missing (npm ci installs the ${name} devDependency)` };
  try {
    const version = execFileSync(path, ["--version"], { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
    // "1.4.5", "deno 2.9.6 (stable, …)", "workerd 2026-11-23": the runtime's name and the version number
    return { path, version: `${name} ${/\d[\w.-]*/.exec(version)?.[0] ?? version.trim()}` };
  } catch (error) {
    return { skip: `${name} --version failed: ${String(error).slice(0, 300)}` };
  }
}

let work = "";
let nodeSummaries: unknown[] = [];

let preparing: Promise<void> | undefined;

/** Builds dist/ once (the examples import "rbm-events/web", which resolves to it), and decodes the bodies in Node. */
function prepare(): Promise<void> {
  preparing ??= (async () => {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore", timeout: 300_000 });
    work = mkdtempSync(join(root, ".runtimes-"));
    const { summary } = (await import(decoder)) as { summary: (body: string) => unknown };
    nodeSummaries = bodies.map(summary);
  })();
  return preparing;
}

interface Runtime {
  readonly name: string;
  /** Starts the example server with the client token; resolves to it and its URL. */
  serve(bin: string): Promise<{ server: RuntimeProcess; url: string }>;
  /** Starts decode.ts as a server; resolves to it and its URL. */
  decode(bin: string): Promise<{ server: RuntimeProcess; url: string }>;
}

/** Bundles a module for workerd, which loads only the modules its config lists. */
async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(work, `${name}.js`);
  // protobufjs is CommonJS; the bundle inlines it. No nodejs_compat: rbm-events/web needs no Node API.
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** A workerd config serving one bundled module worker on 127.0.0.1, on a port workerd picks and prints. */
function workerdConfig(name: string, bindings: Record<string, string>): string {
  const path = join(work, `${name}.capnp`);
  const texts = Object.entries(bindings).map(([key, value]) => `(name = ${JSON.stringify(key)}, text = ${JSON.stringify(value)})`);
  writeFileSync(
    path,
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "${name}.js", esModule = embed "${name}.js") ],
  compatibilityDate = "2025-01-01",
  bindings = [ ${texts.join(", ")} ],
);
`,
  );
  return path;
}

const env = { RBM_CLIENT_TOKEN: token, PORT: "0", NO_COLOR: "1", DO_NOT_TRACK: "1", DENO_NO_UPDATE_CHECK: "1" };
// "listening on http://127.0.0.1:PORT/" (the examples), "deno serve: Listening on …", workerd's "Listening on …"
const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/i;

const runtimes: Runtime[] = [
  {
    name: "bun",
    async serve(bin) {
      const server = new RuntimeProcess(bin, [example("bun.ts")], env);
      return { server, url: await server.url(listening) };
    },
    async decode(bin) {
      const script = `import worker from ${JSON.stringify(decoder)};
        const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: worker.fetch });
        console.log("listening on " + server.url);`;
      const server = new RuntimeProcess(bin, ["-e", script], env);
      return { server, url: await server.url(listening) };
    },
  },
  {
    name: "deno",
    async serve(bin) {
      const args = ["run", "--allow-net=127.0.0.1", "--allow-env=RBM_CLIENT_TOKEN,PORT", example("deno.ts")];
      const server = new RuntimeProcess(bin, args, { ...env, DENO_DIR: join(work, "deno") });
      return { server, url: await server.url(listening) };
    },
    async decode(bin) {
      const server = new RuntimeProcess(bin, ["serve", "--host", "127.0.0.1", "--port", "0", decoder], { ...env, DENO_DIR: join(work, "deno") });
      return { server, url: await server.url(listening) };
    },
  },
  {
    name: "workerd",
    async serve(bin) {
      await bundle(example("worker.ts"), "worker");
      const server = new RuntimeProcess(bin, ["serve", workerdConfig("worker", { RBM_CLIENT_TOKEN: token })], env, work);
      return { server, url: await server.url(listening) };
    },
    async decode(bin) {
      await bundle(decoder, "decode");
      const server = new RuntimeProcess(bin, ["serve", workerdConfig("decode", {})], env, work);
      return { server, url: await server.url(listening) };
    },
  },
];

const versions: string[] = [];

for (const runtime of runtimes) {
  const found = binary(runtime.name);
  if ("skip" in found) {
    console.log(`  runtimes.test.ts: ${runtime.name} skipped: ${found.skip}`);
    const skipped = suite(`${runtime.name}: rbm-events/web`);
    skipped.skip(`skipped: ${found.skip}`, () => {});
    skipped.run();
    continue;
  }
  versions.push(found.version);
  const test = suite(`${found.version}: rbm-events/web`);
  let url = "";
  let server: RuntimeProcess | undefined;
  /** The events the example server's onEvent printed. */
  const events = () => [...(server?.output ?? "").matchAll(/^event (\w+)$/gm)].map((m) => m[1]);

  test.before(async () => {
    try {
      await prepare();
      ({ server, url } = await runtime.serve(found.path));
    } catch (error) {
      // uvu reports no error from a before hook: only that the suite's tests did not run.
      console.error(`\n  ${runtime.name}: could not start the example server: ${String(error)}`);
      throw error;
    }
  });

  test.after(async () => {
    await Promise.all([...started].map((s) => s.stop()));
  });

  test("answers the handshake with its secret, and 403 for an unknown token", async () => {
    const handshake = (clientToken: string) =>
      within(post(url, JSON.stringify({ clientToken, secret: "runtime-secret-7" }), { "content-type": "application/json" }), "handshake");
    const known = await handshake(token);
    assert.equal([known.status, known.text], [200, "runtime-secret-7"]);
    assert.is((await handshake("another-token")).status, 403);
  });

  test("answers 200 to signed events once onEvent has them, once per event", async () => {
    const body = webhookBody(userEvent(`${runtime.name}-1`));
    const serverEvent = readFileSync(join(root, "examples", "webhook-server-event.json"), "utf8");
    assert.is((await within(post(url, body, signed(body)), "signed event")).status, 200);
    assert.is((await within(post(url, serverEvent, signed(serverEvent)), "signed server event")).status, 200);
    assert.is((await within(post(url, body, signed(body)), "the same event again")).status, 200);
    await server!.until(/^event serverEvent$/m, "onEvent's line for the server event", 10_000);
    assert.equal(events(), ["userEvent", "serverEvent"]);
  });

  test("answers 401 to a forged signature, without calling onEvent", async () => {
    const body = webhookBody(userEvent(`${runtime.name}-forged`));
    const before = events().length;
    const forged = await within(post(url, body, signed(body, partnerToken)), "forged event");
    assert.is(forged.status, 401);
    assert.is(JSON.parse(forged.text).error.code, "UNAUTHORIZED");
    const missing = await within(post(url, body, { "content-type": "application/json" }), "unsigned event");
    assert.is(missing.status, 401);
    assert.is(events().length, before);
  });

  test("decodes every example delivery with decodeEvent as Node does", async () => {
    const decode = await runtime.decode(found.path);
    const response = await within(fetch(decode.url, { method: "POST", body: JSON.stringify(bodies) }), "decode");
    assert.is(response.status, 200, decode.server.output);
    const summaries = (await response.json()) as unknown[];
    assert.is(summaries.length, bodies.length);
    assert.ok(nodeSummaries.some((s) => (s as { kind?: string }).kind === "userMessage"));
    assert.equal(summaries, nodeSummaries);
  });

  test("prints no client token", () => {
    assert.match(server?.output ?? "", listening);
    for (const s of [server!, ...started]) assert.not.ok(s.output.includes(token), `${runtime.name} printed the client token`);
  });

  test.run();
}

const typecheck = suite("docs/examples/runtimes");

typecheck.before(prepare);

typecheck("compile under the strict tsconfig against the built package's types", () => {
  // The parts of Bun's and Deno's globals the example servers use, as those runtimes declare them.
  writeFileSync(
    join(work, "globals.d.ts"),
    `declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch(request: Request): Response | Promise<Response> }): { url: URL };
};
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { hostname: string; port: number; onListen(address: { hostname: string; port: number }): void }, handler: (request: Request) => Response | Promise<Response>): unknown;
};
`,
  );
  const files = ["globals.d.ts", example("bun.ts"), example("deno.ts"), example("worker.ts"), decoder];
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: [], files }));
  try {
    execFileSync(tsc, ["-p", work, "--pretty", "false"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (error) {
    assert.unreachable(`tsc: ${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
});

typecheck.after(() => {
  if (versions.length > 0) console.log(`  runtimes.test.ts ran in ${versions.join(", ")}`);
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

typecheck.run();
