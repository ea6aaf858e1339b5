// The package entry point exports exactly the public API, and every export is defined.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as api from "../../src/index.js";

const test = suite("rbm-events exports");

test("exports exactly the public functions, classes and generated codecs", () => {
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
    "Timestamp",
    "UNKNOWN_FIELDS",
    "UserEvent",
    "UserEvent_EventType",
    "UserFile",
    "UserMessage",
    "base64Decode",
    "base64Encode",
    "checkEvent",
    "createFetchHandler",
    "createWebhookHandler",
    "decodeEvent",
    "envelopeToJson",
    "eventTypeNames",
    "fromBinary",
    "isRbmEventError",
    "messageTypeNames",
    "parseEnvelope",
    "parseTimestamp",
    "signPayload",
    "signPayloadAsync",
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
    "verifySignatureAsync",
  ]);
  for (const [name, value] of Object.entries(api)) assert.ok(value !== undefined, name);
});

test.run();
