// A schema change is an edit in proto/ and `npm run generate` (and `npm run vectors`), nothing else.
// In a copy of the working tree, four additions are made to the .proto text only: an enum value,
// a scalar field, a new `content` member with its message, and a new top-level payload declared
// with the (payload) option. Then the copy is regenerated and built, and must type-check, pass the
// unit tier, compile and run a strict consumer of the new names, validate them on the command line,
// keep them through the exported codecs, and deduplicate the new payload by its declared key. The
// full `npm test` in the copy would take minutes; the unit tier, the type check and the build stand
// for it here, and the consumer below for what a user's project compiles.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent } from "../../src/index.js";
import { tsc } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const v1 = "proto/rbm/events/v1";
const test = suite("a schema change made in proto/ only");
let copy = "";

/**
 * The one unit test file the additions may break: the RBM reference test, whose reference data
 * changes only with a reference change.
 */
const allowedToFail = ["schema/rbm-reference.test.ts"];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in its own process group, killed whole if it outlives `ms`. */
function run(command: string, args: string[], cwd = copy, ms = 90_000): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      fail(new Error(`${command} ${args.join(" ")}: no exit within ${ms} ms; stdout: ${stdout.slice(-2000)} stderr: ${stderr.slice(-2000)}`));
    }, ms);
    child.once("error", (error) => (clearTimeout(timer), fail(error)));
    child.once("close", (code) => (clearTimeout(timer), done({ code, stdout, stderr })));
  });
}

