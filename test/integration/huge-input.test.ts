// Huge input: million-level nesting and bodies of tens of MB take seconds and hundreds of MB, so
// they run with the slow tier.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode, base64DecodeOrReason } from "../../src/encoding/index.js";
import { isRbmEventError } from "../../src/errors.js";
import { parseEnvelope } from "../../src/events/index.js";
import { parseJson } from "../../src/encoding/index.js";

/** Runs `run` twice: with Node's Buffer, and with it hidden as in Workers and browsers. */
function bothWays(run: (mode: string) => void): void {
  run("with Buffer");
  const saved = globalThis.Buffer;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  try {
    run("without Buffer");
  } finally {
    globalThis.Buffer = saved;
  }
}

function rejects(text: string, reason: string): void {
  bothWays((mode) => {
    try {
      base64Decode(text);
      assert.unreachable(mode);
    } catch (error) {
      assert.ok(isRbmEventError(error), mode);
      assert.is(error.code, "INVALID_BASE64", mode);
      assert.is(error.message, `cannot decode base64: ${reason}`, mode);
      assert.equal(error.issues, [{ path: "", message: reason }]);
    }
  });
}

function unexpected(char: string, index: number): string {
  return `invalid base64: unexpected character ${char} at index ${index}`;
}

function toUrlSafe(text: string): string {
  return text.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const nesting = suite("parseJson() deep nesting");

nesting("rejects nesting a million levels deep without overflowing the stack, in a short error", () => {
  const depth = 1_000_000;
  for (const text of ["[".repeat(depth) + "]".repeat(depth), '[{"a":'.repeat(depth) + '{"b":1,"b":2}' + "}]".repeat(depth)]) {
    try {
      parseJson(text);
      assert.unreachable();
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.ok(error.message.endsWith(": too deeply nested: more than 100 levels"), error.message);
      assert.ok(error.message.length <= 300 && error.issues[0]!.path.length <= 120);
    }
  }
});

nesting.run();

const decode = suite("base64Decode() on huge input");

decode("decodes a 20 MB string", () => {
  const original = new Uint8Array(15_000_000);
  for (let i = 0; i < original.length; i++) original[i] = (i * 31 + (i >> 8)) & 255;
  const text = Buffer.from(original).toString("base64");
  assert.is(text.length, 20_000_000);
  assert.ok(Buffer.from(base64Decode(text)).equals(original));
  assert.ok(Buffer.from(base64Decode(toUrlSafe(text))).equals(original));
});

decode("rejects a 20 MB string with one bad character, or all junk", () => {
  const valid = "QUJD".repeat(5_000_000);
  const reason = (char: string, index: number): unknown => base64DecodeOrReason(valid.slice(0, index) + char + valid.slice(index));
  assert.is(reason("*", 20_000_000), unexpected('"*"', 20_000_000));
  assert.is(reason("\n", 12_345_678), unexpected('"\\n"', 12_345_678));
  rejects("*".repeat(20_000_000), unexpected('"*"', 0));
  rejects(`${valid}A`, 'invalid base64: lone final character "A" at index 20000000');
});

decode.run();

const parse = suite("parseEnvelope() on huge input");

parse("decodes a large body", () => {
  const payload = "x".repeat(15_000_000);
  const { data } = parseEnvelope(JSON.stringify({ message: { data: Buffer.from(payload).toString("base64") }, subscription: "projects/p/subscriptions/s" }));
  assert.is(data.length, 15_000_000);
});

parse.run();

const json = suite("parseJson() on huge input");

json("parses a large document", () => {
  const items = Array.from({ length: 100_000 }, (_, i) => ({ id: `e${i}`, n: i, tags: ["a", "b"] }));
  assert.equal(parseJson(JSON.stringify(items)), items);
});

json.run();
