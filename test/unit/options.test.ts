// Every options object refuses a name it does not have, with the closest one it does: a misspelt
// option (`maxBodyByte`) is never ignored without a word.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  decodeEvent,
  isRbmEventError,
  MemoryIdempotencyStore,
  toBinary,
  toJson,
  UserEvent,
  validate,
  validateValue,
  createWebhookHandler,
} from "../../src/index.js";
import { createFetchHandler } from "../../src/web.js";
import { RedisIdempotencyStore, type RedisStoreClient } from "../../src/redis.js";

const test = suite("options objects");
const webhook = { clientToken: "options-test-token", onEvent: () => {} };
const client = { set: async () => null, eval: async () => 0 } as unknown as RedisStoreClient;

function refuses(call: () => unknown, message: string, kind: "TypeError" | "INVALID_ARGUMENT"): void {
  try {
    call();
  } catch (error) {
    if (kind === "TypeError") assert.instance(error, TypeError);
    else assert.ok(isRbmEventError(error) && error.code === "INVALID_ARGUMENT", String(error));
    assert.match((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected ${message}`);
}

test("refuses a misspelt webhook option, naming the one it meant", () => {
  refuses(
    () => createFetchHandler({ ...webhook, maxBodyByte: 5 } as never),
    'options: unknown option "maxBodyByte"; did you mean "maxBodyBytes"?',
    "TypeError",
  );
  refuses(() => createWebhookHandler({ ...webhook, onevent: () => {} } as never), 'unknown option "onevent"; did you mean "onEvent"?', "TypeError");
  refuses(() => createWebhookHandler({ ...webhook, retries: 3 } as never), 'unknown option "retries"', "TypeError");
  // checked once, when the handler is made: a misspelt decode option would fail every request
  refuses(
    () => createFetchHandler({ ...webhook, decode: { strcit: true } } as never),
    'options.decode: unknown option "strcit"; did you mean "strict"?',
    "TypeError",
  );
});

test("refuses a misspelt option of decoding, validation and conversion", () => {
  const body = '{"message":{"data":"e30="}}';
  refuses(() => decodeEvent(body, { strcit: true } as never), 'decodeEvent(): options: unknown option "strcit"; did you mean "strict"?', "INVALID_ARGUMENT");
  refuses(
    () => validate("UserEvent", "{}", { ignoreUnknownField: true } as never),
    'unknown option "ignoreUnknownField"; did you mean "ignoreUnknownFields"?',
    "INVALID_ARGUMENT",
  );
  refuses(() => validateValue("UserEvent", {}, { long: "bigint" } as never), 'unknown option "long"; did you mean "longs"?', "INVALID_ARGUMENT");
  refuses(() => toJson("UserEvent", UserEvent.create(), { long: "bigint" } as never), 'unknown option "long"', "INVALID_ARGUMENT");
  refuses(() => toBinary("UserEvent", UserEvent.create(), { strict: true } as never), 'unknown option "strict"', "INVALID_ARGUMENT");
  refuses(() => UserEvent.fromJSON({}, { keepUnknownEnumName: true } as never), 'did you mean "keepUnknownEnumNames"?', "INVALID_ARGUMENT");
});

test("refuses a misspelt option of the idempotency stores", () => {
  refuses(() => new MemoryIdempotencyStore({ maxKey: 5 } as never), 'unknown option "maxKey"; did you mean "maxKeys"?', "TypeError");
  refuses(() => new RedisIdempotencyStore({ client, prefx: "a:" } as never), 'unknown option "prefx"; did you mean "prefix"?', "TypeError");
});

test("takes every documented option, and own names only", () => {
  assert.ok(createFetchHandler({ ...webhook, maxBodyBytes: 5, decode: { strict: true }, idempotency: false }));
  assert.is(decodeEvent('{"message":{"data":"e30="}}', { strict: false }).kind, "unknown");
  assert.ok(validate("UserEvent", "{}", { ignoreUnknownFields: true, keepUnknownEnumNames: true, longs: "string" }).value);
  assert.ok(new MemoryIdempotencyStore({ maxKeys: 5 }));
  assert.ok(new RedisIdempotencyStore({ client, prefix: "a:", rememberMs: 60_000, commandTimeoutMs: 1_000 }));
  // an inherited name is not an option given
  assert.is(decodeEvent('{"message":{"data":"e30="}}', Object.create({ strcit: true }) as never).kind, "unknown");
});

test.run();
