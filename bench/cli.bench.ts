// `npm run bench:cli`: the command line against the naive scripts people would otherwise write,
// each run as a whole process over files it builds first, in alternating order over several rounds.
// Speed (wall time), peak memory and CPU time (all threads) are reported as the median of
// per-round ratios to the @bufbuild/protobuf script, so that load on a shared machine that spans a
// round cancels out.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, availableParallelism, cpus, loadavg, platform, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./harness.js";
import { makePool } from "./pool.js";
import { messageTypeNames } from "../src/schema/index.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "src", "cli", "bin.js");
const DESCRIPTORS = join(ROOT, "dist", "rbm-events.binpb");
const PYTHON = "/usr/bin/python3";
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const LINES = Number(process.env["BENCH_LINES"] ?? 100_000);
const LARGE_LINES = Number(process.env["BENCH_LARGE_LINES"] ?? 1_000_000);

if (!existsSync(CLI) || !existsSync(DESCRIPTORS)) {
  console.error("dist/ is missing: run `npm run build` first (npm run bench:cli does)");
  process.exit(2);
}

/** UserEvent JSON lines from the benchmark pool of realistic deliveries. */
function userEvents(count: number): string[] {
  const events = makePool(Math.ceil(count / 0.8) + 100)
    .map((body) => Buffer.from((JSON.parse(body) as { message: { data: string } }).message.data, "base64").toString("utf8"))
    .filter((event) => event.includes('"senderPhoneNumber"'));
  return events.slice(0, count);
}

/** Every tenth line broken in one of the ways stored events go wrong. */
function withInvalid(lines: string[]): string[] {
  const breakers = [
    (l: string) => l.replace(/"sendTime":"([^"]*)Z"/, '"sendTime":"$1z"'),
    (l: string) => l.replace(/"eventType":"[A-Z_]+"/, '"eventType":"read"'),
    (l: string) => l.replace(/^\{/, '{"text":"hi",'),
    (l: string) => l.slice(0, l.length >> 1),
    (l: string) => l.replace(/"senderPhoneNumber":"[^"]*"/, '"senderPhoneNumber":5'),
  ];
  return lines.map((line, i) => (i % 10 === 9 ? breakers[((i / 10) % breakers.length) | 0]!(line) : line));
}

/** Typed-text user messages, when the schema has UserMessage. */
function userMessages(events: string[]): string[] {
  return events.map((event, i) => {
    const { senderPhoneNumber, messageId, sendTime, agentId } = JSON.parse(event) as Record<string, string>;
    return JSON.stringify({ senderPhoneNumber, messageId, sendTime, agentId, text: `Hi, is order ${i} ready?` });
  });
}

interface Program {
  name: string;
  command: string;
  args: (type: string, file: string) => string[];
  /** Its input on standard input from `cat FILE`, instead of the path among its arguments. */
  piped?: true;
}

const hasPython = spawnSync(PYTHON, ["-E", "-s", "-B", "-c", "import google.protobuf"]).status === 0;
const cores = availableParallelism();
const programs: Program[] = [
  { name: "@bufbuild/protobuf script", command: process.execPath, args: (t, f) => [join(ROOT, "bench/cli/naive-protobuf-es.mjs"), DESCRIPTORS, t, f] },
  { name: "rbm-events validate --jobs 1", command: process.execPath, args: (t, f) => [CLI, "validate", "--type", t, "--jobs", "1", f] },
  { name: "rbm-events validate (default --jobs)", command: process.execPath, args: (t, f) => [CLI, "validate", "--type", t, f] },
  ...(hasPython
    ? [
        {
          name: "Python json_format script",
          command: PYTHON,
          args: (t: string, f: string) => ["-E", "-s", "-B", join(ROOT, "bench/cli/naive-json-format.py"), DESCRIPTORS, t, f],
        },
      ]
    : []),
];

interface Run {
  seconds: number;
  peakBytes: number;
  /** CPU time of all the process's threads, user and system, as last seen before it ended. */
  cpuSeconds: number;
}

/** Clock ticks per second of /proc/PID/stat (USER_HZ): 100 on Linux. */
const TICKS = 100;

