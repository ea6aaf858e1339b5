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
  assert.equal(
    [...packages].filter((name) => name.startsWith("node:")),
    [],
  );
  for (const file of files) {
    if (!file.includes("/src/")) continue;
    assert.not.match(readFileSync(new URL(file), "utf8").replace(/\/\/.*$/gm, ""), /\bBuffer\.|\bnew Buffer\b|: Buffer\b/, file);
  }
});

test("exports the decoder, the fetch handler and the Web Crypto signatures", () => {
  for (const name of ["decodeEvent", "createFetchHandler", "verifySignature", "signPayload", "validate", "timestampFromJson"]) {
    assert.type((web as Record<string, unknown>)[name], "function", name);
  }
  assert.not.ok("createWebhookHandler" in web);
});

test("runs every export where code generation from strings is forbidden, as on Workers", () => {
  const out = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "test/support/web-exercise.ts"], {
    cwd: new URL("../..", import.meta.url),
    encoding: "utf8",
  });
  const { results, generated } = JSON.parse(out) as { results: Record<string, unknown>; generated: string[] };
  assert.equal(generated, []);
  assert.equal(Object.keys(results).sort(), Object.keys(web).sort());
  for (const [name, result] of Object.entries(results)) {
    assert.not.match(String(result), /^threw |^\(no real call\)$/, `${name}: ${String(result)}`);
  }
  assert.is(results["decodeEvent"], "userEvent");
  assert.equal(results["createFetchHandler"], [200, "userEvent"]);
  assert.is(results["verifySignature"], true);
  assert.equal(results["validate"], {
    value: { senderPhoneNumber: "", eventType: { unknown: 7 }, eventId: "e1", messageId: "", agentId: "" },
  });
  assert.equal(results["toJson"], { eventType: "READ" });
  assert.equal(results["UserEvent"], {
    value: { senderPhoneNumber: "", eventType: { unknown: 7 }, eventId: "u1", messageId: "", agentId: "" },
  });
  assert.equal(results["ServerEvent"], { eventId: "s1", sendTime: "1970-01-01T00:00:00.000000001Z" });
  assert.is(results["isUnknownEnumValue"], true);
  assert.equal(results["UserMessage"], { $case: "text", value: "Hi" });
  assert.equal(results["LatLng"], { latitude: 51.5, longitude: -0.1 });
  assert.equal(results["AgentLaunchEvent"], { newLaunchState: "LAUNCHED" });
});

test("notices an export that generates code: a protobufjs reflection encoder, run the same way", () => {
  const out = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "test/support/web-exercise.ts", "--control"], {
    cwd: new URL("../..", import.meta.url),
    encoding: "utf8",
  });
  const { results, generated } = JSON.parse(out) as { results: Record<string, unknown>; generated: string[] };
  assert.equal(generated, ["control"]);
  assert.match(String(results["control"]), /^threw .*Code generation from strings disallowed/);
});

test("runs fromBinary and toBinary without generating code", () => {
  const script = `
    import { fromBinary, toBinary } from "./src/codec/binary-conversion.ts";
    console.log(JSON.stringify([...toBinary("UserEvent", fromBinary("UserEvent", new Uint8Array([26, 1, 65])))]));`;
  const out = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "-e", script], {
    cwd: new URL("../..", import.meta.url),
    encoding: "utf8",
  });
  assert.is(out.trim(), "[26,1,65]");
});

test.run();
