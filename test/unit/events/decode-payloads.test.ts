// decodeEvent() on user messages and agent launch events: the payloads beyond UserEvent and
// ServerEvent, from the example bodies and from the guides' own (sometimes sloppy) samples.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, type DecodedEvent } from "../../../src/events/index.js";
import { UserMessage } from "../../../src/web.js";
import { isRbmEventError } from "../../../src/errors.js";

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8");
const b64 = (text: string) => Buffer.from(text).toString("base64");
const webhook = (payload: unknown, attributes?: Record<string, string>) =>
  JSON.stringify({ message: { data: b64(typeof payload === "string" ? payload : JSON.stringify(payload)), ...(attributes && { attributes }) } });

const sender = { senderPhoneNumber: "+14155550123", messageId: "m-1", agentId: "coffee-bot@rbm.goog" };
const launch = {
  eventId: "ALE-1",
  agentId: "coffee-bot@rbm.goog",
  botDisplayName: "Coffee Bot",
  brandId: "b-1",
  brandDisplayName: "Coffee Co",
  regionId: "/v1/regions/fi-rcs",
  oldLaunchState: "PENDING",
  newLaunchState: "REJECTED",
  actingParty: "CARRIER",
  comment: "logo too small",
  sendTime: "2024-03-07T08:00:12.5Z",
};

function message(payload: unknown, options?: { strict: boolean }): UserMessage {
  const decoded = decodeEvent(webhook(payload), options);
  if (decoded.kind !== "userMessage") return assert.unreachable(`kind ${decoded.kind}`) as never;
  return decoded.event;
}

function rejects(payload: unknown, path: string, reason: string, options?: { strict: boolean }): void {
  try {
    decodeEvent(webhook(payload), options);
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, "INVALID_EVENT");
    assert.equal(error.issues[0], { path, message: reason });
    return;
  }
  assert.unreachable(`expected INVALID_EVENT at ${path}`);
}

const examples = suite("decodeEvent() on the example bodies");

examples("decodes a text message, exact to the microsecond", () => {
  const decoded = decodeEvent(example("push-user-message-text.json"));
  // Every field the example does not hold has its default, whatever fields the schema adds.
  assert.equal(decoded.kind === "userMessage" && decoded.event, {
    ...UserMessage.fromJSON({}),
    senderPhoneNumber: "+14155550123",
    messageId: "MxLhNpgs4VT3qBmAb7Qd1l9Q",
    sendTime: { seconds: 1709633861, nanos: 17624000 },
    agentId: "coffee-bot@rbm.goog",
    richMessageClassification: undefined,
    carrier: "",
    content: { $case: "text", value: "Is the oat flat white back on the menu?" },
  });
});

examples("decodes a suggestion tap with its US billing class and carrier", () => {
  const decoded = decodeEvent(example("push-user-message-suggestion.json"));
  assert.is(decoded.kind, "userMessage");
  if (decoded.kind !== "userMessage") return;
  assert.equal(decoded.event.richMessageClassification, { classificationType: "SUGGESTED_ACTION_CLICK", segmentCount: 0 });
  assert.is(decoded.event.carrier, "T-Mobile");
  assert.equal(decoded.event.content, {
    $case: "suggestionResponse",
    value: { postbackData: "order_flat_white_oat", text: "Order one", type: "REPLY" },
  });
});

examples("decodes a shared location as doubles", () => {
  const decoded = decodeEvent(example("webhook-user-message-location.json"));
  assert.equal(decoded.kind === "userMessage" && decoded.event.content, {
    $case: "location",
    value: { latitude: 51.501364, longitude: -0.14189 },
  });
});

examples("decodes a file with its thumbnail", () => {
  const decoded = decodeEvent(example("push-user-message-file.json"));
  const content = decoded.kind === "userMessage" ? decoded.event.content : undefined;
  assert.is(content?.$case, "userFile");
  if (content?.$case !== "userFile") return;
  assert.equal(content.value.thumbnail, {
    mimeType: "image/jpeg",
    fileSizeBytes: 1280,
    fileName: "receipt-thumb.jpg",
    fileUri: "https://rcs-user-content-us.storage.googleapis.com/4f9c1c6e/thumb",
  });
  assert.is(content.value.payload?.fileSizeBytes, 127806);
  assert.is(content.value.payload?.mimeType, "image/gif");
});

examples("decodes an agent launch event, tagged by its envelope, with every attribute kept", () => {
  const decoded = decodeEvent(example("push-agent-launch-event.json"));
  assert.is(decoded.kind, "agentLaunchEvent");
  if (decoded.kind !== "agentLaunchEvent") return;
  assert.is(decoded.event.oldLaunchState, "PENDING");
  assert.is(decoded.event.newLaunchState, "LAUNCHED");
  assert.is(decoded.event.regionId, "/v1/regions/fi-rcs");
  assert.equal(decoded.event.sendTime, { seconds: 1709798412, nanos: 512000000 });
  assert.equal(decoded.envelope.attributes, {
    business_id: "coffee-bot@rbm.goog",
    event_type: "LAUNCHED",
    product: "RBM",
    project_number: "123456789012",
    type: "agent_launch_event",
  });
  assert.is(decoded.envelope.messageId, "11770574893482010");
});

