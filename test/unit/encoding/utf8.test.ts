import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { isRbmEventError } from "../../../src/errors.js";
import { utf8Decode } from "../../../src/encoding/index.js";

function accepts(bytes: number[], expected: string): void {
  assert.is(utf8Decode(new Uint8Array(bytes)), expected, JSON.stringify(bytes));
}

function rejects(bytes: number[] | Uint8Array, path = ""): void {
  try {
    utf8Decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), path);
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, "INVALID_UTF8");
    assert.is(error.message, `cannot decode ${path || "input"}: invalid UTF-8`);
    assert.equal(error.issues, [{ path, message: "invalid UTF-8" }]);
    return;
  }
  assert.unreachable(`expected ${JSON.stringify([...bytes])} to be rejected`);
}

const decode = suite("utf8Decode()");

decode("decodes ASCII, multi-byte characters and the empty input", () => {
  accepts([], "");
  accepts([0x7b, 0x7d], "{}");
  accepts([0xc3, 0xa9], "é");
  accepts([0xe2, 0x82, 0xac], "€");
  accepts([0xf0, 0x9f, 0x98, 0x80], "😀");
  accepts([0xf4, 0x8f, 0xbf, 0xbf], "\u{10ffff}");
});

decode("keeps a U+FFFD the bytes spell out, and a byte order mark", () => {
  accepts([0xef, 0xbf, 0xbd], "\ufffd");
  accepts([0x61, 0xef, 0xbf, 0xbd, 0x62], "a\ufffdb");
  accepts([0xef, 0xbb, 0xbf, 0x41], "\ufeffA");
});

decode("rejects malformed sequences instead of replacing them", () => {
  rejects([0xff]);
  rejects([0x7b, 0xff, 0x7d]);
  rejects([0xc3]); // truncated
  rejects([0xc0, 0xaf]); // overlong "/"
  rejects([0xed, 0xa0, 0x80]); // an encoded surrogate
  rejects([0xf4, 0x90, 0x80, 0x80]); // above U+10FFFF
  rejects([0xef, 0xbf, 0xbd, 0xff]); // a real U+FFFD does not excuse a bad byte
});

decode("names the path in the message and the issue, keeping the decoder's error as cause", () => {
  rejects([0x80], "data");
  try {
    utf8Decode(new Uint8Array([0x80]));
  } catch (error) {
    assert.instance((error as Error).cause, TypeError);
  }
});

decode("decodes only the bytes a subarray views", () => {
  const whole = new Uint8Array([0xff, 0x61, 0x62, 0xff]);
  assert.is(utf8Decode(whole.subarray(1, 3)), "ab");
});

decode("decodes and rejects large input", () => {
  const big = new Uint8Array(5_000_000).fill(0x61);
  assert.is(utf8Decode(big).length, 5_000_000);
  big[4_999_999] = 0xc3;
  rejects(big);
});

decode("reads views into Node's shared Buffer pool like any other bytes", () => {
  // Buffer.from(text, "base64") hands out small results from one shared, reused ArrayBuffer.
  for (let i = 0; i < 2000; i++) {
    const pooled = Buffer.from(i % 2 === 0 ? "gA==" : "YQ==", "base64"); // [0x80] or "a"
    if (i % 2 === 0) rejects(new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.length));
    else assert.is(utf8Decode(pooled), "a");
  }
});

decode("agrees with Node's isUtf8 and Buffer#toString on any bytes (property)", () => {
  const near = fc.constantFrom(0x61, 0x80, 0xbd, 0xbf, 0xc3, 0xed, 0xef, 0xf0, 0xf4, 0xff);
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    fc.array(near, { maxLength: 12 }).map((b) => new Uint8Array(b)),
  );
  fc.assert(
    fc.property(bytes, (input) => {
      if (isUtf8(input)) assert.is(utf8Decode(input), Buffer.from(input).toString("utf8"));
      else rejects(input);
    }),
    { numRuns: 2000 },
  );
});

decode.run();
