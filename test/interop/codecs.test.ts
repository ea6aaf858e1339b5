// The codecs exported under the message names read every document of the differential corpus
// exactly as validate() reads its text: the same message, or the same issues. The differential
// test compares validate() with Python's json_format; this one carries that to the codecs.
import { isDeepStrictEqual } from "node:util";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as api from "../../src/index.js";
import type { BinaryMessageCodec } from "../../src/codec/index.js";
import { parseJson } from "../../src/encoding/index.js";
import type { FullMessageName } from "../../src/schema/index.js";
import { generateDocuments } from "./differential/documents.js";

const test = suite("exported codecs on the differential corpus");
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function codecOf(message: FullMessageName): BinaryMessageCodec<FullMessageName> {
  return (api as Record<string, unknown>)[message.slice(message.lastIndexOf(".") + 1)] as BinaryMessageCodec<FullMessageName>;
}

/** The document as JSON text and as the value JSON.parse gives, if it is both. */
function parsed(bytes: Uint8Array): { text: string; value: unknown } | undefined {
  try {
    const text = decoder.decode(bytes);
    return { text, value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Whether the text is JSON a parsed value can stand for: no repeated key, no lone surrogate. */
function strictJson(text: string): boolean {
  try {
    parseJson(text);
    return true;
  } catch {
    return false;
  }
}

for (const message of api.messageTypeNames()) {
  test(`${message}: fromJSON() agrees with validate() on every JSON document`, () => {
    const codec = codecOf(message);
    const counts = { agree: 0, notJson: 0, notStrict: 0 };
    const disagreements: string[] = [];
    for (const doc of generateDocuments(message, { count: 4000 })) {
      const document = parsed(doc.bytes);
      if (document === undefined) {
        counts.notJson++;
        continue;
      }
      const expected = api.validate(message, document.text);
      // A repeated key or a lone surrogate is lost, or turned into U+FFFD, by JSON.parse: only
      // the text shows it, so validate() rejects a document that fromJSON() never sees whole.
      if (!strictJson(document.text)) {
        assert.ok(expected.issues, `validate() accepts ${document.text}`);
        counts.notStrict++;
        continue;
      }
      let actual: unknown;
      try {
        actual = { value: codec.fromJSON(document.value) };
      } catch (error) {
        if (!api.isRbmEventError(error)) throw error;
        actual = { issues: error.issues };
      }
      if (isDeepStrictEqual(actual, expected)) counts.agree++;
      else if (disagreements.length < 8) disagreements.push(`${document.text}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
      if (expected.value !== undefined) {
        assert.equal(codec.toJSON(expected.value), api.toJson(message, expected.value), document.text);
        assert.equal(codec.encode(expected.value), api.toBinary(message, expected.value), document.text);
      }
    }
    console.log(`  ${message}: agree ${counts.agree}, not JSON ${counts.notJson}, not strict JSON ${counts.notStrict}`);
    assert.equal(disagreements, []);
    assert.ok(counts.agree > 2500, `only ${counts.agree} documents compared`);
  });
}

test.run();
