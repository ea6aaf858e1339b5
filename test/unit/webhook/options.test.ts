// webhookCore(): the options of both webhook handlers, checked once.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { MemoryIdempotencyStore } from "../../../src/webhook/index.js";
import { verifySignatureSync } from "../../../src/signature/node.js";
import { webhookCore } from "../../../src/webhook/options.js";

const token = "options-client-token-93d1";

const defaults = suite("webhookCore()");

defaults("fills in the documented defaults", () => {
  const core = webhookCore({ clientToken: token, onEvent: () => {} }, verifySignatureSync);
  assert.equal([core.tokens, core.maxBodyBytes, core.bodyTimeoutMs, core.decode, core.onError], [[token], 1_048_576, 10_000, undefined, undefined]);
  assert.instance(core.store, MemoryIdempotencyStore);
  assert.equal([core.claimLeaseMs, core.eventTimeoutMs, core.storeTimeoutMs], [30_000, undefined, 5_000]);
  assert.is(webhookCore({ clientToken: token, onEvent: () => {}, idempotency: false }, verifySignatureSync).store, undefined);
});

defaults("copies the token list, so later changes to the caller's array do not count", () => {
  const tokens = ["a"];
  const core = webhookCore({ clientToken: tokens, onEvent: () => {} }, verifySignatureSync);
  tokens.push("b");
  assert.equal(core.tokens, ["a"]);
});

const call = (options: unknown) => webhookCore(options as never, verifySignatureSync);

function throwsTypeError(value: unknown, message: string): void {
  try {
    call(value);
  } catch (error) {
    assert.instance(error, TypeError);
    assert.is((error as Error).message, message);
    assert.not.ok((error as Error).message.includes(token));
    return;
  }
  assert.unreachable(`no TypeError: ${message}`);
}

defaults("throws a TypeError naming the option, never a token's value", () => {
  const onEvent = () => {};
  throwsTypeError(undefined, "invalid argument: options: expected object, received undefined");
  throwsTypeError({ onEvent }, "invalid argument: clientToken: expected string or array of strings, received undefined");
  throwsTypeError({ clientToken: "", onEvent }, "invalid argument: clientToken: expected non-empty string, received empty string");
  throwsTypeError({ clientToken: [], onEvent }, "invalid argument: clientToken: expected at least one token, received array");
  throwsTypeError({ clientToken: [token, ""], onEvent }, "invalid argument: clientToken[1]: expected non-empty string, received empty string");
  throwsTypeError({ clientToken: [token, 7], onEvent }, "invalid argument: clientToken[1]: expected non-empty string, received number");
  throwsTypeError({ clientToken: " \t", onEvent }, "invalid argument: clientToken: expected non-empty string, received whitespace-only string");
  throwsTypeError({ clientToken: [token, " "], onEvent }, "invalid argument: clientToken[1]: expected non-empty string, received whitespace-only string");
  throwsTypeError(
    { clientToken: [token, ` ${token}`], onEvent },
    "invalid argument: clientToken[1]: expected string without leading or trailing whitespace, received padded string",
  );
  throwsTypeError(
    { clientToken: `${token}\n`, onEvent },
    "invalid argument: clientToken: expected string without leading or trailing whitespace, received padded string",
  );
  throwsTypeError({ clientToken: token, onEvent, storeTimeoutMs: 0 }, "invalid argument: storeTimeoutMs: expected an integer from 1 to 2147483647, received 0");
  throwsTypeError({ clientToken: token }, "invalid argument: onEvent: expected function, received undefined");
  throwsTypeError({ clientToken: token, onEvent, onError: "log" }, "invalid argument: onError: expected function, received string");
  throwsTypeError({ clientToken: token, onEvent, onInvalid: {} }, "invalid argument: onInvalid: expected function, received object");
  throwsTypeError(
    { clientToken: token, onEvent, idempotency: true },
    "invalid argument: idempotency: expected false or an object with claim, complete and release, received boolean",
  );
  throwsTypeError(
    { clientToken: token, onEvent, idempotency: { claim() {} } },
    "invalid argument: idempotency: expected false or an object with claim, complete and release, received object",
  );
  throwsTypeError({ clientToken: token, onEvent, decode: "strict" }, "invalid argument: decode: expected object, received string");
  throwsTypeError(
    { clientToken: token, onEvent, maxBodyBytes: 0 },
    `invalid argument: maxBodyBytes: expected an integer from 1 to ${Number.MAX_SAFE_INTEGER}, received 0`,
  );
  throwsTypeError(
    { clientToken: token, onEvent, maxBodyBytes: 1.5 },
    `invalid argument: maxBodyBytes: expected an integer from 1 to ${Number.MAX_SAFE_INTEGER}, received 1.5`,
  );
  throwsTypeError(
    { clientToken: token, onEvent, maxBodyBytes: "1mb" },
    `invalid argument: maxBodyBytes: expected an integer from 1 to ${Number.MAX_SAFE_INTEGER}, received string`,
  );
  throwsTypeError({ clientToken: token, onEvent, bodyTimeoutMs: -1 }, "invalid argument: bodyTimeoutMs: expected an integer from 1 to 2147483647, received -1");
  throwsTypeError({ clientToken: token, onEvent, claimLeaseMs: 0 }, "invalid argument: claimLeaseMs: expected an integer from 1 to 2147483647, received 0");
  throwsTypeError(
    { clientToken: token, onEvent, eventTimeoutMs: Infinity },
    "invalid argument: eventTimeoutMs: expected an integer from 1 to 2147483647, received Infinity",
  );
  throwsTypeError(
    { clientToken: token, onEvent, bodyTimeoutMs: 2 ** 31 },
    "invalid argument: bodyTimeoutMs: expected an integer from 1 to 2147483647, received 2147483648",
  );
});

defaults.run();
