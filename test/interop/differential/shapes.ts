// Document shapes the generator draws from, as JSON text (or bytes): unknown members, duplicate
// keys, top-level values that are not objects, broken JSON and broken UTF-8.

import type { Rng } from "./rng.js";
import { quote, randomString } from "./tricky.js";

/** A random JSON value, nested up to `depth` levels, with numbers JSON.parse and Python read differently. */
export function randomJson(rng: Rng, depth = 3): string {
  const roll = rng.int(0, depth > 0 ? 9 : 6);
  switch (roll) {
    case 0:
      return rng.pick(["null", "true", "false"]);
    case 1:
      return String(rng.int(-1000, 1000));
    case 2:
      return rng.pick(["-0", "1.5", "1e400", "-1e400", "1E+2", "123456789012345678901234567890", "0.1e-7", "5e-324"]);
    case 3:
    case 4:
    case 5:
    case 6:
      return randomString(rng);
    case 7:
    case 8: {
      const keys = new Set<string>();
      for (let n = rng.int(0, 3); n > 0; n--) keys.add(randomString(rng));
      return `{${[...keys].map((k) => `${k}:${randomJson(rng, depth - 1)}`).join(",")}}`;
    }
    default:
      return `[${Array.from({ length: rng.int(0, 3) }, () => randomJson(rng, depth - 1)).join(",")}]`;
  }
}

/** A key the schema does not have: a random string, or one of a few well-known property names. */
export function randomKey(rng: Rng): string {
  return rng.next() < 0.3 ? quote(rng.pick(["text", "__proto__", "constructor", "toString", "userFile", "location"])) : randomString(rng);
}

/** Members (key and value text) of fields the schema does not have. */
export function unknownMembers(rng: Rng): Array<readonly [string, string]> {
  const keys = [
    "text",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "prototype",
    "userFile",
    "location",
    "suggestionResponse",
    "",
    " ",
    "ключ",
    "😀",
    "a.b",
    "@type",
  ].map((k) => quote(k));
  const members: Array<readonly [string, string]> = keys.map((k) => [k, randomJson(rng)] as const);
  members.push(
    ['"\\ud800"', "1"],
    ['"x\\udc00"', '"y"'],
    ['"text"', '"\\ud800"'],
    ['"text"', '["a",{"b":"\\udfff"}]'],
    ['"text"', '{"a":1,"a":2}'],
    ['"text"', "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"],
    ['"text"', "NaN"],
    ['"text"', "Infinity"],
    ['"text"', "-Infinity"],
    ['"text"', '{"a":NaN}'],
    [randomString(rng), randomJson(rng)],
    [randomString(rng), randomJson(rng)],
  );
  return members;
}

/** One or two members that repeat a key (directly, through an escape, or inside an unknown object). */
export function duplicateMembers(rng: Rng, jsonNames: readonly string[]): Array<readonly [string, string]> {
  const name = rng.pick(jsonNames);
  const escaped = `"\\u${name.charCodeAt(0).toString(16).padStart(4, "0")}${name.slice(1)}"`;
  return rng.pick<Array<readonly [string, string]>>([
    [
      [quote(name), "null"],
      [quote(name), "null"],
    ],
    [
      [quote(name), "null"],
      [escaped, "null"],
    ],
    [
      ['"text"', "1"],
      ['"text"', "1"],
    ],
    [
      ['"__proto__"', "{}"],
      ['"__proto__"', "{}"],
    ],
    [['"text"', '{"a":1,"b":{"c":1,"c":1}}']],
    [['"text"', '[{"a":1},{"a":1,"\\u0061":2}]']],
  ]);
}

/** Top-level JSON values that are not a message object, and a few that are. */
export function topLevels(jsonNames: readonly string[]): string[] {
  const name = quote(jsonNames[0] as string);
  return [
    "[]",
    "[{}]",
    `[${name}]`,
    '["a","b"]',
    "[1,2]",
    "[[]]",
    "[null]",
    '""',
    '"x"',
    '"abc"',
    name,
    '"\\ud800"',
    "0",
    "-1.5",
    "1e400",
    "true",
    "false",
    "null",
    "{}",
    " {} ",
    "\t{}\r",
    `[{${name}:null}]`,
    '{"":{}}',
    '{"x":[]}',
  ];
}

/** Broken JSON, mostly made from a valid document: cut short, junk after, bad tokens, bad escapes. */
export function invalidJson(valid: string): string[] {
  return [
    valid.slice(0, Math.floor(valid.length / 2)),
    valid.slice(0, -1),
    `${valid}x`,
    `${valid}}`,
    `${valid}{}`,
    `${valid},`,
    `\ufeff${valid}`,
    `\u00a0${valid}`,
    `${valid}\u0000`,
    "",
    " ",
    "\t\r",
    "{",
    "}",
    "[",
    "{}}",
    "{{}}",
    "{,}",
    '{"a":1,}',
    "{'a':1}",
    "{a:1}",
    '{"a":1 /* c */}',
    '{"a":1} // c',
    '{"a" 1}',
    '{"a":}',
    '{"a"::1}',
    '{"a":1,,"b":2}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":-}',
    '{"a":+1}',
    '{"a":tru}',
    '{"a":True}',
    '{"a":undefined}',
    '{"a":0x10}',
    '{"a":"\u0001"}',
    '{"a":"\t"}',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '{"a":"\\u12G4"}',
    '{"a":"\\U0041"}',
    '{"a":"\\\'"}',
    '{"a":"unterminated}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":-Infinity}',
    '{"a":nan}',
    "01",
    "+1",
  ];
}

/** Documents that are not UTF-8: stray, truncated, overlong and surrogate (CESU-8) sequences. */
export function invalidUtf8(stringField: string): Uint8Array[] {
  const before = new TextEncoder().encode(`{${quote(stringField)}:"`);
  const after = new TextEncoder().encode('"}');
  const bad = [
    [0xff],
    [0x80],
    [0xc3, 0x28],
    [0xed, 0xa0, 0x80],
    [0xed, 0xbf, 0xbf],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xe2, 0x82],
    [0xf5, 0x80, 0x80, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x98],
  ];
  return bad.map((bytes) => Uint8Array.from([...before, ...bytes, ...after]));
}
