import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RbmEventError, pathIndex, pathKey } from "../../src/errors.js";
import { isWellFormed } from "../../src/encoding/strict-json.js";

const error = suite("new RbmEventError()");

error("keeps a short message and issues as given", () => {
  const issues = [{ path: "a.b[0]", message: "bad" }];
  const e = new RbmEventError("INVALID_EVENT", "cannot decode event: a.b[0]: bad", { issues });
  assert.equal([e.message, e.issues], ["cannot decode event: a.b[0]: bad", issues]);
  assert.is(e.issues, issues);
});

error("cuts a message over 300 characters in the middle, keeping both ends", () => {
  const e = new RbmEventError("INVALID_JSON", `cannot decode JSON: ${"x".repeat(500_000)}: too deeply nested`);
  assert.is(e.message.length, 300);
  assert.ok(e.message.startsWith("cannot decode JSON: xxx"));
  assert.ok(e.message.endsWith("xxx: too deeply nested"));
  assert.is(e.message.split("…").length, 2);
});

error("cuts an issue's path over 120 characters and its message over 300", () => {
  const path = `a${"[0]".repeat(1_000)}.z`;
  const e = new RbmEventError("INVALID_JSON", "m", { issues: [{ path, message: "y".repeat(1_000) }, { path: "p", message: "q" }] });
  const [long, short] = e.issues;
  assert.is(long?.path.length, 120);
  assert.ok(long?.path.startsWith("a[0][0]") && long.path.endsWith("[0].z"));
  assert.is(long?.message.length, 300);
  assert.equal(short, { path: "p", message: "q" });
});

error("never cuts a surrogate pair in half", () => {
  for (let shift = 0; shift < 4; shift++) {
    const e = new RbmEventError("INVALID_JSON", "x".repeat(shift) + "😀".repeat(400));
    assert.ok(isWellFormed(e.message), `shift ${shift}`);
    assert.ok(e.message.length <= 300);
  }
});

error.run();

const key = suite("pathKey()");

key("appends identifiers with a dot and quotes other keys", () => {
  assert.is(pathKey("", "a"), "a");
  assert.is(pathKey("a", "b_1"), "a.b_1");
  assert.is(pathKey("a", "1b"), 'a["1b"]');
  assert.is(pathKey("a", ""), 'a[""]');
  assert.is(pathKey("", "__proto__"), "__proto__");
  assert.is(pathIndex("a", 3), "a[3]");
});

key("shows any key over 30 characters, identifier or not, as [\"…\"]", () => {
  assert.is(pathKey("a", "k".repeat(30)), `a.${"k".repeat(30)}`);
  assert.is(pathKey("a", "k".repeat(31)), 'a["…"]');
  assert.is(pathKey("", "k".repeat(5_000)), '["…"]');
  assert.is(pathKey("a", "-".repeat(31)), 'a["…"]');
});

key.run();
