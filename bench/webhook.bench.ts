// `npm run bench:webhook`: HTTP throughput of the webhook receivers against what each is measured
// by, with autocannon over keep-alive connections and distinct signed events. Each receiver runs in
// a process of its own (serve and the Express handler from dist/, built first), started fresh for
// each round (and Redis flushed), so every event it gets is new to it; rounds alternate the order,
// and ratios are taken within a round. Three pairs, each with its goal, printed as met or missed:
// - `rbm-events serve` against the floor, a bare node:http receiver doing the least any must;
// - `rbm-events serve --redis` against the Redis floor: the floor plus the two node-redis commands
//   any receiver that hands each event on once needs;
// - createWebhookHandler on Express against the handler an Express app would write by hand.
// Each goal's ceiling is measured beside it: createWebhookHandler with an onEvent that does nothing
// (./webhook/quiet-server.mjs), which no receiver built on it can pass, against the same baseline.
//
// Then the floor's and serve's request listeners over in-memory connections, without the kernel's
// network share, which a busy machine disturbs far less: in a plain node child process loading
// serve from dist/, its standard output /dev/null (./webhook/in-memory.mjs).
//
// Options (environment): BENCH_ROUNDS (default 3), BENCH_SECONDS (measured, default 5),
// BENCH_CONNECTIONS (default 32), BENCH_PROFILE=DIR (run the receivers with --cpu-prof there),
// BENCH_MEMORY_STDOUT=pipe (the in-memory child's standard output a pipe instead of /dev/null).

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { openSync, readFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { createClient } from "redis";
import { signPayloadSync } from "../src/signature/node.js";
import { findRedisServer, RedisServer } from "../test/support/redis-server.js";
import { median } from "./harness.js";
import { makePool } from "./pool.js";

const root = resolve(import.meta.dirname, "..");
const token = "bench-client-token-5b1f";
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 3);
const seconds = Number(process.env["BENCH_SECONDS"] ?? 5);
const warmupSeconds = 2;
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 32);
const profileDir = process.env["BENCH_PROFILE"];
const memoryRounds = 5;
const memoryStdout = process.env["BENCH_MEMORY_STDOUT"] === "pipe" ? "pipe" : "/dev/null";

interface Receiver {
  name: string;
  args: (redisUrl: string) => string[];
  redis?: true;
  /** What it is measured against: the receiver's name, and the least ratio to it that meets the goal. */
  goal?: { baseline: string; ratio: number };
  /** The receiver with a goal whose ceiling this one is, measured against that goal's baseline. */
  ceilingOf?: string;
}

const floor = "floor (node:http, JSON.parse, HMAC, base64, JSON.parse, print)";
const naive = "naive Express (express.json(), HMAC, base64, JSON.parse, print)";
const redisFloor = "Redis floor (the floor, SET NX PX GET before, SET PX after)";
const allReceivers: Receiver[] = [
  { name: floor, args: () => ["bench/webhook/floor-server.mjs"] },
  { name: "rbm-events serve", args: () => ["dist/src/cli/bin.js", "serve", "--port", "0"], goal: { baseline: floor, ratio: 0.85 } },
  { name: "  ceiling: createWebhookHandler, onEvent doing nothing", args: () => ["bench/webhook/quiet-server.mjs", "node"], ceilingOf: "rbm-events serve" },
  { name: naive, args: () => ["bench/webhook/express-server.mjs", "naive"] },
  { name: "createWebhookHandler on Express", args: () => ["bench/webhook/express-server.mjs", "handler"], goal: { baseline: naive, ratio: 1.1 } },
  {
    name: "  ceiling: the same, onEvent doing nothing",
    args: () => ["bench/webhook/quiet-server.mjs", "express"],
    ceilingOf: "createWebhookHandler on Express",
  },
  { name: redisFloor, args: (url) => ["bench/webhook/redis-floor-server.mjs", url], redis: true },
  {
    name: "rbm-events serve --redis",
    args: (url) => ["dist/src/cli/bin.js", "serve", "--port", "0", "--redis", url],
    redis: true,
    goal: { baseline: redisFloor, ratio: 0.95 },
  },
  {
    name: "  ceiling: the same with the Redis store, onEvent doing nothing",
    args: (url) => ["bench/webhook/quiet-server.mjs", "node", url],
    redis: true,
    ceilingOf: "rbm-events serve --redis",
  },
];

const redisBinary = findRedisServer();
if (redisBinary.skip !== undefined) console.log(`serve --redis and the Redis floor are left out: ${redisBinary.skip}`);
const receivers = allReceivers.filter((r) => redisBinary.skip === undefined || !r.redis);
/** The name of a receiver's baseline: its goal's, or that of the goal it is the ceiling of. */
function baselineOf(receiver: Receiver): string | undefined {
  return receiver.goal?.baseline ?? receivers.find((r) => r.name === receiver.ceilingOf)?.goal?.baseline;
}
/** Each receiver's baseline, by index; its own index when it has none. */
const baselines = receivers.map((r, i) => {
  const baseline = baselineOf(r);
  return baseline === undefined ? i : receivers.findIndex((b) => b.name === baseline);
});

