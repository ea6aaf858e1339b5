import { createHmac } from "node:crypto";
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode, base64Encode } from "../../../src/encoding/index.js";
import { isRbmEventError } from "../../../src/errors.js";
import { signPayload, signPayloadSync, verifySignature, verifySignatureSync } from "../../../src/signature/node.js";
import { delivered, flipBit, payload, sameKey, vectors, type Vector } from "../../support/signature-vectors.js";

const { data, token, signature } = delivered;
const bytes = base64Decode(data);

/** The first vector whose name includes `name` and that carries data. */
function find(name: string): Vector & { data: string } {
  const v = vectors.find((w) => w.name.includes(name));
  if (v?.data === undefined) throw new Error(`signatures.json: no vector "${name}" with data`);
  return { ...v, data: v.data };
}

const callVerify = verifySignatureSync as (...args: unknown[]) => boolean;
const callSign = signPayloadSync as (...args: unknown[]) => string;

function throwsTypeError(call: () => unknown, message: string): void {
  try {
    call();
  } catch (error) {
    assert.instance(error, TypeError);
    assert.is((error as TypeError).message, message);
    return;
  }
  assert.unreachable(`no TypeError: ${message}`);
}

const verify = suite("verifySignatureSync()");

const accepts = (sig: string, tokens: string | string[] = token, d: string | Uint8Array = data) =>
  assert.ok(verifySignatureSync(d, sig, tokens), `rejected ${JSON.stringify(sig)}`);
const refuses = (sig: string, tokens: string | string[] = token, d: string | Uint8Array = data) =>
  assert.not.ok(verifySignatureSync(d, sig, tokens), `accepted ${JSON.stringify(sig)}`);

verify("accepts every known-answer vector, with data as base64 and as bytes", () => {
  for (const v of vectors) {
    const p = payload(v);
    assert.ok(verifySignatureSync(p.data, v.signature, v.token), v.name);
    assert.ok(verifySignatureSync(p.bytes, v.signature, v.token), v.name);
  }
});

verify("accepts message.data in the URL-safe alphabet or without padding", () => {
  const server = find("ServerEvent");
  assert.ok(server.data.endsWith("=="), "needs a padded payload");
  accepts(server.signature, server.token, server.data.replace(/=+$/, ""));
  const all = find("every byte value");
  assert.ok(all.data.includes("/") && all.data.includes("+"), "needs a payload with + and /");
  accepts(all.signature, all.token, all.data.replaceAll("+", "-").replaceAll("/", "_"));
});

verify("returns false for an incorrect client token", () => {
  refuses(signature, "coffee-bot-client-token-7f3a9d");
  refuses(signature, token.toUpperCase());
  refuses(signature, `${token} `);
  refuses(signature, token.slice(0, -1));
});

verify("returns false when the data changed", () => {
  const changed = Uint8Array.from(bytes);
  changed[10]! ^= 1;
  refuses(signature, token, changed);
  refuses(signature, token, bytes.subarray(1));
  refuses(signature, token, Buffer.concat([bytes, Buffer.from([0])]));
  refuses(signature, token, "");
  refuses(signature, token, new Uint8Array());
});

verify("returns false when message.data is not base64", () => {
  refuses(signature, token, `${data.slice(0, 20)}*${data.slice(21)}`);
  refuses(signature, token, ` ${data}`);
  refuses(signature, token, `${data}=`);
  refuses(signature, token, "A");
  refuses(signature, token, "not base64!");
});

verify("returns false for a signature with any one bit flipped", () => {
  for (let bit = 0; bit < 512; bit++) refuses(flipBit(signature, bit));
});

verify("returns false for a truncated or extended signature", () => {
  refuses(signature.slice(0, -1));
  refuses(signature.slice(0, -2));
  refuses(signature.slice(0, -4));
  refuses(signature.slice(0, 44));
  refuses(`${signature}A`);
  refuses(Buffer.concat([Buffer.from(signature, "base64"), Buffer.from([0])]).toString("base64"));
});

verify("returns false for a signature that is not canonical standard base64", () => {
  refuses(` ${signature}`);
  refuses(`${signature}\n`);
  refuses(`${signature.slice(0, 40)}\r\n${signature.slice(40)}`);
  refuses(`${signature}=`);
  refuses(`${signature}==`);
  refuses(signature.replace(/=+$/, ""));
  const urlSafe = vectors.find((v) => v.signature.includes("/") || v.signature.includes("+"));
  assert.ok(urlSafe);
  accepts(urlSafe.signature, urlSafe.token, payload(urlSafe).data);
  refuses(urlSafe.signature.replaceAll("+", "-").replaceAll("/", "_"), urlSafe.token, payload(urlSafe).data);
  // the last character carries 2 bits and 4 zero bits; lenient decoders ignore the zero bits
  const last = signature.charCodeAt(85);
  refuses(`${signature.slice(0, 85)}${String.fromCharCode(last + 1)}==`);
});

