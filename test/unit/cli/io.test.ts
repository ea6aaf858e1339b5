// clientTokensFromEnv(): the client tokens of `serve` and `sign`, from RBM_CLIENT_TOKEN.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UsageError, clientTokensFromEnv } from "../../../src/cli/io.js";

const test = suite("clientTokensFromEnv()");

const token = "io-client-token-7f30";

const reads = (value: string, expected: string[]) => assert.equal(clientTokensFromEnv({ RBM_CLIENT_TOKEN: value }), expected, value);

function refuses(value: string | undefined, message: string): void {
  try {
    clientTokensFromEnv({ RBM_CLIENT_TOKEN: value });
  } catch (error) {
    assert.instance(error, UsageError);
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`no UsageError for ${JSON.stringify(value)}`);
}

test("reads one token, or several separated by commas", () => {
  reads(token, [token]);
  reads(`${token},other-token`, [token, "other-token"]);
});

test("refuses an empty, blank or padded token, naming its position and never its value", () => {
  const missing = "missing client token: set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)";
  refuses(undefined, missing);
  refuses("", missing);
  const invalid = (which: string, problem: string) => `invalid RBM_CLIENT_TOKEN: ${which} ${problem} (separate tokens with commas alone)`;
  refuses(" ", invalid("the token", "is only whitespace"));
  refuses(`${token}\n`, invalid("the token", "has leading or trailing whitespace"));
  refuses(",", invalid("token 1 of 2", "is empty"));
  refuses(`${token},`, invalid("token 2 of 2", "is empty"));
  refuses(`${token},,other`, invalid("token 2 of 3", "is empty"));
  refuses(`${token}, `, invalid("token 2 of 2", "is only whitespace"));
  refuses(`${token}, other`, invalid("token 2 of 2", "has leading or trailing whitespace"));
  refuses(` ${token},other`, invalid("token 1 of 2", "has leading or trailing whitespace"));
});

test.run();
