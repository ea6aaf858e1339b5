import { suite } from "uvu";
import * as assert from "uvu/assert";
import { isRbmEventError } from "../../src/errors.js";
import { parseJson } from "../../src/encoding/strict-json.js";

// Million-level nesting takes seconds and hundreds of MB, so it runs with the slow tier.
const nesting = suite("parseJson() deep nesting");

nesting("parses nesting a million levels deep without overflowing the stack", () => {
  const depth = 1_000_000;
  assert.ok(Array.isArray(parseJson("[".repeat(depth) + "]".repeat(depth))));
  assert.type(parseJson('{"a":'.repeat(depth) + "1" + "}".repeat(depth)), "object");
  try {
    parseJson('[{"a":'.repeat(depth) + '{"b":1,"b":2}' + "}]".repeat(depth));
    assert.unreachable();
  } catch (error) {
    assert.ok(isRbmEventError(error));
    assert.ok(error.issues[0]?.path.endsWith("[0].a.b"));
  }
});

nesting.run();