verify("returns false for an empty, hex or other-length signature", () => {
  refuses("");
  refuses("==");
  refuses(Buffer.from(signature, "base64").toString("hex"));
  refuses(createHmac("sha256", token).update(bytes).digest("base64"));
  refuses(createHmac("sha384", token).update(bytes).digest("base64"));
  refuses(createHmac("sha1", token).update(bytes).digest("base64"));
});

verify("returns false, quickly, for a huge signature", () => {
  refuses("A".repeat(10_000_000));
  refuses(signature.repeat(100_000));
});

verify("accepts any of several client tokens", () => {
  accepts(signature, [token]);
  accepts(signature, [token, "agent-2-token", "partner-webhook-token"]);
  accepts(signature, ["agent-2-token", "partner-webhook-token", token]);
  accepts(signature, ["agent-2-token", token, "partner-webhook-token"]);
  accepts(signature, [token, token]);
  refuses(signature, ["agent-2-token", "partner-webhook-token"]);
  refuses(
    signature,
    Array.from({ length: 50 }, (_, i) => `${token}-${i}`),
  );
});

verify("treats a token and the same token with trailing NULs alike, as HMAC does", () => {
  accepts(signature, `${token}\0`);
  accepts(signature, `${token}\0\0\0`);
  refuses(signature, `\0${token}`);
});

verify("throws a TypeError for a caller mistake, naming the argument", () => {
  const cases: [unknown[], string][] = [
    [[], "invalid argument: data: expected string or Uint8Array, received undefined"],
    [[null, signature, token], "invalid argument: data: expected string or Uint8Array, received null"],
    [[42, signature, token], "invalid argument: data: expected string or Uint8Array, received number"],
    [[[1, 2], signature, token], "invalid argument: data: expected string or Uint8Array, received array"],
    [[bytes.buffer, signature, token], "invalid argument: data: expected string or Uint8Array, received object"],
    [[data], "invalid argument: signature: expected string, received undefined"],
    [[data, null, token], "invalid argument: signature: expected string, received null"],
    [[data, Buffer.from(signature, "base64"), token], "invalid argument: signature: expected string, received Uint8Array"],
    [[data, signature], "invalid argument: clientToken: expected string or array of strings, received undefined"],
    [[data, signature, null], "invalid argument: clientToken: expected string or array of strings, received null"],
    [[data, signature, 7], "invalid argument: clientToken: expected string or array of strings, received number"],
    [[data, signature, { token }], "invalid argument: clientToken: expected string or array of strings, received object"],
    [[data, signature, ""], "invalid argument: clientToken: expected non-empty string, received empty string"],
    [[data, signature, []], "invalid argument: clientToken: expected at least one token, received empty array"],
    [[data, signature, [token, 42]], "invalid argument: clientToken[1]: expected non-empty string, received number"],
    [[data, signature, [token, "b", ""]], "invalid argument: clientToken[2]: expected non-empty string, received empty string"],
    [[data, signature, [undefined]], "invalid argument: clientToken[0]: expected non-empty string, received undefined"],
  ];
  for (const [args, message] of cases) throwsTypeError(() => callVerify(...args), message);
});

verify("checks every argument before looking at the data or the signature", () => {
  throwsTypeError(() => callVerify("not base64!", "", []), "invalid argument: clientToken: expected at least one token, received empty array");
  throwsTypeError(() => callVerify(data, signature, [token, 1]), "invalid argument: clientToken[1]: expected non-empty string, received number");
});

verify("never puts a client token in a TypeError message", () => {
  const secret = "s3cret-client-token";
  for (const tokens of [[secret, 1], [secret, ""], [secret, null], [""], [secret, [secret]]]) {
    try {
      callVerify(data, signature, tokens);
      assert.unreachable("no TypeError");
    } catch (error) {
      assert.instance(error, TypeError);
      assert.not.match((error as Error).message, secret);
    }
  }
});

verify("accepts what signPayloadSync signs, for all bytes and tokens (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", minLength: 1 }), (d, t) => {
      const sig = signPayloadSync(d, t);
      return verifySignatureSync(d, sig, t) && verifySignatureSync(base64Encode(d), sig, [`${t}x`, t]);
    }),
  );
});

verify("refuses a signature made with any other token (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", minLength: 1 }), fc.string({ unit: "binary", minLength: 1 }), (d, t, other) => {
      fc.pre(!sameKey(t, other));
      return !verifySignatureSync(d, signPayloadSync(d, t), other);
    }),
  );
});

verify("gives the same answer for data as base64 and as bytes (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ minLength: 1 }), fc.boolean(), (d, t, tamper) => {
      let sig = signPayloadSync(d, t);
      if (tamper) sig = flipBit(sig, d.length % 512);
      return verifySignatureSync(d, sig, t) === verifySignatureSync(base64Encode(d), sig, t) && verifySignatureSync(d, sig, t) !== tamper;
    }),
  );
});

verify.run();

const sign = suite("signPayloadSync()");

sign("returns every known-answer signature, with data as base64 and as bytes", () => {
  for (const v of vectors) {
    const p = payload(v);
    assert.is(signPayloadSync(p.data, v.token), v.signature, v.name);
    assert.is(signPayloadSync(p.bytes, v.token), v.signature, v.name);
  }
});