/** Runs a program to its end with its output thrown away; measures its time and peak resident memory. */
function measure(program: Program, type: string, file: string): Promise<Run> {
  return new Promise((done, fail) => {
    const sink = openSync("/dev/null", "w");
    const start = process.hrtime.bigint();
    const cat = program.piped ? spawn("cat", [file], { stdio: ["ignore", "pipe", "inherit"] }) : undefined;
    const child = spawn(program.command, program.args(type, file), { stdio: [cat?.stdout ?? "ignore", sink, "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // VmHWM is the peak resident set so far; read until the process is gone.
    let peakBytes = 0;
    let cpuSeconds = 0;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (match) peakBytes = Math.max(peakBytes, Number(match[1]) * 1024);
        // Fields 14 and 15 of stat, counted after the command name in parentheses.
        const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        cpuSeconds = Math.max(cpuSeconds, (Number(stat[11]) + Number(stat[12])) / TICKS || 0);
      } catch {
        // The process has just ended.
      }
    }, 5);
    child.on("error", fail);
    child.on("exit", (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      clearInterval(poll);
      closeSync(sink);
      if (code !== 0 && code !== 1) fail(new Error(`${program.name} exited with ${code}: ${stderr.slice(0, 500)}`));
      else done({ seconds, peakBytes, cpuSeconds });
    });
  });
}

interface Row {
  name: string;
  linesPerSecond: number;
  speed: number;
  /** The per-round speed ratios, for their range. */
  speeds: number[];
  peakMB: number;
  memory: number;
  cpu: number;
}

