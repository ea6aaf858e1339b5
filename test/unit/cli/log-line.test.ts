import { Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { escapeLogText } from "../../../src/cli/io.js";
import { createLog } from "../../../src/cli/log-line.js";

const escape = suite("escapeLogText()");

const same = (text: string, expected: string) => assert.is(escapeLogText(text), expected, JSON.stringify(text));

escape("escapes C0 and C1 controls, U+2028 and U+2029", () => {
  same("a\nb\rc\td\u001be", "a\\u000ab\\u000dc\\u0009d\\u001be");
  same("\u0085\u009b\u007f", "\\u0085\\u009b\\u007f");
  same("x\u2028y\u2029z", "x\\u2028y\\u2029z");
});

escape("leaves other text alone", () => {
  same('401 POST /hook "é" ✓ \u00a0', '401 POST /hook "é" ✓ \u00a0');
  same("", "");
});

escape.run();

const log = suite("createLog()");

log("drops lines while the stream cannot take them, says how many, and never throws", () => {
  const written: string[] = [];
  let full = true;
  const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) });
  stream.write = ((chunk: string) => {
    if (full) throw Object.assign(new Error("full"), { code: "ENOSPC" });
    written.push(chunk);
    return true;
  }) as Writable["write"];
  const line = createLog(stream, "rbm-events serve");
  line("one");
  line("two");
  full = false;
  line("three\u2028");
  assert.equal(written, ["rbm-events serve: 2 log lines dropped while standard error could not take them\nthree\\u2028\n"]);
});

log.run();