examples("decodes every example strictly too: they hold nothing the schema lacks", () => {
  for (const name of [
    "push-user-message-text.json",
    "push-user-message-suggestion.json",
    "webhook-user-message-location.json",
    "push-user-message-file.json",
    "push-agent-launch-event.json",
  ]) {
    assert.equal(decodeEvent(example(name), { strict: true }), decodeEvent(example(name)), name);
  }
});

examples.run();

const content = suite("decodeEvent() on a user message's content");

content("holds each member as { $case, value } under content, under either field name", () => {
  assert.equal(message({ ...sender, text: "Hi" }).content, { $case: "text", value: "Hi" });
  assert.equal(message({ ...sender, text: "" }).content, { $case: "text", value: "" });
  assert.equal(message({ location: { latitude: -90, longitude: 180 } }).content, { $case: "location", value: { latitude: -90, longitude: 180 } });
  assert.equal(message({ user_file: { payload: { file_uri: "https://x/y" } } }).content, {
    $case: "userFile",
    value: { thumbnail: undefined, payload: { mimeType: "", fileSizeBytes: 0, fileName: "", fileUri: "https://x/y" } },
  });
  assert.equal(message({ suggestion_response: { postback_data: "p" } }).content, {
    $case: "suggestionResponse",
    value: { postbackData: "p", text: "", type: "UNKNOWN" },
  });
});

content("rejects two members at once, in both modes, naming both", () => {
  for (const options of [undefined, { strict: true }]) {
    rejects({ ...sender, text: "Hi", location: { latitude: 1 } }, "location", 'duplicate oneof: "text" and "location" both set oneof "content"', options);
    rejects({ suggestionResponse: {}, user_file: {} }, "user_file", 'duplicate oneof: "suggestionResponse" and "userFile" both set oneof "content"', options);
    rejects({ text: "", text_: 1, userFile: {} }, "userFile", 'duplicate oneof: "text" and "userFile" both set oneof "content"', { strict: false });
  }
});

content("counts a member set to null as unset", () => {
  assert.equal(message({ ...sender, text: null, location: { latitude: 1.5 } }).content, { $case: "location", value: { latitude: 1.5, longitude: 0 } });
  assert.equal(message({ location: null, text: "Hi" }, { strict: true }).content, { $case: "text", value: "Hi" });
  assert.is(message({ ...sender, text: null }).content, undefined);
  assert.is(message({ text: null, userFile: null, location: null, suggestionResponse: null }, { strict: true }).content, undefined);
});

content("reads doubles and int32s as the proto3 JSON mapping allows", () => {
  const at = (location: unknown) => (message({ location }).content as { value: unknown }).value;
  assert.equal(at({ latitude: "37.422", longitude: "-1.5e2" }), { latitude: 37.422, longitude: -150 });
  assert.equal(at({ latitude: "NaN", longitude: "-Infinity" }), { latitude: Number.NaN, longitude: -Infinity });
  // JSON.stringify writes -0 as 0, so the payload is written by hand
  const negativeZero = message('{"location":{"latitude":-0,"longitude":-0.0e5}}').content as { value: { latitude: number; longitude: number } };
  assert.ok(Object.is(negativeZero.value.latitude, -0) && Object.is(negativeZero.value.longitude, -0));
  const size = (fileSizeBytes: unknown) =>
    (message({ userFile: { payload: { fileSizeBytes } } }).content as { value: { payload: { fileSizeBytes: number } } }).value.payload.fileSizeBytes;
  assert.is(size("1280"), 1280);
  assert.is(size(2147483647), 2147483647);
  assert.is(size(1.28e3), 1280);
  rejects({ userFile: { payload: { fileSizeBytes: 2147483648 } } }, "userFile.payload.fileSizeBytes", "invalid int32: 2147483648 is out of range");
  rejects({ userFile: { payload: { fileSizeBytes: 1.5 } } }, "userFile.payload.fileSizeBytes", "invalid int32: 1.5 is not an integer");
  rejects({ location: { latitude: "north" } }, "location.latitude", 'invalid double: "north" is not a number');
  rejects({ location: { latitude: true } }, "location.latitude", "invalid value: expected double, received boolean");
  rejects({ location: [1, 2] }, "location", "invalid value: expected object, received array");
});

content.run();

const lenient = suite("decodeEvent() on the guides' samples and newer payloads");

