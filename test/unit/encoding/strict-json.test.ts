import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { isRbmEventError, type RbmEventError } from "../../../src/errors.js";
import { checkStrictJson, isWellFormed, parseJson, parseJsonSyntax } from "../../../src/encoding/index.js";

/** Asserts that parseJson(text, path) fails with exactly one issue. */
function rejects(text: string, path: string, message: string, base?: string): RbmEventError {
  try {
    parseJson(text, base);
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, "INVALID_JSON");
    assert.equal(error.issues, [{ path, message }]);
    assert.is(error.message, `cannot decode JSON: ${path === "" ? "" : `${path}: `}${message}`);
    return error;
  }
  assert.unreachable(`expected ${JSON.stringify(text.slice(0, 40))} to be rejected`);
  throw new Error("unreachable");
}

function same(text: string) {
  assert.equal(parseJson(text), JSON.parse(text), text);
}

const parse = suite("parseJson()");

parse("parses what JSON.parse parses, to the same value", () => {
  same("{}");
  same("[]");
  same('""');
  same("0");
  same("-1.5e-3");
  same("null");
  same("true");
  same(' { "a" : [ 1 , { "b" : "c" } , [ ] ] , "d" : { } } ');
  same('{"a":"x\\"y","b":"\\\\","c":"\\u00e9\\n"}');
  same('{"emoji":"\\ud83d\\ude00","raw":"😀"}');
  same('[{"a":1},{"a":2},{"b":{"a":3}}]');
});

parse("accepts the same key in sibling and nested objects", () => {
  same('{"a":{"a":{"a":1}},"b":{"a":2}}');
  same('[{"k":1},{"k":2}]');
  same('{"a":[{"a":1},{"a":2}],"b":[{"a":3}]}');
});

parse("rejects a duplicate key, with the path of the second one", () => {
  rejects('{"sendTime":"x","sendTime":"y"}', "sendTime", 'duplicate key "sendTime"');
  rejects('{"a":{"b":[0,{"c":1,"c":2}]}}', "a.b[1].c", 'duplicate key "c"');
  rejects('[1,[2,{"x":{},"y":{},"x":3}]]', "[1][1].x", 'duplicate key "x"');
  rejects('{"a":{"z":1},"b":{"c":{"d":1},"e":1,"e":2}}', "b.e", 'duplicate key "e"');
  rejects('{"a":1,"b":{},"a":2}', "a", 'duplicate key "a"');
});

parse("rejects a duplicate key written with escapes, compared decoded", () => {
  rejects('{"ab":1,"a\\u0062":2}', "ab", 'duplicate key "ab"');
  rejects('{"a\\u0062":1,"ab":2}', "ab", 'duplicate key "ab"');
  rejects('{"q\\"":1,"q\\u0022":2}', '["q\\""]', 'duplicate key "q\\""');
  rejects('{"a":"\\"","a":1}', "a", 'duplicate key "a"');
});

parse("rejects a duplicate key in a large object", () => {
  const keys = Array.from({ length: 1000 }, (_, i) => `"k${i}":${i}`);
  same(`{${keys.join(",")}}`);
  rejects(`{${keys.join(",")},"k999":0}`, "k999", 'duplicate key "k999"');
  rejects(`{${keys.join(",")},"k\\u0030":0}`, "k0", 'duplicate key "k0"');
  rejects(`{"x":{${keys.join(",")},"k7":0}}`, "x.k7", 'duplicate key "k7"');
});

parse("quotes a path key that is not an identifier, and shortens a long one", () => {
  rejects('{"x y":{"a":1,"a":2}}', '["x y"].a', 'duplicate key "a"');
  rejects('{"":1,"":2}', '[""]', 'duplicate key ""');
  const long = "k-".repeat(20);
  rejects(`{"${long}":1,"${long}":2}`, '["…"]', "duplicate key string");
});

parse("prefixes issue paths with the path it is given", () => {
  rejects('{"a":1,"a":2}', "data.a", 'duplicate key "a"', "data");
  rejects("[", "data", "unexpected end of input at line 1 column 2", "data");
});

parse("rejects a lone surrogate in a string value, raw or escaped", () => {
  rejects('{"x":"\\ud800"}', "x", "invalid string: contains a lone surrogate");
  rejects('{"x":"a\\uDFFFb"}', "x", "invalid string: contains a lone surrogate");
  rejects('{"x":"\\ude00\\ud83d"}', "x", "invalid string: contains a lone surrogate");
  rejects('{"x":["ok","\ud800"]}', "x[1]", "invalid string: contains a lone surrogate");
  rejects('"\\ud800"', "", "invalid string: contains a lone surrogate");
});

