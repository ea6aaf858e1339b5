import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode, base64DecodeCanonical, base64Encode, base64DecodeShared, base64DecodeOrReason } from "../../../src/encoding/index.js";
import { isRbmEventError, type RbmEventError } from "../../../src/errors.js";

// Kept here because bothWays() hides the global while a test runs.
const NodeBuffer = Buffer;

/** Runs `run` twice: with Node's Buffer, and with it hidden as in Workers and browsers. */
function bothWays(run: (mode: string) => void): void {
  run("with Buffer");
  const saved = globalThis.Buffer;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  try {
    run("without Buffer");
  } finally {
    globalThis.Buffer = saved;
  }
}

/** base64DecodeOrReason() with Node's Buffer hidden: the pure-JS strict decoder. */
function parsePortable(text: string): Uint8Array | string {
  const saved = globalThis.Buffer;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  try {
    return base64DecodeOrReason(text);
  } finally {
    globalThis.Buffer = saved;
  }
}

function bytes(value: string | number[]): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value);
}

function accepts(text: string, expected: string | number[]): void {
  bothWays((mode) => {
    const result = base64Decode(text);
    assert.equal(result, bytes(expected), `${JSON.stringify(text)} ${mode}`);
    // A plain Uint8Array, not a Buffer: slice() copies, as in every other runtime.
    assert.is(Object.getPrototypeOf(result), Uint8Array.prototype);
  });
}

function thrown(run: () => unknown): RbmEventError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(isRbmEventError(caught), "expected an RbmEventError");
  return caught;
}

function rejects(text: string, reason: string, path = ""): void {
  bothWays((mode) => {
    const error = thrown(() => (path === "" ? base64Decode(text) : base64Decode(text, path)));
    assert.is(error.code, "INVALID_BASE64", mode);
    assert.is(error.message, `cannot decode base64: ${reason}`, `${JSON.stringify(text)} ${mode}`);
    assert.equal(error.issues, [{ path, message: reason }]);
  });
}

function unexpected(char: string, index: number, suffix = ""): string {
  return `invalid base64: unexpected character ${char} at index ${index}${suffix}`;
}

function toUrlSafe(text: string): string {
  return text.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const decode = suite("base64Decode()");

decode("decodes the RFC 4648 test vectors, padded and unpadded", () => {
  accepts("", []);
  accepts("Zg==", "f");
  accepts("Zm8=", "fo");
  accepts("Zm9v", "foo");
  accepts("Zm9vYg==", "foob");
  accepts("Zm9vYmE=", "fooba");
  accepts("Zm9vYmFy", "foobar");
  accepts("Zg", "f");
  accepts("Zm8", "fo");
  accepts("Zm9vYmE", "fooba");
});

decode("decodes the standard and the URL-safe alphabet to the same bytes", () => {
  accepts("+/+/", [0xfb, 0xff, 0xbf]);
  accepts("-_-_", [0xfb, 0xff, 0xbf]);
  accepts("_w==", [0xff]);
  accepts("_w", [0xff]);
  accepts("/w", [0xff]);
  accepts("AAECAwQFBgcICQoLDA0ODw", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
});

decode("ignores unused low bits of the last character", () => {
  accepts("Zh==", "f");
  accepts("Zm9=", "fo");
  accepts("_3", [0xff]);
});

decode("rejects a character outside both alphabets, naming its index", () => {
  rejects("Zm9v*mFy", unexpected('"*"', 4));
  rejects("Zm9v.mFy", unexpected('"."', 4));
  rejects("Zm9v,", unexpected('","', 4));
  rejects('"Zm9v"', unexpected('"\\""', 0));
  rejects("Zm\\9v", unexpected('"\\\\"', 2));
});

decode("rejects whitespace anywhere, also at the ends", () => {
  rejects(" Zm9v", unexpected('" "', 0));
  rejects("Zm9v ", unexpected('" "', 4));
  rejects("Zm9v\nYmFy", unexpected('"\\n"', 4));
  rejects("Zm9v\r\n", unexpected('"\\r"', 4));
  rejects("Zm\t9v", unexpected('"\\t"', 2));
  rejects("Zm9v\u0000", unexpected('"\\u0000"', 4));
});

decode("shows non-ASCII and invisible characters as code points", () => {
  rejects("Zm9vé", unexpected("U+00E9", 4));
  rejects("\uFEFFZm9v", unexpected("U+FEFF", 0));
  rejects("Zm\u00A09v", unexpected("U+00A0", 2));
  rejects("Zm9v\u007F", unexpected("U+007F", 4));
  rejects("Zm😀", unexpected("U+1F600", 2));
  rejects("Zm\uD800", unexpected("U+D800", 2));
});

decode("accepts a string that mixes the two alphabets, as the protobuf JSON parsers do", () => {
  accepts("+_", [0xfb]);
  accepts("ab-/", [0x69, 0xbf, 0xbf]);
  accepts("_w+A", [0xff, 0x0f, 0x80]);
});

decode("rejects padding that is misplaced, short or long", () => {
  rejects("=", unexpected('"="', 0));
  rejects("====", unexpected('"="', 0));
  rejects("Zg=", 'invalid base64: expected "=" at index 3');
  rejects("Zg===", unexpected('"="', 4));
  rejects("Zm8==", unexpected('"="', 4));
  rejects("Zm9v=", unexpected('"="', 4));
  rejects("Zm9v====", unexpected('"="', 4));
  rejects("Zg==Zg==", unexpected('"Z"', 4, " after padding"));
  rejects("Zm=9", unexpected('"9"', 3, " after padding"));
  rejects("Zg= ", unexpected('" "', 3, " after padding"));
});

decode("rejects a length of 4n + 1 data characters", () => {
  rejects("Z", 'invalid base64: lone final character "Z" at index 0');
  rejects("Zm9vY", 'invalid base64: lone final character "Y" at index 4');
  rejects("Zm9vY=", 'invalid base64: lone final character "Y" at index 4');
  rejects("Zm9vY===", 'invalid base64: lone final character "Y" at index 4');
});

decode("names the path in the issue only", () => {
  rejects("Zm9v*", unexpected('"*"', 4), "message.data");
});

decode("rejects what Node's Buffer.from silently skips", () => {
  // Buffer.from drops the "*", the spaces and the "." and decodes the rest without complaint.
  assert.is(Buffer.from("aGVs*bG8", "base64").toString(), "hello");
  assert.is(Buffer.from("aG Vs bG8", "base64").toString(), "hello");
  assert.is(Buffer.from("aGVsbG8=.", "base64").toString(), "hello");
  rejects("aGVs*bG8", unexpected('"*"', 4));
  rejects("aG Vs bG8", unexpected('" "', 2));
  rejects("aGVsbG8=.", unexpected('"."', 8, " after padding"));
});

decode("decodes whatever base64Encode encodes, also URL-safe and unpadded", () => {
  bothWays(() => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (original) => {
        const text = base64Encode(original);
        assert.equal(base64Decode(text), original);
        assert.equal(base64Decode(toUrlSafe(text)), original);
      }),
      { numRuns: 300 },
    );
  });
});