lenient("accepts the guide's text message with eventId instead of messageId and no sendTime", () => {
  const sample = { senderPhoneNumber: "+12223334444", eventId: "MxBo6Vn2ryQY6Ik9GwDBc6Dw", text: "Hello, world!", agentId: "a@rbm.goog" };
  const event = message(sample);
  assert.is(event.messageId, "");
  assert.is(event.sendTime, undefined);
  assert.equal(event.content, { $case: "text", value: "Hello, world!" });
  rejects(sample, "eventId", 'unknown field: "eventId" is not a field of rbm.events.v1.UserMessage', { strict: true });
});

lenient("accepts the guide's suggestion response without a type, as UNKNOWN", () => {
  const event = message({ ...sender, suggestionResponse: { postbackData: "reply_yes", text: "Yes" } }, { strict: true });
  assert.equal(event.content, { $case: "suggestionResponse", value: { postbackData: "reply_yes", text: "Yes", type: "UNKNOWN" } });
});

lenient("keeps enum names this version does not know, and rejects them when strict", () => {
  const tap = message({ suggestionResponse: { type: "LONG_PRESS" } });
  assert.equal(tap.content, { $case: "suggestionResponse", value: { postbackData: "", text: "", type: { unknown: "LONG_PRESS" } } });
  const billed = message({ ...sender, text: "Hi", richMessageClassification: { classificationType: "RICH_MEDIA_MESSAGE", segmentCount: 2 } });
  assert.equal(billed.richMessageClassification, { classificationType: { unknown: "RICH_MEDIA_MESSAGE" }, segmentCount: 2 });
  rejects(
    { suggestionResponse: { type: "LONG_PRESS" } },
    "suggestionResponse.type",
    'invalid enum value: "LONG_PRESS" is not a value of rbm.events.v1.SuggestionResponse.SuggestionType',
    { strict: true },
  );
  rejects(
    { text: "x", richMessageClassification: { classificationType: "RICH" } },
    "richMessageClassification.classificationType",
    'invalid enum value: "RICH" is not a value of rbm.events.v1.RichMessageClassification.ClassificationType',
    { strict: true },
  );
});

lenient("ignores unknown fields at any depth, and rejects them with their path when strict", () => {
  const payload = { ...sender, replyToMessageId: "r", userFile: { payload: { fileUri: "https://x", checksum: "abc" }, caption: "c" } };
  const event = message(payload);
  assert.equal(event.content, {
    $case: "userFile",
    value: { thumbnail: undefined, payload: { mimeType: "", fileSizeBytes: 0, fileName: "", fileUri: "https://x" } },
  });
  rejects(payload, "replyToMessageId", 'unknown field: "replyToMessageId" is not a field of rbm.events.v1.UserMessage', { strict: true });
  rejects({ userFile: { payload: { checksum: "abc" } } }, "userFile.payload.checksum", 'unknown field: "checksum" is not a field of rbm.events.v1.FileInfo', {
    strict: true,
  });
});

lenient("rejects a malformed sendTime in a user message and a launch event", () => {
  rejects({ ...sender, text: "Hi", sendTime: "2024-02-30T00:00:00Z" }, "sendTime", "invalid timestamp: day 30 is out of range for 2024-02");
  rejects({ ...launch, sendTime: "yesterday" }, "sendTime", 'invalid timestamp: expected YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), received "yesterday"');
});

lenient.run();

const launches = suite("decodeEvent() on agent launch events");

launches("decodes every field, recognised by a launch state alone", () => {
  const decoded: DecodedEvent = decodeEvent(webhook(launch), { strict: true });
  assert.equal(decoded.kind === "agentLaunchEvent" && decoded.event, { ...launch, sendTime: { seconds: 1709798412, nanos: 500000000 } });
});

launches("keeps a launch state this version does not know, and rejects it when strict", () => {
  const decoded = decodeEvent(webhook({ ...launch, newLaunchState: "PAUSED" }));
  assert.equal(decoded.kind === "agentLaunchEvent" && decoded.event.newLaunchState, { unknown: "PAUSED" });
  rejects(
    { ...launch, newLaunchState: "PAUSED" },
    "newLaunchState",
    'invalid enum value: "PAUSED" is not a value of rbm.events.v1.AgentLaunchEvent.LaunchState',
    { strict: true },
  );
});

launches("takes the envelope's type attribute over the fields", () => {
  const decoded = decodeEvent(webhook({ eventId: "e", agentId: "a" }, { type: "agent_launch_event" }));
  assert.equal(decoded.kind === "agentLaunchEvent" && decoded.event, {
    eventId: "e",
    agentId: "a",
    botDisplayName: "",
    brandId: "",
    brandDisplayName: "",
    regionId: "",
    oldLaunchState: "LAUNCH_STATE_UNSPECIFIED",
    newLaunchState: "LAUNCH_STATE_UNSPECIFIED",
    actingParty: "",
    comment: "",
    sendTime: undefined,
  });
});

launches.run();