sign("signs empty data and a Buffer", () => {
  const empty = find("empty data");
  assert.is(signPayloadSync("", empty.token), empty.signature);
  assert.is(signPayloadSync(Buffer.alloc(0), empty.token), empty.signature);
  assert.is(signPayloadSync(bytes, token), signature);
});

sign("returns 88 characters of padded standard base64, like node:crypto (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "binary", minLength: 1 }), (d, t) => {
      const sig = signPayloadSync(d, t);
      return /^[A-Za-z0-9+/]{86}==$/.test(sig) && sig === createHmac("sha512", t).update(d).digest("base64");
    }),
  );
});

sign("throws an INVALID_BASE64 RbmEventError when message.data is not base64", () => {
  for (const bad of ["not base64!", "A", ` ${data}`]) {
    try {
      signPayloadSync(bad, token);
      assert.unreachable(`signed ${JSON.stringify(bad)}`);
    } catch (error) {
      assert.ok(isRbmEventError(error), String(error));
      assert.is(error.code, "INVALID_BASE64");
      assert.match(error.message, /^cannot decode base64: /);
    }
  }
});

sign("throws a TypeError for a caller mistake, naming the argument", () => {
  const cases: [unknown[], string][] = [
    [[], "invalid argument: data: expected string or Uint8Array, received undefined"],
    [[null, token], "invalid argument: data: expected string or Uint8Array, received null"],
    [[1, token], "invalid argument: data: expected string or Uint8Array, received number"],
    [[data], "invalid argument: clientToken: expected non-empty string, received undefined"],
    [[data, ""], "invalid argument: clientToken: expected non-empty string, received empty string"],
    [[data, [token]], "invalid argument: clientToken: expected non-empty string, received array"],
    [[data, Buffer.from(token)], "invalid argument: clientToken: expected non-empty string, received Uint8Array"],
  ];
  for (const [args, message] of cases) throwsTypeError(() => callSign(...args), message);
});

sign.run();

/** What a promise settles to, after checking that the call returned one rather than throwing. */
async function settled(call: () => unknown): Promise<{ value: unknown } | { error: unknown }> {
  const returned = call();
  assert.instance(returned, Promise, "returns a promise");
  try {
    return { value: await returned };
  } catch (error) {
    return { error };
  }
}

const verifyAsync = suite("verifySignature()");

verifyAsync("resolves to what verifySignatureSync returns: the known answers, a wrong token, a tampered signature", async () => {
  for (const v of vectors) {
    const p = payload(v);
    for (const [sig, tokens] of [
      [v.signature, v.token],
      [v.signature, ["other-token", v.token]],
      [v.signature, "other-token"],
      [flipBit(v.signature, 3), v.token],
    ] as const) {
      assert.equal(await settled(() => verifySignature(p.data, sig, tokens)), { value: verifySignatureSync(p.data, sig, tokens) }, v.name);
      assert.equal(await settled(() => verifySignature(p.bytes, sig, tokens)), { value: verifySignatureSync(p.bytes, sig, tokens) }, v.name);
    }
  }
});

verifyAsync("resolves to false, as a promise, for a signature or data that is not base64", async () => {
  assert.equal(await settled(() => verifySignature(data, "not a signature", token)), { value: false });
  assert.equal(await settled(() => verifySignature("not base64!", signature, token)), { value: false });
});

verifyAsync("rejects with the TypeError of verifySignatureSync for a caller mistake, never throwing", async () => {
  const callAsync = verifySignature as (...args: unknown[]) => Promise<boolean>;
  for (const args of [[], [data, null, token], [data, signature, []], [data, signature, [token, ""]]]) {
    const result = await settled(() => callAsync(...args));
    assert.ok("error" in result && result.error instanceof TypeError, JSON.stringify(args));
    throwsTypeError(() => callVerify(...args), (result as { error: TypeError }).error.message);
  }
});

verifyAsync.run();

const signAsync = suite("signPayload()");

signAsync("resolves to what signPayloadSync returns, for every known answer", async () => {
  for (const v of vectors) {
    const p = payload(v);
    assert.equal(await settled(() => signPayload(p.data, v.token)), { value: v.signature }, v.name);
    assert.equal(await settled(() => signPayload(p.bytes, v.token)), { value: v.signature }, v.name);
  }
});

signAsync("rejects with an INVALID_BASE64 RbmEventError or a TypeError, never throwing", async () => {
  const bad = await settled(() => signPayload("not base64!", token));
  assert.ok("error" in bad && isRbmEventError(bad.error) && bad.error.code === "INVALID_BASE64", JSON.stringify(bad));
  const callAsync = signPayload as (...args: unknown[]) => Promise<string>;
  const mistake = await settled(() => callAsync(data, ""));
  assert.ok("error" in mistake && mistake.error instanceof TypeError);
  assert.is(mistake.error.message, "invalid argument: clientToken: expected non-empty string, received empty string");
});

signAsync.run();
