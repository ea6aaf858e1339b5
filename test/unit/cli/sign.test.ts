import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode } from "../../../src/encoding/index.js";
import { isRbmEventError } from "../../../src/errors.js";
import { verifySignatureSync } from "../../../src/signature/node.js";
import { runCli } from "../../support/cli.js";

const root = resolve(import.meta.dirname, "../../..");
const token = "cli-sign-client-token-5e1b";
const example = join(root, "examples", "webhook-server-event.json");

const run = (args: string[], env: Record<string, string | undefined>, stdin = "") => runCli(args, stdin, env);

/** The signature computed independently of signPayloadSync. */
function hmac(data: string, key: string): string {
  return createHmac("sha512", key).update(Buffer.from(data, "base64")).digest("base64");
}

/** base64Decode's own reason for rejecting `text`. */
function base64Reason(text: string): string {
  try {
    base64Decode(text);
  } catch (error) {
    if (isRbmEventError(error)) return error.issues[0]!.message;
  }
  throw new Error(`${text} decodes`);
}

const dataOf = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { message: { data: string } }).message.data;

const test = suite("rbm-events sign");

test("prints the X-Goog-Signature of a webhook body and of a push body", async () => {
  for (const file of [example, join(root, "examples", "push-user-event.json")]) {
    const { code, stdout, stderr } = await run(["sign", file], { RBM_CLIENT_TOKEN: token });
    assert.equal([code, stdout, stderr], [0, `${hmac(dataOf(file), token)}\n`, ""]);
    assert.ok(verifySignatureSync(dataOf(file), stdout.trim(), token));
  }
});

test("reads standard input for - and for no FILE", async () => {
  const body = readFileSync(example, "utf8");
  for (const args of [["sign", "-"], ["sign"]]) {
    const { code, stdout } = await run(args, { RBM_CLIENT_TOKEN: token }, body);
    assert.equal([code, stdout], [0, `${hmac(dataOf(example), token)}\n`]);
  }
});

test("signs with the first of several comma-separated tokens", async () => {
  const { stdout } = await run(["sign", example], { RBM_CLIENT_TOKEN: `${token},other-token` });
  assert.is(stdout, `${hmac(dataOf(example), token)}\n`);
});

test("exits 2 without a client token", async () => {
  for (const value of [undefined, ""]) {
    const { code, stdout, stderr } = await run(["sign", example], { RBM_CLIENT_TOKEN: value });
    assert.equal([code, stdout], [2, ""]);
    assert.is(
      stderr,
      "rbm-events sign: missing client token: set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)\n" +
        "Run `rbm-events sign --help` for usage.\n",
    );
  }
});

test("exits 2 for a blank or padded token, without echoing it", async () => {
  const { code, stdout, stderr } = await run(["sign", example], { RBM_CLIENT_TOKEN: ` ${token} , other-token` });
  assert.equal([code, stdout], [2, ""]);
  assert.is(
    stderr,
    "rbm-events sign: invalid RBM_CLIENT_TOKEN: token 1 of 2 has leading or trailing whitespace (separate tokens with commas alone)\n" +
      "Run `rbm-events sign --help` for usage.\n",
  );
});

test("exits 1 for a body without a base64 message.data", async () => {
  for (const [body, reason] of [
    ["{", "invalid JSON: unexpected end of input at line 1 column 2"],
    ["", "invalid JSON: unexpected end of input at line 1 column 1"],
    ["[]", "expected a JSON object, received array"],
    ["{}", "message: required"],
    ['{"message":[]}', "message: expected object, received array"],
    ['{"message":{}}', "message.data: required"],
    ['{"message":{"data":1}}', "message.data: expected base64 string, received number"],
    ['{"message":{"data":"a b"}}', `message.data: ${base64Reason("a b")}`],
    ['{"data":"eyJ9"}', "message: required"],
  ]) {
    const { code, stdout, stderr } = await run(["sign"], { RBM_CLIENT_TOKEN: token }, body);
    assert.equal([code, stdout, stderr], [1, "", `rbm-events sign: cannot sign: ${reason}\n`], body);
  }
});

test("signs an empty message.data", async () => {
  const { code, stdout } = await run(["sign"], { RBM_CLIENT_TOKEN: token }, '{"message":{"data":""}}');
  assert.equal([code, stdout], [0, `${hmac("", token)}\n`]);
});

test("exits 2 for a missing file or two files, and prints help", async () => {
  const missing = await run(["sign", "/nonexistent/body.json"], { RBM_CLIENT_TOKEN: token });
  assert.equal([missing.code, missing.stderr.split("\n")[0]], [2, "rbm-events sign: cannot read /nonexistent/body.json: no such file"]);
  const two = await run(["sign", example, example], { RBM_CLIENT_TOKEN: token });
  assert.equal([two.code, two.stderr.split("\n")[0]], [2, "rbm-events sign: expected at most one FILE, received 2"]);
  const help = await run(["sign", "--help"], {});
  assert.equal([help.code, help.stdout.split("\n")[0]], [0, "usage: rbm-events sign [FILE|-]"]);
});

test("never prints the token", async () => {
  const results = await Promise.all([run(["sign", example], { RBM_CLIENT_TOKEN: token }), run(["sign"], { RBM_CLIENT_TOKEN: token }, "{")]);
  for (const { stdout, stderr } of results) assert.not.ok(`${stdout}${stderr}`.includes(token));
});

test.run();