decode("agrees with Buffer.from on every string it accepts", () => {
  const alphabet = fc.constantFrom(..."AZaz09+/-_=*. \n".split(""));
  bothWays(() => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: alphabet, maxLength: 24 }), fc.string()), (text) => {
        const result = base64DecodeOrReason(text);
        if (typeof result === "string") {
          assert.match(result, /^invalid base64: .* at index \d+/);
        } else {
          assert.equal(result, new Uint8Array(NodeBuffer.from(text, "base64")), JSON.stringify(text));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

decode("rejects a wide character whose low byte is in the alphabet, which Buffer.from reads as that byte", () => {
  // U+0141 and U+0144 end in the bytes of "A" and "D"; U+013D ends in the byte of "=".
  assert.is(Buffer.from("QUJ\u0144", "base64").toString(), "ABC");
  rejects("QUJ\u0144", unexpected("U+0144", 3));
  rejects("\u0141\u0141\u0141\u0141", unexpected("U+0141", 0));
  rejects("Zg\u013D=", unexpected("U+013D", 2));
});

decode("decides as the portable decoder does, for any mix of good and bad characters (property)", () => {
  const alphabet = fc.constantFrom(..."AZaz09+/-_=*é\u0141\u0144\u013D \n\t".split(""));
  const texts = fc.oneof(fc.string({ unit: alphabet, maxLength: 24 }), fc.string({ unit: alphabet, minLength: 60, maxLength: 120 }));
  fc.assert(
    fc.property(texts, (text) => {
      assert.equal(base64DecodeOrReason(text), parsePortable(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

decode("decides as the portable decoder does for any valid base64 with one character changed (property)", () => {
  const bad = fc.constantFrom("=", "*", " ", "\n", "é", "\u0141", "\u013D", "-", "_", "A");
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.boolean(), fc.nat(), bad, (data, padded, at, char) => {
      const encoded = base64Encode(data);
      const valid = padded ? encoded : encoded.replace(/=+$/, "");
      const index = at % (valid.length + 1);
      const text = valid.slice(0, index) + char + valid.slice(index + 1);
      assert.equal(base64DecodeOrReason(text), parsePortable(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

decode("reports the index of an inserted bad character", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 60 }), fc.nat(), fc.constantFrom("*", " ", "\n", "."), (data, at, bad) => {
      const text = base64Encode(data);
      const index = at % (text.length + 1);
      const result = base64DecodeOrReason(text.slice(0, index) + bad + text.slice(index));
      assert.type(result, "string");
      assert.match(result as string, ` at index ${index}`);
    }),
    { numRuns: 300 },
  );
});

decode.run();

const parse = suite("base64DecodeOrReason()");

parse("returns the bytes, or the reason instead of throwing", () => {
  assert.equal(base64DecodeOrReason("Zm9v"), bytes("foo"));
  assert.is(base64DecodeOrReason("Zm9v!"), unexpected('"!"', 4));
  assert.is(base64DecodeOrReason("Z"), 'invalid base64: lone final character "Z" at index 0');
});

parse("decodes only text[start, end), with indexes into the whole text", () => {
  bothWays((mode) => {
    assert.equal(base64DecodeOrReason("  Zm9v\n", 2, 6), bytes("foo"), mode);
    assert.equal(base64DecodeOrReason("xZm8=x", 1, 5), bytes("fo"), mode);
    assert.equal(base64DecodeOrReason("  ", 1, 1), bytes([]), mode);
    assert.is(base64DecodeOrReason("  Zm*v\n", 2, 6), unexpected('"*"', 4), mode);
    assert.is(base64DecodeOrReason("  Zg=\n", 2, 5), 'invalid base64: expected "=" at index 5', mode);
  });
});

parse("returns a plain Uint8Array, never a Buffer", () => {
  for (const text of ["", "Zm9v", "Zg", "-_8"]) {
    const bytes = base64DecodeOrReason(text);
    assert.is(Object.getPrototypeOf(bytes), Uint8Array.prototype, text);
  }
});

parse.run();

const decodeRaw = suite("base64DecodeShared()");

decodeRaw("gives the bytes base64DecodeOrReason gives, as Node's Buffer itself when it decoded them", () => {
  const decoded = base64DecodeShared("Zm9vYmFy");
  assert.instance(decoded, NodeBuffer);
  assert.equal(new Uint8Array(decoded as Uint8Array), bytes("foobar"));
  assert.equal(base64DecodeShared("  Zm9v\n", 2, 6), NodeBuffer.from("foo"));
  assert.is(base64DecodeShared("Zm9v!"), unexpected('"!"', 4));
});

decodeRaw("gives a plain Uint8Array without Buffer, and for the empty string", () => {
  assert.is(Object.getPrototypeOf(base64DecodeShared("")), Uint8Array.prototype);
  bothWays((mode) => {
    if (mode === "without Buffer") assert.is(Object.getPrototypeOf(base64DecodeShared("Zm9v")), Uint8Array.prototype);
  });
});

decodeRaw.run();

const canonical = suite("base64DecodeCanonical()");

canonical("decodes exactly what base64Encode writes, with or without Buffer", () => {
  bothWays((mode) => {
    const same = (text: string, expected: number[] | undefined) => {
      const decoded = base64DecodeCanonical(text);
      assert.equal(decoded === undefined ? undefined : Array.from(decoded), expected, `${mode}: ${JSON.stringify(text)}`);
    };
    same("", []);
    same("Zm9vYmFy", Array.from(bytes("foobar")));
    same("Zg==", [102]);
    same("+/+/", [251, 255, 191]);
    same("Zg", undefined); // padding missing
    same("Zh==", undefined); // unused bits set
    same("-_-_", undefined); // URL-safe alphabet
    same("Zm9v\n", undefined);
    same(" Zm9v", undefined);
    same("Zg===", undefined);
    same("Zm9v!", undefined);
    same("Zm\u0139v", undefined); // a wide character whose low byte is "9"
  });
});

canonical("agrees with encoding any bytes back, for any text (property)", () => {
  const texts = fc.oneof(
    fc.uint8Array({ maxLength: 70 }).map((b) => NodeBuffer.from(b).toString("base64")),
    fc.string({ unit: fc.constantFrom(..."AQgwZz09+/-_= \n"), maxLength: 12 }),
  );
  bothWays((mode) => {
    fc.assert(
      fc.property(texts, (text) => {
        const decoded = base64DecodeCanonical(text);
        const reference =
          /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) && NodeBuffer.from(text, "base64").toString("base64") === text;
        assert.is(decoded !== undefined, reference, `${mode}: ${text}`);
        if (decoded !== undefined) assert.equal(Array.from(decoded), Array.from(NodeBuffer.from(text, "base64")));
      }),
      { numRuns: 500 },
    );
  });
});

canonical.run();

const encode = suite("base64Encode()");

encode("encodes the RFC 4648 test vectors with padding", () => {
  bothWays((mode) => {
    for (const [text, expected] of [
      ["", ""],
      ["f", "Zg=="],
      ["fo", "Zm8="],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg=="],
      ["fooba", "Zm9vYmE="],
      ["foobar", "Zm9vYmFy"],
    ] as const) {
      assert.is(base64Encode(bytes(text)), expected, `${text} ${mode}`);
    }
  });
});

encode("uses the standard alphabet for every byte value", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  const expected = Buffer.from(all).toString("base64");
  assert.match(expected, "+");
  assert.match(expected, "/");
  bothWays((mode) => assert.is(base64Encode(all), expected, mode));
});

encode("encodes only the bytes a subarray views", () => {
  const whole = bytes("xxfooxx");
  bothWays((mode) => assert.is(base64Encode(whole.subarray(2, 5)), "Zm9v", mode));
});

encode("matches Buffer for any bytes", () => {
  bothWays(() => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        assert.is(base64Encode(data), NodeBuffer.from(data).toString("base64"));
      }),
      { numRuns: 300 },
    );
  });
});

encode.run();