/** Runs every program over one file for several rounds; ratios are to the first program. */
async function compareOn(title: string, type: string, file: string, lines: number, chosen: Program[]): Promise<Row[]> {
  const runs = chosen.map(() => [] as Run[]);
  const speed = chosen.map(() => [] as number[]);
  const memory = chosen.map(() => [] as number[]);
  const cpu = chosen.map(() => [] as number[]);
  await measure(chosen[0]!, type, file); // warms the file cache
  for (let round = 0; round < ROUNDS; round++) {
    const order = chosen.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    const roundRuns: Run[] = [];
    for (const i of order) roundRuns[i] = await measure(chosen[i]!, type, file);
    chosen.forEach((_, i) => {
      runs[i]!.push(roundRuns[i]!);
      speed[i]!.push(roundRuns[0]!.seconds / roundRuns[i]!.seconds);
      memory[i]!.push(roundRuns[i]!.peakBytes / roundRuns[0]!.peakBytes);
      cpu[i]!.push(roundRuns[i]!.cpuSeconds / roundRuns[0]!.cpuSeconds);
    });
  }
  const rows = chosen.map((program, i) => ({
    name: program.name,
    linesPerSecond: lines / median(runs[i]!.map((r) => r.seconds)),
    speed: median(speed[i]!),
    speeds: speed[i]!,
    peakMB: median(runs[i]!.map((r) => r.peakBytes)) / 2 ** 20,
    memory: median(memory[i]!),
    cpu: median(cpu[i]!),
  }));
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${title}`);
  console.log(
    `${"program".padEnd(width)}  ${"lines/s".padStart(9)}  ${"speed".padStart(6)}  ${"peak MB".padStart(8)}  ${"memory".padStart(6)}  ${"CPU".padStart(5)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(width)}  ${Math.round(r.linesPerSecond).toLocaleString("en-US").padStart(9)}  ${r.speed.toFixed(2).padStart(6)}  ${r.peakMB.toFixed(0).padStart(8)}  ${r.memory.toFixed(2).padStart(6)}  ${r.cpu.toFixed(2).padStart(5)}`,
    );
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), "rbm-events-bench-cli-"));
try {
  const events = userEvents(LINES);
  const files = {
    events: join(dir, "events.ndjson"),
    mixed: join(dir, "mixed.ndjson"),
    messages: join(dir, "messages.ndjson"),
    large: join(dir, "large.ndjson"),
  };
  writeFileSync(files.events, `${events.join("\n")}\n`);
  writeFileSync(files.mixed, `${withInvalid(events).join("\n")}\n`);
  writeFileSync(files.large, `${Array.from({ length: Math.ceil(LARGE_LINES / LINES) }, () => events.join("\n")).join("\n")}\n`);

  console.log(`Node.js ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${arch()}), ${cores} cores, ${platform()}`);
  console.log(`whole processes, median of ${ROUNDS} rounds in alternating order; speed and memory are ratios to the first row`);
  const n = LINES.toLocaleString("en-US");
  const valid = await compareOn(`${n} valid UserEvent lines`, "rbm.events.v1.UserEvent", files.events, LINES, programs);
  await compareOn(`${n} UserEvent lines, 10% invalid`, "rbm.events.v1.UserEvent", files.mixed, LINES, programs);
  const names: readonly string[] = messageTypeNames();
  if (names.includes("rbm.events.v1.UserMessage")) {
    writeFileSync(files.messages, `${userMessages(events).join("\n")}\n`);
    await compareOn(`${n} UserMessage lines (typed text)`, "rbm.events.v1.UserMessage", files.messages, LINES, programs);
  }
  const largeLines = Math.ceil(LARGE_LINES / LINES) * LINES;
  const large = largeLines.toLocaleString("en-US");
  const loadBefore = loadavg()[0]!;
  const jobs = await compareOn(`${large} valid UserEvent lines, against --jobs 1`, "rbm.events.v1.UserEvent", files.large, largeLines, [
    programs[1]!,
    { name: "rbm-events validate --jobs 2", command: process.execPath, args: (t, f) => [CLI, "validate", "--type", t, "--jobs", "2", f] },
    programs[2]!,
    {
      name: "rbm-events validate, piped, --jobs 1",
      command: process.execPath,
      args: (t) => [CLI, "validate", "--type", t, "--jobs", "1"],
      piped: true,
    },
    {
      name: "rbm-events validate, piped, --jobs 2",
      command: process.execPath,
      args: (t) => [CLI, "validate", "--type", t, "--jobs", "2"],
      piped: true,
    },
  ]);
  const loadAfter = loadavg()[0]!;
  console.log(`(load average of the last minute: ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${cores} cores)`);

  const row = (rows: Row[], prefix: string) => rows.find((r) => r.name.startsWith(prefix))!;
  const range = (r: Row) => `per round ${Math.min(...r.speeds).toFixed(2)} to ${Math.max(...r.speeds).toFixed(2)}`;
  const line = (met: boolean, text: string) => console.log(`  ${met ? "met   " : "MISSED"}  ${text}`);
  const python = hasPython ? row(valid, "Python") : undefined;

  console.log("\ngoals (medians of per-round ratios):");
  const one = row(valid, "rbm-events validate --jobs 1");
  const byDefault = row(valid, "rbm-events validate (");
  line(
    byDefault.speed >= 1.5,
    `validate, ${n} valid lines, / the @bufbuild/protobuf script >= 1.5 x: ${byDefault.speed.toFixed(2)} x by default (${range(byDefault)}), ${one.speed.toFixed(2)} x with --jobs 1`,
  );
  for (const piped of [false, true]) {
    const rows = jobs.filter((r) => r.name.startsWith("rbm-events validate, piped") === piped);
    const peaks = rows.map((r) => `${r.name.replace(/^rbm-events validate,? (piped, )?/, "")} ${r.peakMB.toFixed(0)}`).join(", ");
    const peak = Math.max(...rows.map((r) => r.peakMB));
    line(peak < 100, `validate, ${large} lines ${piped ? "piped" : "of a file"}, peak resident set < 100 MB: ${peak.toFixed(0)} MB at most (${peaks})`);
  }
  const two = row(jobs, "rbm-events validate --jobs 2");
  line(
    two.speed >= 1.4,
    `validate --jobs 2 / --jobs 1 on ${large} lines >= 1.4 x (on idle cores): ${two.speed.toFixed(2)} x (${range(two)}); CPU time ${two.cpu.toFixed(2)} x`,
  );
  const auto = row(jobs, "rbm-events validate (");
  // "Never loses": within the 5% that rounds of whole processes differ by on this machine.
  line(auto.speed >= 0.95, `validate (default --jobs) / --jobs 1 on ${large} lines >= 1 (0.95 allowed for noise): ${auto.speed.toFixed(2)} (${range(auto)})`);
  if (python !== undefined) {
    line(one.speed / python.speed >= 4, `validate --jobs 1 / the Python json_format script >= 4 x: ${(one.speed / python.speed).toFixed(2)} x`);
  }
  if (loadBefore > 0.5 || loadAfter > 0.5) {
    console.log(`  (the machine was busy: with no idle core, --jobs 2 can only add its CPU time, and the default starts no workers)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