/** Runs a command that must succeed, failing with what it printed otherwise. */
async function succeeds(command: string, args: string[], cwd = copy): Promise<Run> {
  const result = await run(command, args, cwd);
  assert.is(result.code, 0, `${command} ${args.join(" ")} failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  return result;
}

/** Copies what git tracks and the untracked files it does not ignore; node_modules is linked. */
async function copyTree(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-schema-change-"));
  const { stdout } = await succeeds("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root);
  for (const file of stdout.split("\0")) {
    // node_modules is a link in a worktree, which `node_modules/` in .gitignore does not match
    if (file === "" || file === "node_modules" || file.startsWith("dist/") || !existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), readFileSync(join(root, file)));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Replaces `from` by `to` in a file of the copy; `from` must be there. */
function edit(file: string, from: string, to: string): void {
  const path = join(copy, file);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${file} should contain ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

const richCardResponse = `syntax = "proto3";

package rbm.events.v1;

// The user's tap on a button of a rich card the agent sent.
message RichCardResponse {
  // The ID of the card, as the agent sent it.
  string card_id = 1;

  // The postback data of the button the user tapped.
  string postback_data = 2;
}
`;

const conversationEvent = `syntax = "proto3";

package rbm.events.v1;

import "google/protobuf/timestamp.proto";
import "rbm/events/v1/payload_options.proto";

// A conversation with the agent was opened or closed.
message ConversationEvent {
  option (payload) = {
    kind: "conversationEvent"
    precedence: 50
    recognise: { present: ["conversation_id", "state"] }
    key: "event_id"
    key_prefix: "conversation:"
  };

  // The state of a conversation.
  enum State {
    // The state was not set.
    STATE_UNSPECIFIED = 0;
    // The conversation is open.
    OPEN = 1;
    // The conversation was closed.
    CLOSED = 2;
  }

  // The conversation the event is about.
  string conversation_id = 1;

  // A unique ID for this event; the same ID on a redelivery identifies a duplicate.
  string event_id = 2;

  // The conversation's new state.
  State state = 3;

  // When the state changed.
  google.protobuf.Timestamp send_time = 4;
}
`;

/** The four additions, made to the .proto text only. */
function changeSchema(): void {
  edit(`${v1}/user_event.proto`, "    SUBSCRIBE = 5;\n", "    SUBSCRIBE = 5;\n    // Something new happened.\n    NEW_THING = 6;\n");
  edit(
    `${v1}/user_message.proto`,
    "  string carrier = 6;\n",
    "  string carrier = 6;\n\n  // The conversation the message belongs to.\n  string conversation_id = 11;\n",
  );
  edit(
    `${v1}/user_message.proto`,
    'import "rbm/events/v1/lat_lng.proto";\n',
    'import "rbm/events/v1/lat_lng.proto";\nimport "rbm/events/v1/rich_card_response.proto";\n',
  );
  edit(
    `${v1}/user_message.proto`,
    "    SuggestionResponse suggestion_response = 10;\n",
    "    SuggestionResponse suggestion_response = 10;\n\n    // A tap on a rich card's button.\n    RichCardResponse rich_card_response = 12;\n",
  );
  writeFileSync(join(copy, v1, "rich_card_response.proto"), richCardResponse);
  writeFileSync(join(copy, v1, "conversation_event.proto"), conversationEvent);
}

/** A Pub/Sub push body carrying `payload` as base64 `message.data`. */
function delivery(payload: Record<string, unknown>): string {
  return JSON.stringify({ message: { data: Buffer.from(JSON.stringify(payload)).toString("base64"), messageId: "1" } });
}

const conversationPayload = { conversationId: "conv-1", eventId: "evt-1", state: "CLOSED", sendTime: "2024-03-05T10:15:30.123456789Z" };
const cardPayload = {
  senderPhoneNumber: "+14155550123",
  messageId: "msg-1",
  conversationId: "conv-1",
  richCardResponse: { cardId: "card-7", postbackData: "order_flat_white" },
};
const newThingPayload = { senderPhoneNumber: "+14155550123", eventType: "NEW_THING", eventId: "evt-2" };

// What a strict consumer writes against the new names. It must compile against the changed copy
// and not against the unchanged tree.
const consumer = `import { readFileSync } from "node:fs";
import { ConversationEvent, decodeEvent, UserMessage, type DecodedEvent, type UserEvent } from "rbm-events";

function assertNever(value: never): never {
  throw new Error("unhandled " + JSON.stringify(value));
}

function describe(decoded: DecodedEvent): Record<string, unknown> {
  switch (decoded.kind) {
    case "conversationEvent": {
      const { conversationId, eventId, state, sendTime } = decoded.event;
      return { kind: decoded.kind, conversationId, eventId, state, closed: state === "CLOSED", sendTime };
    }
    case "userMessage": {
      const { content, conversationId } = decoded.event;
      if (content?.$case === "richCardResponse") {
        return { kind: decoded.kind, conversationId, cardId: content.value.cardId, postbackData: content.value.postbackData };
      }
      return { kind: decoded.kind, conversationId, content: content?.$case };
    }
    case "userEvent": {
      const eventType: UserEvent["eventType"] = decoded.event.eventType;
      return { kind: decoded.kind, eventType, newThing: eventType === "NEW_THING" };
    }
    case "serverEvent":
    case "agentLaunchEvent":
    case "unknown":
      return { kind: decoded.kind };
    default:
      return assertNever(decoded);
  }
}

const newThing: UserEvent["eventType"] = "NEW_THING";
const bodies = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as string[];
const message = UserMessage.fromJSON({ messageId: "m-1", conversationId: "c-1", richCardResponse: { cardId: "card-1", postbackData: "p" } });
const event = ConversationEvent.fromJSON({ conversationId: "c-1", eventId: "e-1", state: "OPEN", sendTime: "2024-03-05T10:15:30.5Z" });
console.log(JSON.stringify({
  decoded: bodies.map((body) => describe(decodeEvent(body, { strict: true }))),
  newThing,
  cardId: message.content?.$case === "richCardResponse" ? message.content.value.cardId : undefined,
  json: { message: UserMessage.toJSON(message), event: ConversationEvent.toJSON(event) },
  binary: {
    message: UserMessage.toJSON(UserMessage.decode(UserMessage.encode(message))),
    event: ConversationEvent.toJSON(ConversationEvent.decode(ConversationEvent.encode(event))),
  },
}));
`;

// The webhook with its default kind of store, recording the keys it claims: the same signed
// delivery of the new payload twice must reach onEvent once.
const webhook = `import { createFetchHandler, MemoryIdempotencyStore, signPayload, type DecodedEvent, type IdempotencyStore } from "rbm-events";

const token = "schema-change-token";
const memory = new MemoryIdempotencyStore();
const claimed: string[] = [];
const store: IdempotencyStore = {
  claim: (key, leaseMs) => (claimed.push(key), memory.claim(key, leaseMs)),
  complete: (key) => memory.complete(key),
  release: (key) => memory.release(key),
};
const events: DecodedEvent[] = [];
const handler = createFetchHandler({ clientToken: token, idempotency: store, onEvent: (decoded) => void events.push(decoded) });
const body = process.argv[2] ?? "";
const data = (JSON.parse(body) as { message: { data: string } }).message.data;
const headers = { "content-type": "application/json", "x-goog-signature": await signPayload(data, token) };
const statuses: number[] = [];
for (let i = 0; i < 2; i++) statuses.push((await handler(new Request("https://agent.example/rbm", { method: "POST", headers, body }))).status);
const first = events[0];
console.log(JSON.stringify({ statuses, events: events.length, kind: first?.kind, eventId: first?.kind === "conversationEvent" ? first.event.eventId : undefined, claimed }));
`;

/** The compiler options of a strict consumer, as package.test.ts has them. */
function consumerOptions(paths?: Record<string, string[]>) {
  return {
    compilerOptions: {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      target: "es2022",
      lib: ["es2022"],
      module: "nodenext",
      moduleResolution: "nodenext",
      skipLibCheck: true,
      typeRoots: [join(root, "node_modules", "@types")],
      types: ["node"],
      ...(paths ? { paths } : {}),
    },
  };
}

/** A consumer project: its sources, and `rbm-events` in its node_modules linked to the copy. */
function consumerProject(): string {
  const dir = join(copy, ".consumer");
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(copy, join(dir, "node_modules", "rbm-events"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...consumerOptions(), files: ["consumer.ts", "webhook.ts"] }));
  writeFileSync(join(dir, "consumer.ts"), consumer);
  writeFileSync(join(dir, "webhook.ts"), webhook);
  return dir;
}

const tsx = import.meta.resolve("tsx");

test.before(async () => {
  copy = await copyTree();
  changeSchema();
  await succeeds("npm", ["run", "--silent", "generate"]);
  await succeeds("npm", ["run", "--silent", "vectors"]);
  await succeeds("npm", ["run", "--silent", "build"]);
});

test.after(() => {
  if (copy !== "" && process.env["KEEP_SCHEMA_COPY"] === undefined) rmSync(copy, { recursive: true, force: true });
});

test("generates the new kind, key, member, field and enum value, and their vectors", () => {
  const payloads = readFileSync(join(copy, "gen/payloads.ts"), "utf8");
  assert.match(payloads, 'conversationEvent: "rbm.events.v1.ConversationEvent",');
  assert.match(payloads, '"conversation:" + payload.event.eventId');
  assert.match(
    readFileSync(join(copy, "gen/binary-codecs.ts"), "utf8"),
    'export const RichCardResponse = /* @__PURE__ */ binaryMessageCodec("rbm.events.v1.RichCardResponse");',
  );
  const vectors = (name: string) => readFileSync(join(copy, "test/interop/vectors", name), "utf8");
  assert.match(vectors("conversation_event.json"), '"state": "CLOSED"');
  assert.match(vectors("rich_card_response.json"), '"cardId"');
  assert.match(vectors("user_message.json"), "richCardResponse (oneof content) set");
  assert.match(vectors("user_message.json"), '"conversationId"');
  assert.match(vectors("user_event.json"), '"eventType": "NEW_THING"');
  assert.match(readFileSync(join(copy, "docs/schema/README.md"), "utf8"), "ConversationEvent");
});

test("type-checks the whole copy, but for the tests that are allowed to fail", async () => {
  const { code, stdout, stderr } = await run("npm", ["run", "--silent", "typecheck"]);
  const errors = (stdout + stderr).split("\n").filter((line) => /error TS\d+/.test(line));
  const unexpected = errors.filter((line) => !allowedToFail.some((file) => line.startsWith(`test/unit/${file}(`)));
  assert.equal(unexpected, [], stdout + stderr);
  assert.is(code === 0, errors.length === 0, `exit ${code}`);
});

test("passes the unit tier, but for the tests that are allowed to fail", async () => {
  const skip = allowedToFail.map((file) => file.replaceAll(".", "\\.")).join("|");
  const { stdout } = await succeeds("node", [".ci/test.mjs", "unit", "--", `^(?!(${skip})$).*\\.test\\.ts$`]);
  assert.match(stdout, / passed, 0 failed$/m);
  // The reference test does fail: the copy's schema is no longer RBM's.
  const reference = await run("node", [".ci/test.mjs", "unit", "--", "^schema/rbm-reference\\.test\\.ts$"]);
  assert.is(reference.code, 1, reference.stdout);
  assert.match(reference.stdout, "rbm.events.v1.ConversationEvent");
});

test("compiles a strict consumer of the new names, which the unchanged tree rejects", async () => {
  const dir = consumerProject();
  await succeeds(tsc, ["-p", "tsconfig.json", "--pretty", "false"], dir);
  // The same consumer against the working tree's sources, unchanged.
  writeFileSync(join(dir, "tsconfig.old.json"), JSON.stringify({ ...consumerOptions({ "rbm-events": [join(root, "src/index.ts")] }), files: ["consumer.ts"] }));
  const old = await run(tsc, ["-p", "tsconfig.old.json", "--pretty", "false"], dir);
  assert.not.equal(old.code, 0, old.stdout);
  const errors = old.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
  for (const line of errors) assert.ok(line.startsWith("consumer.ts("), line);
  // one error for each addition, at least; others follow from them (a case that is `never`)
  for (const cause of [
    `Module '"rbm-events"' has no exported member 'ConversationEvent'`,
    `Type '"conversationEvent"' is not comparable`,
    `Property 'conversationId' does not exist`,
    `and '"richCardResponse"' have no overlap`,
    `Type '"NEW_THING"' is not assignable`,
  ]) {
    assert.ok(
      errors.some((line) => line.includes(cause)),
      `${cause}:\n${old.stdout}`,
    );
  }
});

test("decodes the new kind, member, field and enum value, and the codecs keep them", async () => {
  const bodies = [delivery(conversationPayload), delivery(cardPayload), delivery(newThingPayload)];
  writeFileSync(join(copy, ".consumer", "bodies.json"), JSON.stringify(bodies));
  const { stdout } = await succeeds("node", ["--import", tsx, "consumer.ts", "bodies.json"], join(copy, ".consumer"));
  const out = JSON.parse(stdout) as Record<string, unknown>;
  assert.equal(out["decoded"], [
    {
      kind: "conversationEvent",
      conversationId: "conv-1",
      eventId: "evt-1",
      state: "CLOSED",
      closed: true,
      sendTime: { seconds: 1709633730, nanos: 123456789 },
    },
    { kind: "userMessage", conversationId: "conv-1", cardId: "card-7", postbackData: "order_flat_white" },
    { kind: "userEvent", eventType: "NEW_THING", newThing: true },
  ]);
  assert.is(out["newThing"], "NEW_THING");
  assert.is(out["cardId"], "card-1");
  const json = {
    message: { messageId: "m-1", conversationId: "c-1", richCardResponse: { cardId: "card-1", postbackData: "p" } },
    event: { conversationId: "c-1", eventId: "e-1", state: "OPEN", sendTime: "2024-03-05T10:15:30.500Z" },
  };
  assert.equal(out["json"], json);
  assert.equal(out["binary"], json);
});

test("validates the new payload and member in strict mode on the command line", async () => {
  const validate = async (type: string, line: unknown) => {
    const input = join(copy, `.validate-${type}.ndjson`);
    writeFileSync(input, `${JSON.stringify(line)}\n`);
    return run("node", ["dist/src/cli/bin.js", "validate", "--type", type, input]);
  };
  const event = await validate("ConversationEvent", conversationPayload);
  assert.is(event.code, 0, event.stdout + event.stderr);
  assert.equal(JSON.parse(event.stdout), { ok: true, json: conversationPayload });
  const card = await validate("UserMessage", cardPayload);
  assert.is(card.code, 0, card.stdout + card.stderr);
  assert.equal(JSON.parse(card.stdout), { ok: true, json: cardPayload });
  // Strict by default: a field the schema does not have is still refused.
  const unknown = await validate("ConversationEvent", { ...conversationPayload, closedBy: "user" });
  assert.is(unknown.code, 1, unknown.stdout);
});

test("deduplicates the new payload in the webhook by its declared key", async () => {
  const { stdout } = await succeeds("node", ["--import", tsx, "webhook.ts", delivery(conversationPayload)], join(copy, ".consumer"));
  assert.equal(JSON.parse(stdout), {
    statuses: [200, 200],
    events: 1,
    kind: "conversationEvent",
    eventId: "evt-1",
    claimed: ["conversation:evt-1", "conversation:evt-1"],
  });
});

test.run();

const old = suite("an unchanged build on data of the new schema");

old("reads a user message with an unknown content member as a user message without content", () => {
  const decoded = decodeEvent(delivery(cardPayload));
  assert.is(decoded.kind, "userMessage");
  if (decoded.kind !== "userMessage") return;
  assert.is(decoded.event.content, undefined);
  assert.is(decoded.event.senderPhoneNumber, "+14155550123");
  assert.is(decoded.event.messageId, "msg-1");
});

old.run();
