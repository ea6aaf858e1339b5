// `rbm-events drift` as a process: files, standard input, the summary, and its exit codes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(import.meta.dirname, "../..");
const cli = join(root, "src", "cli", "bin.ts");
const fixture = "test/fixtures/deliveries-drift.ndjson";

/** Runs `rbm-events …args` as a process in the repository, with `stdin` as its input. */
function drift(args: string[], stdin = ""): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", cli, "drift", ...args], { cwd: root, input: stdin, encoding: "utf8", timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A push body of a payload, as RBM's Pub/Sub subscription delivers it. */
const push = (event: unknown, indent?: number) =>
  JSON.stringify({ message: { data: Buffer.from(JSON.stringify(event)).toString("base64"), messageId: "11770574893482100" } }, null, indent);

const launch = { eventId: "ev-1", agentId: "coffee-bot@rbm.goog", oldLaunchState: "PENDING", newLaunchState: 9 };
const capability = { requestId: "req-1", capabilities: ["RICHCARD_STANDALONE"] };

let dir = "";
const test = suite("rbm-events drift");

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), "rbm-events-drift-"));
});

test.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("summarises NDJSON files and a pretty-printed body file, most frequent first, and exits 3", () => {
  const body = join(dir, "launch.json");
  writeFileSync(body, `${push(launch, 2)}\n`);
  const { code, stdout, stderr } = drift([fixture, body]);
  assert.is(stderr, "");
  assert.is(
    stdout,
    [
      "deliveries: 9 read, 5 with unknown parts, 1 failed to decode",
      "deliveries  in                kind       path                         example",
      `         2  userMessage       field      richCard                     ${fixture}:1`,
      `         1  agentLaunchEvent  enumValue  newLaunchState = 9           ${body}:1`,
      `         1  userEvent         enumValue  eventType = "REACTION"       ${fixture}:3`,
      `         1  userMessage       field      userFile.thumbnail.blurHash  ${fixture}:4`,
      `failed with INVALID_BASE64: 1, first at ${fixture}:6: cannot decode envelope: message.data: invalid base64: unexpected character "*" at index 28`,
      "",
    ].join("\n"),
  );
  assert.is(code, 3);
});

test("reads standard input for -, between files, and names it <stdin> with its line numbers", () => {
  const file = join(dir, "one.ndjson");
  writeFileSync(file, `${push(capability)}\n`);
  const stdin = ["", push({ ...launch, newLaunchState: "LAUNCHED", comment: "ok", reviewer: "x" }), "{not json", push(capability)].join("\n");
  const { code, stdout } = drift(["--json", file, "-"], stdin);
  assert.is(code, 3);
  assert.equal(JSON.parse(stdout), {
    deliveries: 4,
    withUnknown: 3,
    failed: 1,
    unknown: [
      { deliveries: 2, in: "unknown", kind: "payload", path: "", value: "{capabilities,requestId}", example: `${file}:1` },
      { deliveries: 1, in: "agentLaunchEvent", kind: "field", path: "reviewer", example: "<stdin>:2" },
    ],
    failures: [
      {
        code: "INVALID_JSON",
        deliveries: 1,
        example: "<stdin>:3",
        message: "cannot decode envelope: invalid JSON: expected a property name in double quotes at line 1 column 2",
      },
    ],
  });
});

test("reads standard input without FILE, and exits 0 when nothing is unknown", () => {
  const { code, stdout } = drift([], `${push({ ...launch, newLaunchState: "LAUNCHED" })}\n`);
  assert.is(
    stdout,
    "deliveries: 1 read, 0 with unknown parts, 0 failed to decode\nnothing unknown: every field and enum value read is in this build's schema\n",
  );
  assert.is(code, 0);
  assert.is(drift(["examples/push-user-event.json", "examples/push-user-message-file.json"]).code, 0);
});

test("counts bad input without crashing, and exits 1 when it failed but nothing is unknown", () => {
  const garbage = [
    "{",
    "[]",
    "\u0000\u0001",
    '{"message":{"data":"eyJ9"}}',
    push([1]),
    push({ text: 5, senderPhoneNumber: "+1" }),
    "\ufeff{}",
    "x".repeat(5000),
  ];
  const { code, stdout, stderr } = drift([], garbage.join("\n"));
  assert.is(stderr, "");
  assert.ok(stdout.startsWith("deliveries: 8 read, 0 with unknown parts, 8 failed to decode\nnothing unknown:"), stdout);
  assert.ok(
    stdout.includes("\nfailed with INVALID_JSON: 3, first at <stdin>:1: cannot decode envelope: invalid JSON: unexpected end of input at line 1 column 2\n"),
    stdout,
  );
  for (const line of stdout.trimEnd().split("\n").slice(2)) {
    assert.match(line, /^failed with [A-Z0-9_]+: \d, first at <stdin>:\d: /);
    assert.ok(line.length < 200, line); // never the long input
  }
  assert.is(code, 1);
});

test("refuses empty input, and usage mistakes with exit 2", () => {
  assert.equal(drift([], "\n\n"), { code: 1, stdout: "", stderr: "rbm-events drift: empty input: expected at least one line\n" });
  mkdirSync(join(dir, "folder"), { recursive: true });
  for (const [args, message] of [
    [["missing.ndjson"], "cannot read missing.ndjson: no such file"],
    [[join(dir, "folder")], `cannot read ${join(dir, "folder")}: is a directory`],
    [["-", "-"], "- (standard input) given more than once"],
    [["--jsn"], "Unknown option '--jsn': did you mean --json?"],
    [["--json", "--json"], "--json given more than once"],
  ] as const) {
    const { code, stdout, stderr } = drift([...args]);
    assert.is(stderr, `rbm-events drift: ${message}\nRun \`rbm-events drift --help\` for usage.\n`, args.join(" "));
    assert.is(stdout, "");
    assert.is(code, 2);
  }
});

test("prints its help, and is listed in the main help", () => {
  const { code, stdout } = drift(["--help"]);
  assert.is(code, 0);
  assert.ok(stdout.startsWith("usage: rbm-events drift [--json] [FILE…|-]\n"), stdout);
  assert.match(stdout, /exit status: 0 nothing unknown, 1 .*3 something unknown was read/s);
  const main = spawnSync(process.execPath, ["--import", "tsx", cli, "--help"], { cwd: root, encoding: "utf8" });
  assert.match(main.stdout, /\n {2}drift {5}summarise what deliveries held that this build's schema does not know\n/);
});

test.run();
