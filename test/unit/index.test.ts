// The package entry points export exactly the public API, every export is defined, and the
// fetch entry point offers the same names as the Node one for the same jobs.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as api from "../../src/index.js";
import * as web from "../../src/web.js";
import protobuf from "protobufjs";
import { loadSchema } from "../../src/schema/registry.js";

const test = suite("rbm-events exports");

/** The name ts-proto gives a message or enum of the schema: its full name less the package, `_` for `.`. */
function tsName(type: protobuf.ReflectionObject): string {
  const path: string[] = [];
  for (let t: protobuf.ReflectionObject | null = type; t !== null && !(t instanceof protobuf.Namespace && !(t instanceof protobuf.Type)); t = t.parent) {
    path.unshift(t.name);
  }
  return path.join("_");
}

/** Every message and enum of the schema (imports left out), read from the schema itself. */
function schemaExports(): string[] {
  const names: string[] = [];
  const walk = (namespace: protobuf.NamespaceBase): void => {
    for (const nested of namespace.nestedArray) {
      if (nested.fullName.startsWith(".google.")) continue;
      if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) names.push(tsName(nested));
      if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) walk(nested);
    }
  };
  walk(loadSchema());
  assert.ok(names.includes("UserEvent_EventType") && names.includes("UserMessage"), names.join());
  return names;
}

test("exports exactly the public functions, classes, codecs and enums", () => {
  assert.equal(Object.keys(api).sort(), [
    ...schemaExports(),
    "MemoryIdempotencyStore",
    "RbmEventError",
    "TIMESTAMP_MAX_SECONDS",
    "TIMESTAMP_MIN_SECONDS",
    "UNKNOWN_FIELDS",
    "checkEvent",
    "createFetchHandler",
    "createWebhookHandler",
    "decodeEvent",
    "envelopeToJson",
    "fromBinary",
    "isRbmEventError",
    "isUnknownEnumValue",
    "messageTypeNames",
    "parseEnvelope",
    "parseTimestamp",
    "payloadKinds",
    "payloadTypeNames",
    "signPayload",
    "timestampDate",
    "timestampFromDate",
    "timestampFromJson",
    "timestampFromNanos",
    "timestampNanos",
    "timestampToJson",
    "toBinary",
    "toJson",
    "validate",
    "validateValue",
    "verifySignature",
  ].sort());
  for (const [name, value] of Object.entries(api)) assert.ok(value !== undefined, name);
});

test("rbm-events/web exports the same names, less the node:http handler and binary conversion", () => {
  const nodeOnly = ["createWebhookHandler", "fromBinary", "toBinary", "UNKNOWN_FIELDS"];
  assert.equal(Object.keys(web).sort(), Object.keys(api).filter((name) => !nodeOnly.includes(name)).sort());
  const webExports: Record<string, unknown> = web;
  const nodeExports: Record<string, unknown> = api;
  for (const name of Object.keys(web)) {
    // Twins: Web Crypto's asynchronous signatures, and the codecs without encode and decode.
    const codec = typeof webExports[name] === "object" && webExports[name] !== null && "typeName" in webExports[name];
    if (codec || name === "signPayload" || name === "verifySignature") assert.is.not(webExports[name], nodeExports[name], name);
    else assert.is(webExports[name], nodeExports[name], name);
  }
});

test("rbm-events/web signs and verifies as the Node entry point does, asynchronously", async () => {
  const data = "eyJhIjoxfQ==";
  const signature = api.signPayload(data, "token");
  assert.is(await web.signPayload(data, "token"), signature);
  assert.is(await web.verifySignature(data, signature, "token"), true);
  assert.is(api.verifySignature(data, signature, "token"), true);
});

test.run();
