import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
  const lines = stdout.trim() === "" || stdout.startsWith("usage:") ? [] : stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
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

validate("adds the binary encoding with --binary", async () => {
  const { lines } = await run(["validate", "--type", "rbm.events.v1.UserEvent", "--binary"], '{"eventId":"x"}');
  assert.equal(lines, [{ ok: true, json: { eventId: "x" }, binary: "GgF4" }]);
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

validate("rejects a line that is not UTF-8", async () => {
  const { lines } = await run(["validate", "--type", "UserEvent"], new Uint8Array([0x7b, 0xc3, 0x7d, 0x0a]));
  assert.equal(lines, [{ ok: false, errors: [{ path: "", message: "invalid UTF-8" }] }]);
});

validate("exits 2 on usage errors", async () => {
  for (const [args, message] of [
    [["validate"], "missing --type NAME"],
    [["validate", "--type", "Nope"], 'unknown message type "Nope"'],
    [["validate", "--type", "UserEvent", "--frobnicate"], "Unknown option '--frobnicate'"],
    [["validate", "--type", "UserEvent", "a", "b"], "expected at most one FILE, received 2"],
    [["validate", "--type", "UserEvent", "/nonexistent/file.ndjson"], "cannot read /nonexistent/file.ndjson: no such file"],
  ] as const) {
    const { code, stderr } = await run([...args]);
    assert.is(code, 2, args.join(" "));
    assert.ok(stderr.includes(message), `${args.join(" ")}: ${stderr}`);
  }
});

validate.run();

const decode = suite("rbm-events decode");

decode("decodes the shipped example, a pretty-printed push body", async () => {
  const { code, lines } = await run(["decode", join(root, "examples", "push-user-event.json")]);
  assert.is(code, 0);
  assert.is(lines.length, 1);
  assert.is((lines[0] as { kind: string }).kind, "userEvent");
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
  assert.equal(lines[2], { kind: "unknown", json: { senderPhoneNumber: "+1", text: "Hi" }, envelope: { source: "webhook" } });
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
});

decode.run();

const help = suite("rbm-events --help");

help("prints help for the program and every command, exit 0", async () => {
  for (const args of [[], ["--help"], ["decode", "--help"], ["validate", "--help"]]) {
    const { code, stdout } = await run(args);
    assert.is(code, 0);
    assert.match(stdout, /^usage: rbm-events/);
  }
});

help("exits 2 on an unknown command", async () => {
  const { code, stderr } = await run(["frobnicate"]);
  assert.is(code, 2);
  assert.match(stderr, 'unknown command "frobnicate"');
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
    stdout: new Writable({ write(c, _e, cb) { stdout += String(c); cb(); } }),
    stderr: new PassThrough(),
    env: {},
  });
  input.write("{}\n");
  for (let i = 0; i < 500 && stdout === ""; i++) await new Promise((r) => setTimeout(r, 10));
  assert.is(stdout, '{"ok":true,"json":{}}\n');
  input.end();
  assert.is(await done, 0);
});

bin.run();
