import { readFileSync } from "node:fs";
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode, base64Encode } from "../../../src/encoding/index.js";
import { isRbmEventError } from "../../../src/errors.js";
import { signPayload, verifySignature } from "../../../src/signature/index.js";
import { signPayloadSync, verifySignatureSync } from "../../../src/signature/node.js";
import { delivered, flipBit, payload, sameKey, vectors } from "../../support/signature-vectors.js";

const { data, token, signature } = delivered;
const bytes = base64Decode(data);

const callVerify = verifySignature as (...args: unknown[]) => Promise<boolean>;
const callSign = signPayload as (...args: unknown[]) => Promise<string>;

async function rejectsTypeError(call: () => Promise<unknown>, message: string): Promise<void> {
  try {
    await call();
  } catch (error) {
    assert.instance(error, TypeError);
    assert.is((error as TypeError).message, message);
    return;
  }
  assert.unreachable(`no TypeError: ${message}`);
}

const verify = suite("verifySignature() with Web Crypto");

const accepts = async (sig: string, tokens: string | string[] = token, d: string | Uint8Array = data) =>
  assert.ok(await verifySignature(d, sig, tokens), `rejected ${JSON.stringify(sig)}`);
const refuses = async (sig: string, tokens: string | string[] = token, d: string | Uint8Array = data) =>
  assert.not.ok(await verifySignature(d, sig, tokens), `accepted ${JSON.stringify(sig)}`);

verify("accepts every known-answer vector, with data as base64 and as bytes", async () => {
  for (const v of vectors) {
    const p = payload(v);
    assert.ok(await verifySignature(p.data, v.signature, v.token), v.name);
    assert.ok(await verifySignature(p.bytes, v.signature, v.token), v.name);
  }
});

verify("returns false for an incorrect client token", async () => {
  await refuses(signature, "coffee-bot-client-token-7f3a9d");
  await refuses(signature, token.toUpperCase());
  await refuses(signature, token.slice(0, -1));
});

verify("returns false when the data changed or is not base64", async () => {
  const changed = Uint8Array.from(bytes);
  changed[10]! ^= 1;
  await refuses(signature, token, changed);
  await refuses(signature, token, bytes.subarray(1));
  await refuses(signature, token, new Uint8Array());
  await refuses(signature, token, `${data.slice(0, 20)}*${data.slice(21)}`);
  await refuses(signature, token, "A");
});

verify("returns false for a signature with any one bit flipped", async () => {
  for (let bit = 0; bit < 512; bit++) await refuses(flipBit(signature, bit));
});

verify("returns false for a truncated, padded, spaced, URL-safe or empty signature", async () => {
  await refuses(signature.slice(0, -1));
  await refuses(signature.slice(0, -4));
  await refuses(signature.replace(/=+$/, ""));
  await refuses(`${signature}=`);
  await refuses(` ${signature}`);
  await refuses(`${signature}\n`);
  await refuses("");
  const urlSafe = vectors.find((v) => v.signature.includes("/") || v.signature.includes("+"));
  assert.ok(urlSafe);
  await refuses(urlSafe.signature.replaceAll("+", "-").replaceAll("/", "_"), urlSafe.token, payload(urlSafe).data);
  const last = signature.charCodeAt(85);
  await refuses(`${signature.slice(0, 85)}${String.fromCharCode(last + 1)}==`);
  await refuses("A".repeat(10_000_000));
});

verify("accepts any of several client tokens", async () => {
  await accepts(signature, [token, "agent-2-token", "partner-webhook-token"]);
  await accepts(signature, ["agent-2-token", "partner-webhook-token", token]);
  await refuses(signature, ["agent-2-token", "partner-webhook-token"]);
});

verify("keeps verifying correctly while more tokens are used than it caches", async () => {
  const tokens = Array.from({ length: 40 }, (_, i) => `rotated-token-${i}`);
  const signed = tokens.map((t) => signPayloadSync(bytes, t));
  for (let round = 0; round < 2; round++) {
    for (const [i, t] of tokens.entries()) {
      assert.ok(await verifySignature(bytes, signed[i]!, t), t);
      assert.not.ok(await verifySignature(bytes, signed[(i + 1) % 40]!, t), t);
    }
  }
  const many = await Promise.all(tokens.map((t, i) => verifySignature(data, signed[i]!, [token, t])));
  assert.ok(many.every(Boolean));
});

