// The rbm-events/web entry point: the fetch-runtime API, with no Node API anywhere behind it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as web from "../../src/web.js";
import { runtimeImports } from "../support/import-graph.js";

const test = suite("rbm-events/web");

test("imports no node: module and names no Buffer anywhere in its import graph", () => {
  const { files, packages } = runtimeImports(new URL("../../src/web.ts", import.meta.url));
  assert.equal([...packages].filter((name) => name.startsWith("node:")), []);
  for (const file of files) {
    if (!file.includes("/src/")) continue;
    assert.not.match(readFileSync(new URL(file), "utf8").replace(/\/\/.*$/gm, ""), /\bBuffer\.|\bnew Buffer\b|: Buffer\b/, file);
  }
});

test("exports the decoder, the fetch handler and the Web Crypto signatures", () => {
  for (const name of ["decodeEvent", "createFetchHandler", "verifySignatureAsync", "signPayloadAsync", "validate", "timestampFromJson"]) {
    assert.type((web as Record<string, unknown>)[name], "function", name);
  }
  assert.not.ok("createWebhookHandler" in web);
  assert.not.ok("verifySignature" in web);
});

test("decodes and validates where code generation from strings is forbidden, as on Workers", () => {
  const script = `
    const { decodeEvent, validate, toJson } = await import("./src/web.ts");
    const decoded = decodeEvent(btoa('{"senderPhoneNumber":"+14155550123","eventType":"READ","sendTime":"2020-01-01T00:00:00Z"}'));
    const checked = validate("UserEvent", '{"eventId":"e1","eventType":7}');
    console.log(decoded.kind, JSON.stringify(toJson("UserEvent", checked.value)));`;
  const out = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script], {
    cwd: new URL("../..", import.meta.url),
    encoding: "utf8",
  });
  assert.is(out.trim(), 'userEvent {"eventType":7,"eventId":"e1"}');
});

test.run();