parse("rejects a lone surrogate in a key", () => {
  rejects('{"a":{"\\udc00":1}}', 'a["\\udc00"]', "invalid key: contains a lone surrogate");
  rejects('{"\ud800x":1}', '["\\ud800x"]', "invalid key: contains a lone surrogate");
});

parse("reports the first lone surrogate in document order", () => {
  rejects('{"a":{"b":"\\ud800"},"\\udc00":1}', "a.b", "invalid string: contains a lone surrogate");
  rejects('[["\\ud800"],"\\udc00"]', "[0][0]", "invalid string: contains a lone surrogate");
});

parse("accepts surrogate pairs, however they are written", () => {
  same('"\\ud83d\\ude00"');
  same('"\\uD83D\\uDE00"');
  assert.is(parseJson('"\\ud83d\ude00"'), "😀");
  assert.is(parseJson('"\ud83d\\ude00"'), "😀");
  same('{"\\ud83d\\ude00":"\\u00e9\\ud7ff\\ue000"}');
});

parse("reports a syntax error as INVALID_JSON with the SyntaxError as cause", () => {
  const error = rejects("", "", "unexpected end of input at line 1 column 1");
  assert.instance(error.cause, SyntaxError);
  rejects('{"a":', "", "unexpected end of input at line 1 column 6");
});

parse("never echoes the input in a syntax error", () => {
  const secret = "client-token-5b1c0e6f-secret";
  for (const text of [`{"token":"${secret}" x}`, `${secret}`, `{"token":"${secret}",}`, `["${secret}"`]) {
    try {
      parseJson(text);
      assert.unreachable(text);
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.ok(error.message.startsWith("cannot decode JSON: "), error.message);
      assert.not.match(error.message, "client-token");
      assert.not.match(error.issues[0]?.message ?? "", "client-token");
      assert.is(error.issues[0]?.path, "");
    }
  }
});

