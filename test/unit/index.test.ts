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
  assert.equal(
    Object.keys(api).sort(),
    [
      ...schemaExports(),
      "MemoryIdempotencyStore",
      "RbmEventError",
      "TIMESTAMP_MAX_SECONDS",
      "TIMESTAMP_MIN_SECONDS",
      "UNKNOWN_FIELDS",
      "assertNever",
      "checkEvent",
      "createFetchHandler",
      "createWebhookHandler",
      "decodeEvent",
      "decodePayload",
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
      "signPayloadSync",
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
      "verifySignatureSync",
    ].sort(),
  );
  for (const [name, value] of Object.entries(api)) assert.ok(value !== undefined, name);
});

test("rbm-events/web exports the same names, less the node:http handler and binary conversion", () => {
  const nodeOnly = ["createWebhookHandler", "fromBinary", "signPayloadSync", "toBinary", "UNKNOWN_FIELDS", "verifySignatureSync"];
  assert.equal(
    Object.keys(web).sort(),
    Object.keys(api)
      .filter((name) => !nodeOnly.includes(name))
      .sort(),
  );
  const webExports: Record<string, unknown> = web;
  const nodeExports: Record<string, unknown> = api;
  for (const name of Object.keys(web)) {
    // Twins: Web Crypto's asynchronous signatures, and the codecs without encode and decode.
    const codec = typeof webExports[name] === "object" && webExports[name] !== null && "typeName" in webExports[name];
    if (codec || name === "signPayload" || name === "verifySignature") assert.is.not(webExports[name], nodeExports[name], name);
    else assert.is(webExports[name], nodeExports[name], name);
  }
});

/** What a call gave: the value, or the error's class and message; and whether it came as a promise. */
interface Outcome {
  promise: boolean;
  result: { value: unknown } | { error: string };
}

async function outcome(call: () => unknown): Promise<Outcome> {
  const settle = async (value: unknown): Promise<Outcome["result"]> => {
    try {
      return { value: await value };
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` };
    }
  };
  let returned: unknown;
  try {
    returned = call();
  } catch (error) {
    return { promise: false, result: { error: `${(error as Error).name}: ${(error as Error).message}` } };
  }
  return { promise: returned instanceof Promise, result: await settle(returned) };
}

const data = "eyJhIjoxfQ==";
const signature = "uRWSOVwvq1K3qNDc8ig4p48PK7LUSDVUBJjWghAn9NddB8m22dHgcOJA9j3NHbXVKTfcDu+cULNgQUimwTy1+A=="; // signPayload(data, "token")

/**
 * Calls to make of the exports that are twins (another value under the same name in each entry
 * point), so that both must answer them alike, the mistakes included: the same value or error,
 * both as a promise or neither.
 */
const twinCalls: Record<string, ((fn: (...args: unknown[]) => unknown) => unknown)[]> = {
  signPayload: [(f) => f(data, "token"), (f) => f(new Uint8Array([1, 2]), "token"), (f) => f("not base64!", "token"), (f) => f(data), (f) => f(42, "token")],
  verifySignature: [
    (f) => f(data, signature, "token"),
    (f) => f(data, signature, ["other", "token"]),
    (f) => f(data, signature, "wrong"),
    (f) => f(data, "not a signature", "token"),
    (f) => f(data, signature, []),
    (f) => f(data, null, "token"),
  ],
};

test("every export of both entry points keeps one contract under its name: same answers, both promises or neither", async () => {
  const webExports: Record<string, unknown> = web;
  const nodeExports: Record<string, unknown> = api;
  for (const name of Object.keys(web)) {
    const [w, n] = [webExports[name], nodeExports[name]];
    if (w === n) continue;
    if (typeof w === "object" && w !== null && "typeName" in w) {
      // A codec: what the web one has, the Node one has alike; it adds only encode and decode.
      const codec = (entry: unknown) => entry as { toJSON(m: unknown): unknown; fromJSON(j: unknown): unknown };
      for (const input of [{}, { unknownField: 1 }]) {
        assert.equal(await outcome(() => codec(n).fromJSON(input)), await outcome(() => codec(w).fromJSON(input)), `${name}.fromJSON`);
      }
      assert.equal(await outcome(() => codec(n).toJSON({})), await outcome(() => codec(w).toJSON({})), `${name}.toJSON`);
      continue;
    }
    const calls = twinCalls[name];
    assert.ok(calls !== undefined, `${name} differs between the entry points, and no call here checks that it answers alike`);
    for (const call of calls) {
      const [fromWeb, fromNode] = [await outcome(() => call(w as never)), await outcome(() => call(n as never))];
      assert.equal(fromNode, fromWeb, `${name}: ${call.toString()}`);
    }
  }
});

test("has no name that is synchronous in one entry point and a promise in the other", async () => {
  // `if (!verifySignature(…))` on a promise would accept every forged signature.
  assert.equal(await outcome(() => api.verifySignature(data, signature, "wrong")), { promise: true, result: { value: false } });
  assert.equal(await outcome(() => web.verifySignature(data, signature, "wrong")), { promise: true, result: { value: false } });
  assert.equal(await outcome(() => api.signPayload(data, "token")), { promise: true, result: { value: signature } });
  assert.equal(await outcome(() => web.signPayload(data, "token")), { promise: true, result: { value: signature } });
  // The synchronous forms have names of their own, in the Node entry point only.
  assert.is(api.verifySignatureSync(data, signature, "token"), true);
  assert.is(api.signPayloadSync(data, "token"), signature);
  assert.not.ok("verifySignatureSync" in web || "signPayloadSync" in web);
});

test.run();
