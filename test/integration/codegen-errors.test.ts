// `npm run generate` refuses a (payload) option it cannot honour, naming the file, the message and
// the cause, rather than writing a recogniser or keys that would misbehave silently.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(import.meta.dirname, "../..");
const test = suite("npm run generate on a wrong (payload) option");

/** Runs buf generate on a copy of proto/ with `edit` applied to one file; returns its exit code and output. */
function generate(file: string, edit: (text: string) => string): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-codegen-"));
  try {
    for (const name of ["proto", "codegen", "buf.gen.yaml", "buf.yaml"]) cpSync(join(root, name), join(dir, name), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    const path = join(dir, "proto/rbm/events/v1", file);
    const text = readFileSync(path, "utf8");
    const changed = edit(text);
    assert.is.not(changed, text, `the edit of ${file} changed nothing`);
    writeFileSync(path, changed);
    const run = spawnSync(join(dir, "node_modules/.bin/buf"), ["generate"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function refuses(file: string, edit: (text: string) => string, message: string): void {
  const { code, output } = generate(file, edit);
  assert.is.not(code, 0, output);
  assert.match(output, `rbm/events/v1/${file}: `);
  assert.match(output, message);
}

test("generates from the schema as it is", () => {
  assert.is(generate("user_event.proto", (text) => `${text}\n`).code, 0);
});

test("names a recognition rule's field that the message does not have", () => {
  refuses(
    "user_event.proto",
    (t) => t.replace('present: ["event_type", "sender_phone_number"]', 'present: ["event_type", "sender_phone"]'),
    'rbm.events.v1.UserEvent: option (payload): recognise[0].present names "sender_phone", which is neither a field nor a oneof of UserEvent',
  );
});

test("refuses two payloads of one kind, or at one precedence", () => {
  refuses("server_event.proto", (t) => t.replace('kind: "serverEvent"', 'kind: "userEvent"'), 'kind "userEvent" is also rbm.events.v1.UserEvent\'s');
  refuses("user_event.proto", (t) => t.replace("precedence: 20", "precedence: 30"), "precedence 30 is also rbm.events.v1.ServerEvent's");
});

test("refuses keys that could meet another kind's", () => {
  refuses(
    "server_event.proto",
    (t) => t.replace('key_prefix: "server-event:"', 'key_prefix: "user-event:"'),
    'key_prefix "user-event:" overlaps "user-event:", the prefix of rbm.events.v1.UserEvent',
  );
  refuses("server_event.proto", (t) => t.replace('key_prefix: "server-event:"', 'key_prefix: "unknown:server:"'), 'overlaps "unknown:"');
  refuses("server_event.proto", (t) => t.replace(/\n\s*key_prefix: "server-event:"/, ""), "key without a key_prefix");
  refuses("server_event.proto", (t) => t.replace('key: "event_id"', 'key: "send_time"'), 'key "send_time" is not a singular string field');
});

test("refuses a kind that is not a name, or that is unknown's", () => {
  refuses("user_event.proto", (t) => t.replace('kind: "userEvent"', 'kind: "User-Event"'), 'kind "User-Event" is not a lowerCamelCase name');
  refuses("user_event.proto", (t) => t.replace('kind: "userEvent"', 'kind: "unknown"'), 'kind "unknown" is the kind of payloads no message describes');
});

test.run();