// Enough distinct events for a warm-up and a measured run at well over the expected rate.
const poolSize = Number(process.env["BENCH_POOL"] ?? 300_000);
const pool = makePool(poolSize).map((body) => ({
  body,
  signature: signPayloadSync((JSON.parse(body) as { message: { data: string } }).message.data, token),
}));
let next = 0;

/** Starts a receiver and resolves to it and its port once it listens. */
async function start(receiver: Receiver, redisUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const flags = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  // Both run as plain JavaScript, as a user runs serve: the floor as written, serve built in dist/.
  const child = spawn(process.execPath, [...flags, ...receiver.args(redisUrl)], {
    cwd: root,
    env: { ...process.env, RBM_CLIENT_TOKEN: token },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  for (let i = 0; i < 3_000; i++) {
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr);
    if (match !== null) return { child, port: Number(match[1]) };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  throw new Error(`${receiver.name} did not start: ${stderr}`);
}

/** Loads `port` for `duration` seconds with the next distinct events of the pool. */
async function load(port: number, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const event = pool[next++ % pool.length]!;
          request.headers = { "content-type": "application/json", "x-goog-signature": event.signature };
          request.body = event.body;
          return request;
        },
      },
    ],
  });
}

interface Sample {
  perSecond: number;
  p99: number;
  /** CPU time the receiver process used per request, in µs (NaN where /proc is missing). */
  cpuMicros: number;
}

/** User plus system CPU time of a process so far, in µs, from /proc (Linux). */
function cpuTime(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // clock ticks, 100 a second
  } catch {
    return Number.NaN;
  }
}

