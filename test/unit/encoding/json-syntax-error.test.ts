// Where refused JSON goes wrong: describeSyntaxError() agrees with JSON.parse on what is JSON, and
// names a line and column without quoting the input.
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { describeSyntaxError } from "../../../src/encoding/index.js";

const test = suite("describeSyntaxError()");

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test("finds no error in JSON, and one in anything JSON.parse refuses (property)", () => {
  const near = fc.oneof(
    fc.json(),
    fc
      .json()
      .chain((json) =>
        fc
          .tuple(fc.nat(json.length), fc.constantFrom("", ",", "}", "]", ":", '"', "\\", "x", "\n", "-", "0", "{", "["))
          .map(([at, insert]) => json.slice(0, at) + insert + json.slice(at + (insert === "" ? 1 : 0))),
      ),
    fc.string({ unit: fc.constantFrom(...'{}[],:"\\ 0-1.eE+tnulfrsa\n') }),
  );
  fc.assert(
    fc.property(near, (text) => assert.is(describeSyntaxError(text) === undefined, parses(text), text)),
    { numRuns: 3_000 },
  );
});

test("names the reason, the line and the column", () => {
  assert.is(describeSyntaxError('{"a": }'), 'unexpected character "}" at line 1 column 7');
  assert.is(describeSyntaxError('{\n  "a": 1,\n}'), "expected a property name in double quotes at line 3 column 1");
  assert.is(describeSyntaxError('{"a" 1}'), "expected ':' after a property name at line 1 column 6");
  assert.is(describeSyntaxError("[1 2]"), "expected ',' or ']' after an array item at line 1 column 4");
  assert.is(describeSyntaxError('{"a":1}}'), 'unexpected character "}" after the JSON value at line 1 column 8');
  assert.is(describeSyntaxError('"x'), "unterminated string at line 1 column 3");
  assert.is(describeSyntaxError(""), "unexpected end of input at line 1 column 1");
});

test("never quotes the input beyond one character, and walks any depth without recursion", () => {
  const secret = `{"token":"${"s".repeat(100)}" "x"}`;
  assert.not.match(describeSyntaxError(secret) ?? "", "sss");
  assert.is(describeSyntaxError("[".repeat(1_000_000)), "unexpected end of input at line 1 column 1000001");
});

test.run();
