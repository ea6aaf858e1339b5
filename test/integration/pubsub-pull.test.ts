// The Pub/Sub pull recipe of docs/examples/pubsub-pull.ts, on the built package, driven with the
// @google-cloud/pubsub library's own Message class (built as its streaming pull builds them from
// a ReceivedMessage, around a recording subscriber): decodeEvent reads the Message as it is, and
// the recipe acks what it handled or kept as a dead letter, and nacks what failed. No network.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Message } from "@google-cloud/pubsub";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { envelopeToJson } from "../../src/events/index.js";
import { decodeEvent } from "../../src/index.js";
import { userEvent } from "../support/webhook.js";
import { tsc } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const recipe = join(root, "docs", "examples", "pubsub-pull.ts");

type PullHandler = (message: Message) => Promise<void>;
type PullHandlerOptions = { onEvent(decoded: unknown): unknown; onInvalid(error: { code: string }, message: Message): unknown };
let pullHandler: (options: PullHandlerOptions) => PullHandler;

/** What the fake subscriber was asked to do, by message ID. */
const calls: string[] = [];

/** The part of a Subscriber a Message calls on ack and nack, recording the calls. */
const subscriber = {
  name: "projects/coffee-bot-rbm/subscriptions/rbm-events-pull",
  isExactlyOnceDelivery: false,
  ack: async (message: Message) => void calls.push(`ack ${message.id}`),
  nack: async (message: Message) => void calls.push(`nack ${message.id}`),
  modAck: async () => {},
} as unknown as ConstructorParameters<typeof Message>[0];

/**
 * A Message as the library makes one from a pulled ReceivedMessage: `data` a Buffer, `publishTime`
 * a protobuf Timestamp (its seconds a string, as the gRPC client decodes int64), and proto3
 * defaults for what was not set (no attributes, an empty ordering key, delivery attempt 0).
 */
function pulled(id: string, payload: unknown, more: { attributes?: Record<string, string>; orderingKey?: string; deliveryAttempt?: number } = {}): Message {
  const data = Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload));
  const message = {
    data,
    messageId: id,
    publishTime: { seconds: "1709633730", nanos: 402123456 },
    attributes: more.attributes ?? {},
    orderingKey: more.orderingKey ?? "",
  };
  return new Message(subscriber, { ackId: `ack-${id}`, message, deliveryAttempt: more.deliveryAttempt ?? 0 });
}

const decoding = suite("decodeEvent(Message)");

decoding("reads the library's Message as it is: bytes, id, a PreciseDate to the nanosecond, attributes", () => {
  const decoded = decodeEvent(pulled("m1", userEvent("e1"), { attributes: { product: "RBM" } }));
  assert.is(decoded.kind, "userEvent");
  assert.equal(envelopeToJson(decoded.envelope), {
    source: "pull",
    messageId: "m1",
    publishTime: "2024-03-05T10:15:30.402123456Z",
    attributes: { product: "RBM" },
  });
});

decoding("reads the ordering key and the delivery attempt when the subscription has them", () => {
  const { envelope } = decodeEvent(pulled("m2", userEvent("e2"), { orderingKey: "+14155550123", deliveryAttempt: 3 }));
  assert.equal(envelopeToJson(envelope), {
    source: "pull",
    messageId: "m2",
    publishTime: "2024-03-05T10:15:30.402123456Z",
    attributes: {},
    deliveryAttempt: 3,
    orderingKey: "+14155550123",
  });
});

decoding.run();

const recipeSuite = suite("pullHandler()");
let dir = "";

recipeSuite.before(async () => {
  // The recipe imports "rbm-events", which resolves to the built dist/.
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore", timeout: 300_000 });
  ({ pullHandler } = (await import(recipe)) as { pullHandler: typeof pullHandler });
});

recipeSuite.after(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

/** Runs the recipe's handler on one message; resolves to the subscriber calls, events and dead letters. */
async function handle(message: Message, onEvent: (decoded: unknown) => unknown = () => {}, onInvalid: PullHandlerOptions["onInvalid"] = () => {}) {
  calls.length = 0;
  const events: unknown[] = [];
  const invalid: string[] = [];
  const logged: string[] = [];
  const log = console.error;
  console.error = (line: string) => void logged.push(line);
  try {
    await pullHandler({
      onEvent: async (decoded) => {
        events.push(decoded);
        await onEvent(decoded);
      },
      onInvalid: async (error, m) => {
        invalid.push(`${error.code} ${m.id}`);
        await onInvalid(error, m);
      },
    })(message);
  } finally {
    console.error = log;
  }
  return { calls: [...calls], events, invalid, logged };
}

recipeSuite("hands a valid event to onEvent, decoded from the pull message, then acks it", async () => {
  const { calls, events, invalid, logged } = await handle(pulled("m3", userEvent("e3")));
  assert.equal(calls, ["ack m3"]);
  assert.equal(logged, []);
  assert.equal(invalid, []);
  assert.is(events.length, 1);
  const decoded = events[0] as ReturnType<typeof decodeEvent>;
  assert.is(decoded.kind, "userEvent");
  assert.is(decoded.envelope.source, "pull");
  assert.is(decoded.kind === "userEvent" && decoded.event.eventId, "e3");
});

recipeSuite("nacks a message whose onEvent throws, or rejects, and never acks it", async () => {
  for (const onEvent of [
    () => {
      throw new Error("queue down");
    },
    () => Promise.reject(new Error("queue down")),
  ]) {
    const { calls, events, logged } = await handle(pulled("m4", userEvent("e4")), onEvent);
    assert.equal(calls, ["nack m4"]);
    assert.equal(logged, ["nacked message m4: Error: queue down"]);
    assert.is(events.length, 1);
  }
});

recipeSuite("keeps a message that does not decode as a dead letter, then acks it", async () => {
  for (const [id, payload, code] of [
    ["m5", "{not json", "INVALID_JSON"],
    ["m6", { eventType: 7, senderPhoneNumber: 1 }, "INVALID_EVENT"],
  ] as const) {
    const { calls, events, invalid } = await handle(pulled(id, payload));
    assert.equal(invalid, [`${code} ${id}`]);
    assert.equal(calls, [`ack ${id}`]);
    assert.equal(events, []);
  }
});

recipeSuite("nacks a message that does not decode when keeping the dead letter fails", async () => {
  const { calls, invalid, logged } = await handle(pulled("m7", "{not json"), undefined, () => Promise.reject(new Error("disk full")));
  assert.equal(invalid, ["INVALID_JSON m7"]);
  assert.equal(calls, ["nack m7"]);
  assert.equal(logged, ["nacked message m7: Error: disk full"]);
});

recipeSuite("compiles under the strict tsconfig against the library's and the built package's types", () => {
  dir = mkdtempSync(join(root, ".pubsub-pull-"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: [], files: [recipe] }));
  try {
    execFileSync(tsc, ["-p", dir, "--pretty", "false"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (error) {
    assert.unreachable(`tsc: ${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
});

recipeSuite.run();