parse("turns a __proto__ key into an own property, never a prototype", () => {
  const value = parseJson('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
  assert.ok(Object.hasOwn(value, "__proto__"));
  assert.is(Object.getPrototypeOf(value), Object.prototype);
  assert.is((value as { polluted?: unknown }).polluted, undefined);
  assert.is(({} as { polluted?: unknown }).polluted, undefined);
});

parse("rejects a duplicate __proto__ key", () => {
  rejects('{"__proto__":1,"__proto__":2}', "__proto__", 'duplicate key "__proto__"');
  rejects('{"__proto__":1,"__pro\\u0074o__":{}}', "__proto__", 'duplicate key "__proto__"');
});

parse("parses nesting 100 levels below the top, and names the depth of deeper nesting", () => {
  assert.ok(Array.isArray(parseJson("[".repeat(101) + "]".repeat(101))));
  const tooDeep = (text: string, path: string) => {
    try {
      parseJson(text);
      assert.unreachable();
    } catch (error) {
      assert.ok(isRbmEventError(error));
      assert.is(error.code, "INVALID_JSON");
      const [issue] = error.issues;
      assert.is(issue?.message, "too deeply nested: more than 100 levels");
      // a long path is cut in the middle
      const [head, tail = ""] = issue!.path.split("…") as [string, string?];
      assert.ok(path.startsWith(head) && path.endsWith(tail) && issue!.path.length <= 120, issue!.path);
    }
  };
  tooDeep("[".repeat(102) + "]".repeat(102), "[0]".repeat(101));
  tooDeep('{"a":'.repeat(102) + "1" + "}".repeat(102), "a".repeat(101).split("").join("."));
  tooDeep('[1,{"k":[' + "[".repeat(100) + "]".repeat(100) + "]}]", `[1].k[0]${"[0]".repeat(98)}`);
});

parse("throws INVALID_ARGUMENT for a value that is not a string", () => {
  assert.throws(
    () => parseJson(undefined as unknown as string),
    (e: unknown) => isRbmEventError(e) && e.code === "INVALID_ARGUMENT" && e.message === "parseJson(): text: expected a string, received undefined",
  );
  assert.throws(
    () => parseJson(new Uint8Array(2) as unknown as string),
    (e: unknown) => isRbmEventError(e) && e.code === "INVALID_ARGUMENT" && e.message === "parseJson(): text: expected a string, received Uint8Array",
  );
});

parse("agrees with JSON.parse on any JSON text without duplicate keys (property)", () => {
  fc.assert(
    fc.property(fc.json({ depthSize: "medium" }), (text) => {
      assert.equal(parseJson(text), JSON.parse(text));
    }),
  );
});

parse("rejects any object in which a key repeats (property)", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (object, pick, extra) => {
      const keys = Object.keys(object);
      const key = keys[pick % keys.length] as string;
      const text = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(extra)}}`;
      try {
        parseJson(text);
      } catch (error) {
        return isRbmEventError(error) && error.issues[0]?.message.startsWith("duplicate key ") === true;
      }
      return false;
    }),
  );
});

parse.run();

const syntax = suite("parseJsonSyntax()");

syntax("parses as JSON.parse does, repeated keys and lone surrogates included", () => {
  assert.equal(parseJsonSyntax('{"a":1,"a":2}'), { a: 2 });
  assert.is(parseJsonSyntax('"\\ud800"'), "\ud800");
  assert.equal(parseJsonSyntax(' [1, {"b": null}] '), [1, { b: null }]);
});

syntax("reports a syntax error as parseJson does", () => {
  for (const [text, path] of [
    ["", ""],
    ['{"a":', "data"],
    ["[1,]", ""],
    ["{'a':1}", "x"],
  ] as const) {
    let expected: unknown;
    let actual: unknown;
    try {
      parseJson(text, path);
    } catch (error) {
      expected = error;
    }
    try {
      parseJsonSyntax(text, path);
    } catch (error) {
      actual = error;
    }
    assert.ok(isRbmEventError(actual), text);
    assert.is(actual.message, (expected as RbmEventError).message);
    assert.equal(actual.issues, (expected as RbmEventError).issues);
  }
  assert.throws(
    () => parseJsonSyntax(1 as unknown as string),
    (e: unknown) => isRbmEventError(e) && e.code === "INVALID_ARGUMENT" && e.message === "parseJson(): text: expected a string, received number",
  );
});

syntax.run();

const strict = suite("checkStrictJson()");

/** The issue checkStrictJson(text, JSON.parse(text)) throws, or undefined. */
function strictIssue(text: string, path?: string): unknown {
  try {
    checkStrictJson(text, JSON.parse(text), path);
  } catch (error) {
    assert.ok(isRbmEventError(error));
    assert.is(error.code, "INVALID_JSON");
    return error.issues[0];
  }
  return undefined;
}

strict("throws for a repeated key or a lone surrogate, as parseJson does", () => {
  assert.equal(strictIssue('{"a":{"b":1,"b":2}}'), { path: "a.b", message: 'duplicate key "b"' });
  assert.equal(strictIssue('{"a":1,"a\\u0061":2,"a":3}', "data"), { path: "data.a", message: 'duplicate key "a"' });
  assert.equal(strictIssue('["ok","\\udc00"]'), { path: "[1]", message: "invalid string: contains a lone surrogate" });
  assert.equal(strictIssue('{"\ud800":1}'), { path: '["\\ud800"]', message: "invalid key: contains a lone surrogate" });
});

strict("returns for text without either", () => {
  for (const text of ["{}", '{"a":1,"b":{"a":2}}', '"\\ud83d\\ude00"', "[[],{}]", "null"]) {
    assert.is(strictIssue(text), undefined, text);
  }
});

strict("throws exactly for a repeated key, however it is written (property)", () => {
  // An object of keys "a" and "b", and one more key written into its text, maybe with an escape.
  const key = fc.constantFrom("a", "b", "\\u0061", "c");
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom("a", "b"), fc.jsonValue({ maxDepth: 1 })), key, (object, written) => {
      const text = `${JSON.stringify(object).slice(0, -1)}${Object.keys(object).length > 0 ? "," : ""}"${written}":0}`;
      const name = JSON.parse(`"${written}"`) as string;
      const expected = name in object ? { path: name, message: `duplicate key ${JSON.stringify(name)}` } : undefined;
      assert.equal(strictIssue(text), expected, text);
    }),
  );
});

strict.run();

const wellFormed = suite("isWellFormed()");

wellFormed("tells whether a string has no lone surrogates", () => {
  assert.is(isWellFormed(""), true);
  assert.is(isWellFormed("abc é 😀"), true);
  assert.is(isWellFormed("\ud83d\ude00"), true);
  assert.is(isWellFormed("\ud800"), false);
  assert.is(isWellFormed("a\udc00"), false);
  assert.is(isWellFormed("\ude00\ud83d"), false);
});

wellFormed.run();
