// conformance/testee speaks the conformance runner's protocol: length-prefixed
// ConformanceRequest in, ConformanceResponse out. Checked here against the shipped schema's
// descriptor set, without building the runner (npm run conformance does that).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { descriptorSetBytes } from "../support/descriptor-set.js";

const root = resolve(import.meta.dirname, "../..");
const USER = "rbm.events.v1.UserEvent";

/** A ConformanceRequest: payload field (1 protobuf, 2 JSON, 8 text) and its value, output format, type, category. */
function request(payload: [number, string | Uint8Array], output: number, type: string, category = 0): Uint8Array {
  const w = new BinaryWriter().tag(payload[0], WireType.LengthDelimited);
  if (typeof payload[1] === "string") w.string(payload[1]);
  else w.bytes(payload[1]);
  w.tag(3, WireType.Varint).int32(output).tag(4, WireType.LengthDelimited).string(type);
  if (category !== 0) w.tag(5, WireType.Varint).int32(category);
  return w.finish();
}

function frame(messages: Uint8Array[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(m.length);
      return [length, Buffer.from(m)];
    }),
  );
}

/** Each ConformanceResponse as [result field number, value as text or bytes]. */
function responses(out: Buffer): [number, string | number[]][] {
  const answers: [number, string | number[]][] = [];
  for (let at = 0; at < out.length;) {
    const length = out.readUInt32LE(at);
    const reader = new BinaryReader(out.subarray(at + 4, at + 4 + length));
    const [number] = reader.tag();
    answers.push(number === 3 ? [number, [...reader.bytes()]] : [number, reader.string()]);
    at += 4 + length;
  }
  return answers;
}

const testee = suite("conformance/testee");

testee("answers each request in order: failure set, JSON and binary both ways, parse and skip", () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-conformance-"));
  try {
    const messages = join(dir, "messages.binpb");
    writeFileSync(messages, descriptorSetBytes);
    const input = frame([
      request([2, ""], 1, "conformance.FailureSet"),
      request([2, '{"eventId":"x","eventType":"READ"}'], 1, USER),
      request([1, new Uint8Array([0x1a, 1, 0x78, 0x10, 3])], 2, USER),
      request([2, '{"eventType":"nope"}'], 2, USER),
      request([2, '{"eventType":"nope","other":1}'], 2, USER, 3),
      request([8, "event_id: 'x'"], 2, USER),
      request([1, new Uint8Array([0x0a, 5])], 2, USER),
    ]);
    const out = execFileSync(join(root, "conformance/testee"), { input, env: { ...process.env, CONFORMANCE_MESSAGES: messages } });
    const answers = responses(out);
    assert.equal(answers.slice(0, 3), [
      [3, []],
      [3, [0x10, 3, 0x1a, 1, 0x78]],
      [4, '{"eventType":"READ","eventId":"x"}'],
    ]);
    assert.equal(answers[3], [1, 'eventType: invalid enum value: "nope" is not a value of rbm.events.v1.UserEvent.EventType']);
    assert.equal(answers[4], [4, "{}"]);
    assert.equal(answers[5], [5, "text format input is not supported"]);
    assert.is(answers[6]?.[0], 1);
    assert.is(answers.length, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

testee("exits 2 and says what to set without CONFORMANCE_MESSAGES", () => {
  const env = { ...process.env };
  delete env["CONFORMANCE_MESSAGES"];
  try {
    execFileSync(join(root, "conformance/testee"), { input: "", env, stdio: "pipe" });
    assert.unreachable("expected exit 2");
  } catch (error) {
    const { status, stderr } = error as { status: number; stderr: Buffer };
    assert.is(status, 2);
    assert.match(String(stderr), /set CONFORMANCE_MESSAGES/);
  }
});

testee.run();