verify("rejects with a TypeError for a caller mistake, naming the argument", async () => {
  const cases: [unknown[], string][] = [
    [[], "invalid argument: data: expected string or Uint8Array, received undefined"],
    [[42, signature, token], "invalid argument: data: expected string or Uint8Array, received number"],
    [[data, null, token], "invalid argument: signature: expected string, received null"],
    [[data, signature], "invalid argument: clientToken: expected string or array of strings, received undefined"],
    [[data, signature, ""], "invalid argument: clientToken: expected non-empty string, received empty string"],
    [[data, signature, []], "invalid argument: clientToken: expected at least one token, received empty array"],
    [[data, signature, [token, 42]], "invalid argument: clientToken[1]: expected non-empty string, received number"],
    [[data, signature, [token, ""]], "invalid argument: clientToken[1]: expected non-empty string, received empty string"],
  ];
  for (const [args, message] of cases) await rejectsTypeError(() => callVerify(...args), message);
});

verify("agrees with verifySignatureSync on arbitrary inputs (property)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.base64String({ maxLength: 80 }), fc.string()),
      fc.oneof(fc.string(), fc.base64String({ minLength: 88, maxLength: 88 })),
      fc.array(fc.string({ unit: "binary", minLength: 1 }), { minLength: 1, maxLength: 3 }),
      async (d, sig, tokens) => verifySignatureSync(d, sig, tokens) === (await verifySignature(d, sig, tokens)),
    ),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: "binary", minLength: 1 }),
      fc.string({ unit: "binary", minLength: 1 }),
      async (d, t, other) => {
        const sig = signPayloadSync(d, t);
        const asString = base64Encode(d);
        return (
          (await verifySignature(d, sig, t)) &&
          (await verifySignature(asString, sig, [other, t])) &&
          (await verifySignature(d, sig, other)) === sameKey(t, other)
        );
      },
    ),
  );
});

verify("works where there is no Buffer, as in Workers and browsers", async () => {
  const { Buffer } = globalThis;
  Reflect.deleteProperty(globalThis, "Buffer");
  try {
    assert.is(typeof globalThis.Buffer, "undefined");
    for (const v of vectors.filter((w) => w.data !== undefined)) {
      assert.ok(await verifySignature(v.data ?? "", v.signature, ["other-token", v.token]), v.name);
      assert.is(await signPayload(v.data ?? "", v.token), v.signature, v.name);
    }
  } finally {
    globalThis.Buffer = Buffer;
  }
});

verify("uses no Node-only API", () => {
  const source = readFileSync(new URL("../../../src/signature/web.ts", import.meta.url), "utf8");
  assert.not.match(source, /from\s+["']node:/);
  assert.not.match(source, /\bBuffer\b/);
  assert.not.match(source, /\brequire\(/);
  assert.not.match(source, /\bprocess\./);
});

verify.run();

const sign = suite("signPayload() with Web Crypto");

sign("returns every known-answer signature, with data as base64 and as bytes", async () => {
  for (const v of vectors) {
    const p = payload(v);
    assert.is(await signPayload(p.data, v.token), v.signature, v.name);
    assert.is(await signPayload(p.bytes, v.token), v.signature, v.name);
  }
});

sign("agrees with signPayloadSync for all bytes and tokens (property)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", minLength: 1 }), async (d, t) => {
      const sig = await signPayload(d, t);
      return sig === signPayloadSync(d, t) && (await verifySignature(d, sig, t));
    }),
  );
});

sign("encodes a token with a lone surrogate as UTF-8 does, like signPayloadSync", async () => {
  for (const t of ["\uD800", "a\uDFFFb", "\uFFFD"]) assert.is(await signPayload(data, t), signPayloadSync(data, t), t);
});

sign("rejects with an INVALID_BASE64 RbmEventError when message.data is not base64", async () => {
  try {
    await signPayload("not base64!", token);
    assert.unreachable("signed");
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, "INVALID_BASE64");
  }
});

sign("rejects with a TypeError for a caller mistake, naming the argument", async () => {
  const cases: [unknown[], string][] = [
    [[], "invalid argument: data: expected string or Uint8Array, received undefined"],
    [[null, token], "invalid argument: data: expected string or Uint8Array, received null"],
    [[data], "invalid argument: clientToken: expected non-empty string, received undefined"],
    [[data, ""], "invalid argument: clientToken: expected non-empty string, received empty string"],
    [[data, [token]], "invalid argument: clientToken: expected non-empty string, received array"],
  ];
  for (const [args, message] of cases) await rejectsTypeError(() => callSign(...args), message);
});

sign.run();
