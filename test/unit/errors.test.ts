import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { RbmEventError, decodeError, isObject, pathIndex, pathKey, pathSegments } from "../../src/errors.js";
import { isWellFormed } from "../../src/encoding/index.js";

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
  const e = new RbmEventError("INVALID_JSON", "m", {
    issues: [
      { path, message: "y".repeat(1_000) },
      { path: "p", message: "q" },
    ],
  });
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

key('shows any key over 30 characters, identifier or not, as ["…"]', () => {
  assert.is(pathKey("a", "k".repeat(30)), `a.${"k".repeat(30)}`);
  assert.is(pathKey("a", "k".repeat(31)), 'a["…"]');
  assert.is(pathKey("", "k".repeat(5_000)), '["…"]');
  assert.is(pathKey("a", "-".repeat(31)), 'a["…"]');
});

key.run();

const object = suite("isObject()");

object("answers true for a plain object, whatever its prototype", () => {
  for (const value of [{}, { a: 1 }, Object.create(null), JSON.parse('{"__proto__":1}'), new Date(0)]) assert.ok(isObject(value));
});

object("answers false for null, arrays, bytes and every other JSON type", () => {
  for (const value of [null, undefined, [], [1], new Uint8Array(1), Buffer.from("a"), "{}", 1, true]) assert.not.ok(isObject(value), String(value));
});

object.run();

const decoding = suite("decodeError()");

decoding("writes 'cannot decode <what>: <path>: <reason>' from the first issue, and keeps them all", () => {
  const issues = [
    { path: "a[0].b", message: "required" },
    { path: "c", message: "bad" },
  ] as const;
  const cause = new Error("inner");
  const e = decodeError("INVALID_EVENT", "rbm.events.v1.UserEvent from JSON", issues, cause);
  assert.equal([e.code, e.message, e.issues, e.cause], ["INVALID_EVENT", "cannot decode rbm.events.v1.UserEvent from JSON: a[0].b: required", issues, cause]);
});

decoding("leaves the path part out at the top level, and sets no cause unless given", () => {
  const e = decodeError("INVALID_JSON", "JSON", [{ path: "", message: "unexpected end of input" }]);
  assert.is(e.message, "cannot decode JSON: unexpected end of input");
  assert.not.ok("cause" in e);
});

decoding.run();

const segments = suite("pathSegments()");

segments("splits keys and indexes", () => {
  assert.equal(pathSegments(""), []);
  assert.equal(pathSegments("sendTime"), ["sendTime"]);
  assert.equal(pathSegments("a.b[0].c"), ["a", "b", 0, "c"]);
  assert.equal(pathSegments('labels["x-y"][12]["a.b"]'), ["labels", "x-y", 12, "a.b"]);
  assert.equal(pathSegments('m["say \\"hi\\""]'), ["m", 'say "hi"']);
  assert.equal(pathSegments('m["…"]'), ["m", "…"]);
});

segments("keeps a path it cannot split whole", () => {
  assert.equal(pathSegments(".a"), [".a"]);
  assert.equal(pathSegments("a..b"), ["a..b"]);
  assert.equal(pathSegments("a[x]"), ["a[x]"]);
});

segments("splits every path pathKey() and pathIndex() write (property)", () => {
  const step = fc.oneof(fc.string({ maxLength: 30 }), fc.nat());
  fc.assert(
    fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
      const path = steps.reduce<string>((p, s) => (typeof s === "number" ? pathIndex(p, s) : pathKey(p, s)), "");
      assert.equal(pathSegments(path), steps);
    }),
  );
});

segments.run();
