// What a consumer writes: a switch over the kinds and over a user message's content, checked for
// exhaustiveness by the compiler. `npm run typecheck` compiles this file under strict: each
// `@ts-expect-error` below fails the build if leaving a case out ever stopped being an error. The
// switches that describe the examples end in a default for what proto/ declares beyond them, so a
// schema change needs no edit here; a switch over every kind and every member ending in assertNever is
// generated from the schema and compiled by test/integration/package.test.ts, and one over new
// names by test/integration/schema-change.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  assertNever,
  decodeEvent,
  isRbmEventError,
  isUnknownEnumValue,
  payloadTypeNames,
  type DecodedEvent,
  type PayloadKind,
  type UnknownEnumValue,
  type UserMessage,
} from "../../../src/index.js";

/** An enum value as text: a declared name, or one this version does not declare (not "[object Object]"). */
function enumName(value: string | UnknownEnumValue): string {
  return isUnknownEnumValue(value) ? `unknown value ${value.unknown}` : value;
}

/** What a user message holds, discriminated by `$case`. */
type RbmUserMessageContent = NonNullable<UserMessage["content"]>;

function describeContent(content: RbmUserMessageContent | undefined): string {
  switch (content?.$case) {
    case "text":
      return `text ${content.value}`;
    case "userFile":
      return `file ${content.value.payload?.mimeType} of ${content.value.payload?.fileSizeBytes} bytes`;
    case "location":
      return `location ${content.value.latitude},${content.value.longitude}`;
    case "suggestionResponse":
      return `tapped ${enumName(content.value.type)} ${content.value.postbackData}`;
    case undefined:
      return "no content";
    default:
      // a member proto/ declares beyond these; `content` is `never` until there is one
      return otherMember(content);
  }
}

function otherMember(content: { $case: string } | undefined): string {
  return `${content?.$case}, which no example has`;
}

function describe(decoded: DecodedEvent): string {
  switch (decoded.kind) {
    case "userMessage":
      return `${decoded.event.senderPhoneNumber}: ${describeContent(decoded.event.content)}`;
    case "userEvent":
      return `${decoded.event.senderPhoneNumber}: ${enumName(decoded.event.eventType)}`;
    case "serverEvent":
      return `${decoded.event.phoneNumber}: ${enumName(decoded.event.eventType)}`;
    case "agentLaunchEvent":
      return `${decoded.event.agentId}: ${enumName(decoded.event.oldLaunchState)} to ${enumName(decoded.event.newLaunchState)}`;
    case "unknown":
      return `unknown: ${Object.keys(decoded.json).join()}`;
    default: {
      // a kind proto/ declares beyond these; `decoded` is `never` until there is one
      const other: { kind: PayloadKind } = decoded;
      return `${other.kind}: ${payloadTypeNames[other.kind]}`;
    }
  }
}

export function withoutLaunchEvents(decoded: DecodedEvent): string {
  switch (decoded.kind) {
    case "userMessage":
    case "userEvent":
    case "serverEvent":
    case "unknown":
      return decoded.kind;
  }
  // @ts-expect-error -- "agentLaunchEvent" is not handled, so `decoded` is not `never` here
  return assertNever(decoded);
}

export function withoutLocations(content: RbmUserMessageContent | undefined): string {
  switch (content?.$case) {
    case "text":
    case "userFile":
    case "suggestionResponse":
    case undefined:
      return "handled";
  }
  // @ts-expect-error -- "location" is not handled, so `content` is not `never` here
  return assertNever(content);
}

// @ts-expect-error -- without a default or every case, the function can end without returning
export function missingCase(decoded: DecodedEvent): string {
  switch (decoded.kind) {
    case "userMessage":
    case "userEvent":
    case "serverEvent":
    case "agentLaunchEvent":
      return decoded.kind;
  }
}

export function narrowsTheValue(content: RbmUserMessageContent): number {
  if (content.$case === "location") {
    // @ts-expect-error -- a location's value has no text
    return content.value.text;
  }
  return 0;
}

const test = suite("a consumer's exhaustive switch");

test("handles every example body by its kind and content", () => {
  const examples = new URL("../../../examples/", import.meta.url);
  const described = readdirSync(examples)
    .sort()
    .map((name) => describe(decodeEvent(readFileSync(new URL(name, examples)))));
  assert.equal(described, [
    "coffee-bot@rbm.goog: PENDING to LAUNCHED",
    "+14155550123: DELIVERED",
    "+14155550123: file image/gif of 127806 bytes",
    "+14155550123: tapped REPLY order_flat_white_oat",
    "+14155550123: text Is the oat flat white back on the menu?",
    "+14155550123: TTL_EXPIRATION_REVOKED",
    "+447700900123: location 51.501364,-0.14189",
  ]);
});

test("reaches the no-content and unknown cases", () => {
  const body = (payload: unknown) => btoa(JSON.stringify(payload));
  assert.is(describe(decodeEvent(body({ senderPhoneNumber: "+1", text: null }))), "+1: no content");
  assert.is(describe(decodeEvent(body({ requestId: "r" }))), "unknown: requestId");
});

test("throws from assertNever when a kind is left out", () => {
  assert.throws(
    () => withoutLaunchEvents(decodeEvent(body())),
    (error: unknown) => isRbmEventError(error) && error.code === "INVALID_ARGUMENT" && error.message === 'unhandled value: "agentLaunchEvent"',
  );
  assert.throws(() => withoutLocations({ $case: "location", value: { latitude: 1, longitude: 2 } }), /^unhandled value: "location"$/);
  function body(): string {
    return btoa(JSON.stringify({ newLaunchState: "LAUNCHED" }));
  }
});

test("assertNever names what it was given, shortly, whatever it is", () => {
  const message = (value: unknown, what?: string) => {
    try {
      return assertNever(value as never, what);
    } catch (error) {
      return isRbmEventError(error) ? error.message : `not an RbmEventError: ${String(error)}`;
    }
  };
  assert.is(message({ kind: "newKind", event: {} }, "kind"), 'unhandled kind: "newKind"');
  assert.is(message({ $case: "newMember", value: 1 }, "content"), 'unhandled content: "newMember"');
  assert.is(message("x".repeat(10_000)), "unhandled value: string");
  assert.is(message(Object.create({ kind: "inherited" })), "unhandled value: undefined");
  assert.is(message(null), "unhandled value: null");
  assert.is(message(7), "unhandled value: 7");
});

test.run();
