import { suite } from "uvu";
import * as assert from "uvu/assert";
import { isRbmEventError } from "../../src/errors.js";
import { parseJson } from "../../src/encoding/strict-json.js";

// Million-level nesting takes seconds and hundreds of MB, so it runs with the slow tier.
const nesting = suite("parseJson() deep nesting");

nesting("rejects nesting a million levels deep without overflowing the stack, in a short error", () => {
  const depth = 1_000_000;
  for (const text of ["[".repeat(depth) + "]".repeat(depth), '[{"a":'.repeat(depth) + '{"b":1,"b":2}' + "}]".repeat(depth)]) {
    try {
      parseJson(text);
      assert.unreachable();
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.ok(error.message.endsWith(": too deeply nested: more than 100 levels"), error.message);
      assert.ok(error.message.length <= 300 && error.issues[0]!.path.length <= 120);
    }
  }
});

nesting.run();
