import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../src/cli/main.js";
import { runCli, type CliRun } from "../support/cli.js";

const root = resolve(import.meta.dirname, "../..");

interface Run extends CliRun {
  lines: unknown[];
}

async function run(args: string[], stdin: string | Uint8Array = ""): Promise<Run> {
  const result = await runCli(args, stdin);
  const { stdout } = result;
  const lines =
    stdout.trim() === "" || stdout.startsWith("usage:")
      ? []
      : stdout
          .trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l));
  return { ...result, lines };
}

const userEvent = '{"senderPhoneNumber":"+14155550123","eventType":"READ","messageId":"m1","sendTime":"2014-10-02T15:01:23+05:30"}';

const validate = suite("rbm-events validate");

validate("prints canonical proto3 JSON for each valid line and exits 0", async () => {
  const { code, lines } = await run(["validate", "--type", "UserEvent"], `${userEvent}\n{}\n`);
  assert.is(code, 0);
  assert.equal(lines, [
    { ok: true, json: { senderPhoneNumber: "+14155550123", eventType: "READ", messageId: "m1", sendTime: "2014-10-02T09:31:23Z" } },
    { ok: true, json: {} },
  ]);
});

validate("reads several files in turn, a pretty-printed message as one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-cli-files-"));
  try {
    const lines = join(dir, "events.ndjson");
    const pretty = join(dir, "event.json");
    writeFileSync(lines, `${userEvent}\n{"eventId":"e2"}\n`);
    writeFileSync(pretty, `${JSON.stringify(JSON.parse(userEvent), null, 2)}\n`);
    const { code, lines: verdicts } = await run(["validate", "--type", "UserEvent", lines, pretty]);
    assert.is(code, 0);
    assert.equal(
      verdicts.map((v) => (v as { ok: boolean }).ok),
      [true, true, true],
    );
    assert.equal((verdicts[2] as { json: unknown }).json, (verdicts[0] as { json: unknown }).json);
    const decoded = await run(["decode", join(root, "examples", "push-user-event.json"), join(root, "examples", "webhook-server-event.json")]);
    assert.is(decoded.code, 0);
    assert.equal(
      decoded.lines.map((l) => (l as { kind: string }).kind),
      ["userEvent", "serverEvent"],
    );
    const missing = await run(["decode", join(root, "examples", "push-user-event.json"), join(dir, "nope.json")]);
    assert.is(missing.code, 2);
    assert.match(missing.stderr, "no such file");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

validate("adds the binary encoding with --binary", async () => {
  const { lines } = await run(["validate", "--type", "rbm.events.v1.UserEvent", "--binary"], '{"eventId":"x"}');
  assert.equal(lines, [{ ok: true, json: { eventId: "x" }, binary: "GgF4" }]);
});

validate("takes --longs number, string or bigint", async () => {
  for (const longs of ["number", "string", "bigint"]) {
    const { code, lines } = await run(["validate", "--type", "UserEvent", "--binary", "--longs", longs], '{"eventId":"x"}');
    assert.is(code, 0, longs);
    assert.equal(lines, [{ ok: true, json: { eventId: "x" }, binary: "GgF4" }], longs);
  }
});

validate("rejects each invalid line with a path, exits 1, and keeps going", async () => {
  const input = ['{"sendTime":"2014-10-02T15:01:23z"}', '{"eventType":"read"}', '{"text":"hi"}', "[]", "{", userEvent].join("\n");
  const { code, lines } = await run(["validate", "--type", "UserEvent"], input);
  assert.is(code, 1);
  assert.is(lines.length, 6);
  const paths = lines.map((l) => (l as { errors?: { path: string }[] }).errors?.[0]?.path);
  assert.equal(paths, ["sendTime", "eventType", "text", "", "", undefined]);
});

validate("accepts unknown fields with --ignore-unknown-fields", async () => {
  const { code, lines } = await run(["validate", "-t", "UserEvent", "--ignore-unknown-fields"], '{"text":"hi","eventId":"e"}\n');
  assert.is(code, 0);
  assert.equal(lines, [{ ok: true, json: { eventId: "e" } }]);
});

validate("splits on \\n only: a \\r belongs to its line", async () => {
  const { lines } = await run(["validate", "--type", "UserEvent"], '{"eventId":"a"}\r\n{"eventId":"b"}\r{"eventId":"c"}\n');
  assert.is(lines.length, 2);
  assert.equal(lines[0], { ok: true, json: { eventId: "a" } });
  assert.is((lines[1] as { ok: boolean }).ok, false);
});

validate("keeps the sign of a -0 in a floating-point field, nested too", async () => {
  const latLng = await runCli(["validate", "--type", "LatLng"], '{"latitude":-0,"longitude":-0.0}\n');
  assert.is(latLng.stdout, '{"ok":true,"json":{"latitude":-0.0,"longitude":-0.0}}\n');
  const message = await runCli(["validate", "--type", "UserMessage"], '{"location":{"latitude":-0}}\n');
  assert.is(message.stdout, '{"ok":true,"json":{"location":{"latitude":-0.0}}}\n');
});

validate("rejects a line that is not UTF-8", async () => {
  const { lines } = await run(["validate", "--type", "UserEvent"], new Uint8Array([0x7b, 0xc3, 0x7d, 0x0a]));
  assert.equal(lines, [{ ok: false, errors: [{ path: "", message: "invalid UTF-8" }] }]);
});

validate("validates user messages and agent launch events, oneof and nested fields included", async () => {
  const input = [
    '{"senderPhoneNumber":"+14155550123","location":{"latitude":"37.422000","longitude":-122.084056}}',
    '{"suggestion_response":{"postback_data":"yes","type":2},"text":null}',
    '{"text":"Hi","userFile":{}}',
    '{"userFile":{"payload":{"fileSizeBytes":2147483648}}}',
  ].join("\n");
  const { code, lines } = await run(["validate", "--type", "UserMessage", "--binary"], input);
  assert.is(code, 1);
  assert.equal(lines.slice(0, 2), [
    {
      ok: true,
      json: { senderPhoneNumber: "+14155550123", location: { latitude: 37.422, longitude: -122.084056 } },
      binary: "CgwrMTQxNTU1NTAxMjNKEgm8dJMYBLZCQBEWwmosYYVewA==",
    },
    { ok: true, json: { suggestionResponse: { postbackData: "yes", type: "REPLY" } }, binary: "UgcKA3llcxgC" },
  ]);
  assert.equal(lines.slice(2), [
    { ok: false, errors: [{ path: "userFile", message: 'duplicate oneof: "text" and "userFile" both set oneof "content"' }] },
    { ok: false, errors: [{ path: "userFile.payload.fileSizeBytes", message: "invalid int32: 2147483648 is out of range" }] },
  ]);
  const launch = await run(["validate", "--type", "AgentLaunchEvent"], '{"newLaunchState":"SUSPENDED","comment":"spam reports"}\n{"oldLaunchState":"GONE"}');
  assert.is(launch.code, 1);
  assert.equal(launch.lines[0], { ok: true, json: { newLaunchState: "SUSPENDED", comment: "spam reports" } });
  assert.equal((launch.lines[1] as { errors: unknown[] }).errors, [
    { path: "oldLaunchState", message: 'invalid enum value: "GONE" is not a value of rbm.events.v1.AgentLaunchEvent.LaunchState' },
  ]);
});

validate("prints a double of -0 as -0.0, and writes its bits", async () => {
  const { stdout } = await runCli(["validate", "--type", "LatLng", "--binary"], '{"latitude":-0,"longitude":-0.0e3}\n{"latitude":0}');
  assert.is(stdout, '{"ok":true,"json":{"latitude":-0.0,"longitude":-0.0},"binary":"CQAAAAAAAACAEQAAAAAAAACA"}\n{"ok":true,"json":{},"binary":""}\n');
  const decoded = await runCli(["decode"], Buffer.from('{"location":{"latitude":-0}}').toString("base64"));
  assert.is(decoded.stdout, '{"kind":"userMessage","event":{"location":{"latitude":-0.0}},"envelope":{"source":"base64"}}\n');
});

validate("exits 2 on usage errors", async () => {
  for (const [args, message] of [
    [["validate"], "missing --type NAME"],
    [["validate", "--type", "Nope"], 'unknown --type "Nope": expected one of rbm.events.v1.AgentLaunchEvent, '],
    [["validate", "--type", "google.protobuf.Timestamp"], 'unknown --type "google.protobuf.Timestamp": expected one of '],
    [["validate", "--type", "UserEvent", "--type", "ServerEvent"], "--type given more than once"],
    [["validate", "--type", "UserEvent", "--binary", "--binary"], "--binary given more than once"],
    [["validate", "--typ", "UserEvent"], "Unknown option '--typ': did you mean --type?"],
    [["decode", "--strcit"], "Unknown option '--strcit': did you mean --strict?"],
    [["decode", "--zzzzzz"], "Unknown option '--zzzzzz'\n"],
    [["validate", "--type", "UserEvent", root], `cannot read ${root}: is a directory\n`],
    [["decode", root], `cannot read ${root}: is a directory\n`],
    [["validate", "--type", "UserEvent", "--frobnicate"], "Unknown option '--frobnicate'"],
    [["validate", "--type", "UserEvent", "a", "b"], "cannot read a: no such file"],
    [["validate", "--type", "UserEvent", "-", "-"], "- (standard input) given more than once"],
    [["validate", "--type", "UserEvent", "--longs", "long"], '--longs takes number, string or bigint, not "long"'],
    [["validate", "--type", "UserEvent", "/nonexistent/file.ndjson"], "cannot read /nonexistent/file.ndjson: no such file"],
  ] as const) {
    const { code, stderr } = await run([...args]);
    assert.is(code, 2, args.join(" "));
    assert.ok(stderr.includes(message), `${args.join(" ")}: ${stderr}`);
  }
});

validate.run();

const decode = suite("rbm-events decode");

decode("decodes each shipped example, a pretty-printed body, to its typed kind", async () => {
  const kinds: Record<string, string> = {
    "push-user-event.json": "userEvent",
    "webhook-server-event.json": "serverEvent",
    "push-user-message-text.json": "userMessage",
    "push-user-message-suggestion.json": "userMessage",
    "webhook-user-message-location.json": "userMessage",
    "push-user-message-file.json": "userMessage",
    "push-agent-launch-event.json": "agentLaunchEvent",
  };
  assert.equal(readdirSync(join(root, "examples")).sort(), Object.keys(kinds).sort());
  for (const [name, kind] of Object.entries(kinds)) {
    const { code, lines } = await run(["decode", "--strict", join(root, "examples", name)]);
    assert.is(code, 0, name);
    assert.is(lines.length, 1, name);
    assert.equal(Object.keys(lines[0] as object), ["kind", "event", "envelope"], name);
    assert.is((lines[0] as { kind: string }).kind, kind, name);
  }
});

decode("prints a user message's content as its proto3 JSON member", async () => {
  const { lines } = await run(["decode", join(root, "examples", "webhook-user-message-location.json")]);
  assert.equal(lines[0], {
    kind: "userMessage",
    event: {
      senderPhoneNumber: "+447700900123",
      messageId: "MxQ2fT7hYc3LwE9sKd0aRj4N",
      sendTime: "2024-03-05T12:40:09.500Z",
      agentId: "coffee-bot@rbm.goog",
      location: { latitude: 51.501364, longitude: -0.14189 },
    },
    envelope: { source: "webhook", messageId: "11770574893481702", publishTime: "2024-03-05T12:40:10.118Z" },
  });
});

decode("lists what an event held that this build does not know", async () => {
  const event = { senderPhoneNumber: "+14155550123", messageId: "m1", richCard: {}, sendTime: "2014-10-02T15:01:23Z" };
  const body = JSON.stringify({ message: { data: Buffer.from(JSON.stringify(event)).toString("base64") } });
  const { code, lines } = await run(["decode", "-"], body);
  assert.is(code, 0);
  assert.equal((lines[0] as { unknown?: unknown }).unknown, [{ path: "richCard", kind: "field" }]);
});

decode("answers a body nested 5,000 levels deep with an error line and goes on with the next", async () => {
  const body = (payload: string) => JSON.stringify({ message: { data: Buffer.from(payload).toString("base64") } });
  const deep = body(`{"senderPhoneNumber":"+1","eventType":"READ","eventId":"e","x":${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
  const good = body('{"senderPhoneNumber":"+14155550123","eventType":"READ","eventId":"e2"}');
  const { code, lines, stderr } = await run(["decode"], `${deep}\n${good}\n`);
  assert.equal([code, stderr], [1, ""]);
  assert.is(lines.length, 2);
  const [error, event] = lines as [{ error: { code: string; message: string } }, { kind: string }];
  assert.is(error.error.code, "INVALID_JSON");
  assert.ok(error.error.message.endsWith("too deeply nested: more than 100 levels") && error.error.message.length <= 300, error.error.message);
  assert.is(event.kind, "userEvent");
});

decode("decodes NDJSON bodies one line each, errors included, and exits 1", async () => {
  const body = (event: string) => JSON.stringify({ message: { data: Buffer.from(event).toString("base64") } });
  const input = [body(userEvent), "", body('{"senderPhoneNumber":"+1","text":"Hi"}'), body("{"), "eyJldmVudElkIjoiZSJ9"].join("\n");
  const { code, lines } = await run(["decode"], input);
  assert.is(code, 1);
  assert.equal(lines[0], {
    kind: "userEvent",
    event: { senderPhoneNumber: "+14155550123", eventType: "READ", messageId: "m1", sendTime: "2014-10-02T09:31:23Z" },
    envelope: { source: "webhook" },
  });
  assert.is((lines[1] as { error: { code: string } }).error.code, "INVALID_JSON", "a blank line gets its verdict too");
  assert.equal(lines[2], { kind: "userMessage", event: { senderPhoneNumber: "+1", text: "Hi" }, envelope: { source: "webhook" } });
  assert.is((lines[3] as { error: { code: string } }).error.code, "INVALID_JSON");
  assert.equal(lines[4], { kind: "unknown", json: { eventId: "e" }, envelope: { source: "base64" } });
});

decode("adds reference warnings with --warnings", async () => {
  const event = '{"senderPhoneNumber":"0123","eventType":"DELIVERED"}';
  const { lines } = await run(["decode", "--warnings", "-"], Buffer.from(event).toString("base64"));
  assert.equal((lines[0] as { warnings: unknown }).warnings, [
    { path: "senderPhoneNumber", message: "invalid phone number: expected E.164, such as +14155550123" },
    { path: "messageId", message: "missing value: DELIVERED events name the message" },
  ]);
  const message = '{"senderPhoneNumber":"+14155550123","location":{"latitude":91}}';
  const warned = await run(["decode", "--warnings", "-"], Buffer.from(message).toString("base64"));
  assert.equal((warned.lines[0] as { warnings: unknown }).warnings, [{ path: "location.latitude", message: "out of range: expected degrees from -90 to 90" }]);
});

decode.run();

const help = suite("rbm-events --help");

help("prints help for the program and every command, exit 0", async () => {
  for (const args of [["--help"], ["decode", "--help"], ["validate", "--help"]]) {
    const { code, stdout } = await run(args);
    assert.is(code, 0);
    assert.match(stdout, /^usage: rbm-events/);
  }
});

help("prints usage on stderr and exits 2 without arguments", async () => {
  const { code, stdout, stderr } = await run([]);
  assert.equal([code, stdout], [2, ""]);
  assert.match(stderr, /^usage: rbm-events <command>/);
});

help("exits 2 on an unknown command", async () => {
  const { code, stderr } = await run(["frobnicate"]);
  assert.is(code, 2);
  assert.match(stderr, 'unknown command "frobnicate"\n');
});

help("suggests the command or message type a typo meant", async () => {
  const command = await run(["valdate"]);
  assert.is(command.code, 2);
  assert.match(command.stderr, 'unknown command "valdate"; did you mean "validate"?');
  const type = await run(["validate", "--type", "UserEvnt"], "{}\n");
  assert.is(type.code, 2);
  assert.match(type.stderr, 'unknown --type "UserEvnt"; did you mean "rbm.events.v1.UserEvent"?: expected one of ');
});

help.run();

const bin = suite("rbm-events executable");

bin("runs as a process on a file and on standard input", () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-cli-"));
  try {
    const file = join(dir, "in.ndjson");
    writeFileSync(file, `${userEvent}\n`);
    const cli = join(root, "src", "cli", "bin.ts");
    const out = execFileSync("node", ["--import", "tsx", cli, "validate", "--type", "UserEvent", file], { encoding: "utf8" });
    assert.equal(JSON.parse(out).ok, true);
    const piped = execFileSync("node", ["--import", "tsx", cli, "validate", "--type", "UserEvent"], { input: "{}\n", encoding: "utf8" });
    assert.equal(JSON.parse(piped), { ok: true, json: {} });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bin("streams: output starts before the input ends", async () => {
  const input = new PassThrough();
  let stdout = "";
  const done = main(["validate", "--type", "UserEvent"], {
    stdin: input,
    stdout: new Writable({
      write(c, _e, cb) {
        stdout += String(c);
        cb();
      },
    }),
    stderr: new PassThrough(),
    env: {},
  });
  input.write("{}\n");
  for (let i = 0; i < 500 && stdout === ""; i++) await new Promise((r) => setTimeout(r, 10));
  assert.is(stdout, '{"ok":true,"json":{}}\n');
  input.end();
  assert.is(await done, 0);
});

/** Runs validate on `first` then many valid lines, closing its output after the first chunk, as `| head -1` does. */
async function validateWithOutputClosedEarly(first: string): Promise<{ code: number | null; stderr: string }> {
  const cli = join(root, "src", "cli", "bin.ts");
  const child = spawn(process.execPath, ["--import", "tsx", cli, "validate", "--type", "UserEvent"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  child.stdin.on("error", () => {});
  // read the first chunk, then close the pipe while it still writes
  child.stdout.once("data", () => child.stdout.destroy());
  if (first !== "") child.stdin.write(first);
  const line = `${userEvent}\n`.repeat(1_000);
  for (let i = 0; i < 200 && child.exitCode === null && child.stdin.writable; i++) {
    if (!child.stdin.write(line)) await new Promise((r) => child.stdin.once("drain", r).once("close", r));
  }
  child.stdin.end();
  return { code: await exited, stderr };
}

bin("exits quietly when its output is closed early", async () => {
  assert.equal(await validateWithOutputClosedEarly(""), { code: 0, stderr: "" });
});

bin("exits 1, quietly, when its output is closed early after an invalid line", async () => {
  assert.equal(await validateWithOutputClosedEarly('{"eventType":"read"}\n'), { code: 1, stderr: "" });
});

bin("exits 4 with one line when its output cannot be written (a full disk)", () => {
  const cli = join(root, "src", "cli", "bin.ts");
  for (const args of [["validate", "--type", "UserEvent"], ["decode"], ["drift"], ["--help"]]) {
    const full = openSync("/dev/full", "w");
    try {
      const body = readFileSync(join(root, "examples", "push-user-event.json"), "utf8");
      const run = spawnSync(process.execPath, ["--import", "tsx", cli, ...args], {
        input: `${JSON.stringify(JSON.parse(body))}\n`,
        stdio: ["pipe", full, "pipe"],
        encoding: "utf8",
      });
      const command = args[0] === "--help" ? "rbm-events" : `rbm-events ${args[0]}`;
      assert.equal([run.status, run.stderr], [4, `${command}: cannot write to standard output: ENOSPC (no space left on device)\n`], args.join(" "));
    } finally {
      closeSync(full);
    }
  }
});

bin.run();