async function measure(receiver: Receiver, redisUrl: string, flush: () => Promise<unknown>): Promise<Sample> {
  if (receiver.redis) await flush();
  next = 0;
  const { child, port } = await start(receiver, redisUrl);
  const exited = new Promise((r) => child.once("exit", r));
  try {
    await load(port, warmupSeconds);
    const cpuBefore = cpuTime(child.pid!);
    const result = await load(port, seconds);
    const cpuMicros = (cpuTime(child.pid!) - cpuBefore) / result.requests.total;
    if (next > pool.length) console.log(`  warning: ${receiver.name} got ${next - pool.length} events twice (pool too small)`);
    if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
      console.log(`  warning: ${receiver.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return { perSecond: result.requests.average, p99: result.latency.p99, cpuMicros };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

/** The receivers also measured over in-memory connections: the floor first, then serve. */
const memoryReceivers = receivers.filter((r) => r.name === floor || r.name.startsWith("rbm-events serve"));
const redis = redisBinary.skip === undefined ? await RedisServer.start() : undefined;
const client = redis === undefined ? undefined : await createClient({ url: redis.url }).connect();
const flush = async () => client?.flushAll();
const samples = receivers.map(() => [] as Sample[]);
const ratios = receivers.map(() => [] as number[]);
const cpuRatios = receivers.map(() => [] as number[]);
const memoryCosts = memoryReceivers.map(() => [] as number[]);
try {
  for (let round = 0; round < rounds; round++) {
    const order = receivers.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    const got: Sample[] = [];
    for (const i of order) got[i] = await measure(receivers[i]!, redis?.url ?? "", flush);
    receivers.forEach((_, i) => {
      const base = got[baselines[i]!]!;
      samples[i]!.push(got[i]!);
      ratios[i]!.push(got[i]!.perSecond / base.perSecond);
      cpuRatios[i]!.push(base.cpuMicros / got[i]!.cpuMicros);
    });
    console.log(`round ${round + 1}: ${got.map((s) => `${Math.round(s.perSecond)}/s p99 ${s.p99} ms ${s.cpuMicros.toFixed(0)} µs`).join(", ")}`);
  }
  // The same receivers without the kernel: the floor's listener and serve's, in a child process.
  const memory = spawn(process.execPath, ["bench/webhook/in-memory.mjs"], {
    cwd: root,
    stdio: ["ignore", memoryStdout === "pipe" ? "pipe" : openSync("/dev/null", "w"), "inherit", "ipc"],
    serialization: "advanced",
  });
  memory.stdout?.resume(); // a pipe, read and dropped here
  const exited = once(memory, "exit").then(([code]) => {
    throw new Error(`the in-memory child exited (${String(code)})`);
  });
  exited.catch(() => {});
  const ask = async (message: object): Promise<Record<string, unknown>> => {
    const answer = once(memory, "message");
    memory.send(message);
    return ((await Promise.race([answer, exited])) as [Record<string, unknown>])[0];
  };
  try {
    const serves = memoryReceivers.slice(1).map((receiver) => (receiver.redis ? ["--redis", redis!.url] : []));
    await ask({ serve: serves, token });
    await flush();
    let cursor = 0;
    const nextRequest = () => {
      const { body, signature } = pool[cursor++ % pool.length]!;
      const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Goog-Signature: ${signature}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      return Buffer.from(head + body);
    };
    const perRound = Math.min(20_000, Math.floor(pool.length / (memoryReceivers.length * (memoryRounds + 1))));
    for (let round = -1; round < memoryRounds; round++) {
      const order = memoryReceivers.map((_, i) => i);
      if (round % 2 !== 0) order.reverse();
      for (const i of order) {
        const requests = Array.from({ length: perRound }, nextRequest);
        const { micros } = await ask({ listener: i, requests, connections });
        if (round >= 0) memoryCosts[i]!.push(micros as number);
      }
    }
  } finally {
    memory.disconnect();
  }
} finally {
  client?.destroy();
  await redis?.dispose();
}

const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
console.log(`\nNode.js ${process.version}, ${cpus().length} × ${cpu} (${arch()}), ${platform()}`);
console.log(`${connections} keep-alive connections, ${seconds} s per receiver and round after ${warmupSeconds} s of warm-up, ${rounds} rounds`);
console.log("\nwebhook receivers, ratio to what each is measured against (median of per-round ratios)");
const width = Math.max(...receivers.map((r) => r.name.length));
console.log(
  `${"receiver".padEnd(width)}  ${"requests/s".padStart(10)}  ${"ratio".padStart(5)}  ${"p99 ms".padStart(6)}  ${"CPU µs/req".padStart(10)}  ${"CPU ratio".padStart(9)}`,
);
receivers.forEach((receiver, i) => {
  const perSecond = Math.round(median(samples[i]!.map((s) => s.perSecond))).toLocaleString("en-US");
  const p99 = median(samples[i]!.map((s) => s.p99));
  const cpu = median(samples[i]!.map((s) => s.cpuMicros)).toFixed(0);
  const cells = [
    perSecond.padStart(10),
    median(ratios[i]!).toFixed(2).padStart(5),
    String(p99).padStart(6),
    cpu.padStart(10),
    median(cpuRatios[i]!).toFixed(2).padStart(9),
  ];
  console.log(`${receiver.name.padEnd(width)}  ${cells.join("  ")}`);
});
console.log("(CPU ratio: the baseline's CPU time per request over the receiver's, which a busy machine disturbs less than requests/s)");
console.log(`\nthe same receivers over in-memory connections (${connections}, no sockets; output to ${memoryStdout}), median of ${memoryRounds} rounds`);
console.log(`${"receiver".padEnd(width)}  ${"CPU µs/req".padStart(10)}  ${"ratio".padStart(5)}`);
memoryReceivers.forEach((receiver, i) => {
  const micros = median(memoryCosts[i]!);
  console.log(`${receiver.name.padEnd(width)}  ${micros.toFixed(1).padStart(10)}  ${(median(memoryCosts[0]!) / micros).toFixed(2).padStart(5)}`);
});
console.log("\ntargets (requests per second, median of per-round ratios, and their range):");
/** A ratio as printed beside its goal: to three places where two would round it onto the goal. */
const shown = (ratio: number, goal: number) => ratio.toFixed(Math.abs(ratio - goal) < 0.005 ? 3 : 2);
receivers.forEach((receiver, i) => {
  if (receiver.goal === undefined) return;
  const ratio = median(ratios[i]!);
  const range = `${Math.min(...ratios[i]!).toFixed(2)} to ${Math.max(...ratios[i]!).toFixed(2)}`;
  const goal = receiver.goal.baseline === naive ? `>= ${receiver.goal.ratio} x` : `>= ${receiver.goal.ratio} of`;
  console.log(
    `  ${ratio >= receiver.goal.ratio ? "met   " : "MISSED"}  ${receiver.name} ${goal} ${receiver.goal.baseline.split(" (")[0]}: ${shown(ratio, receiver.goal.ratio)} (${range})`,
  );
  const ceiling = receivers.findIndex((r) => r.ceilingOf === receiver.name);
  if (ceiling === -1) return;
  const reach = median(ratios[ceiling]!);
  const reachRange = `${Math.min(...ratios[ceiling]!).toFixed(2)} to ${Math.max(...ratios[ceiling]!).toFixed(2)}`;
  // The ceiling does all the receiver does but its output: below the goal, no output can meet it.
  const verdict =
    reach >= receiver.goal.ratio ? "the goal is met only if its output costs less than the difference" : "below the goal: no receiver built on it can meet it";
  console.log(`          ceiling (createWebhookHandler, onEvent doing nothing): ${shown(reach, receiver.goal.ratio)} (${reachRange}), ${verdict}`);
});
