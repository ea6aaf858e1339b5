// The package entry points export exactly the public API, every export is defined, and the
// fetch entry point offers the same names as the Node one for the same jobs.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as api from "../../src/index.js";
import * as web from "../../src/web.js";

const test = suite("rbm-events exports");

test("exports exactly the public functions, classes, codecs and enums", () => {
  assert.equal(Object.keys(api).sort(), [
    "AgentLaunchEvent",
    "AgentLaunchEvent_LaunchState",
    "FileInfo",
    "LatLng",
    "MemoryIdempotencyStore",
    "RbmEventError",
    "RichMessageClassification",
    "RichMessageClassification_ClassificationType",
    "ServerEvent",
    "ServerEvent_EventType",
    "SuggestionResponse",
    "SuggestionResponse_SuggestionType",
    "TIMESTAMP_MAX_SECONDS",
    "TIMESTAMP_MIN_SECONDS",
    "UNKNOWN_FIELDS",
    "UserEvent",
    "UserEvent_EventType",
    "UserFile",
    "UserMessage",
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
  ]);
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
