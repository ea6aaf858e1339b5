import fc from "fast-check";
import { PassThrough, Readable, Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LineWriter, readLines } from "../../../src/cli/ndjson.js";

const text = (lines: Uint8Array[]) => lines.map((l) => Buffer.from(l).toString("latin1"));

async function collect(chunks: (string | Uint8Array)[]): Promise<string[]> {
  const out: Uint8Array[] = [];
  for await (const line of readLines(Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "latin1") : c))))) {
    out.push(Uint8Array.from(line));
  }
  return text(out);
}

const lines = suite("readLines()");

lines("splits on \\n only, keeping \\r in its line", async () => {
  assert.equal(await collect(["a\r\nb\rc\n"]), ["a\r", "b\rc"]);
});

lines("yields a last line without a final newline, and nothing for empty input", async () => {
  assert.equal(await collect(["a\nb"]), ["a", "b"]);
  assert.equal(await collect([]), []);
  assert.equal(await collect([""]), []);
});

lines("keeps empty lines in the middle", async () => {
  assert.equal(await collect(["a\n\n\nb\n"]), ["a", "", "", "b"]);
});

lines("joins lines that span chunks", async () => {
  assert.equal(await collect(["ab", "c", "d\ne", "f\n", "g"]), ["abcd", "ef", "g"]);
});

lines("splits the same way for any chunking", async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: fc.constantFrom("a", "b", "\n", "\r") }), fc.array(fc.nat(20)), async (input, cuts) => {
      const chunks: string[] = [];
      let rest = input;
      for (const cut of cuts) {
        chunks.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      chunks.push(rest);
      const expected = input === "" ? [] : input.split("\n");
      if (input.endsWith("\n")) expected.pop();
      assert.equal(await collect(chunks), expected);
    }),
    { numRuns: 300 },
  );
});

lines.run();

const writer = suite("LineWriter.write()");

writer("writes one JSON value a line", async () => {
  let out = "";
  const w = new LineWriter(new Writable({ write(c, _e, cb) { out += String(c); cb(); } }));
  await w.write({ ok: true });
  await w.write([1, "x"]);
  assert.is(out, '{"ok":true}\n[1,"x"]\n');
});

writer("waits for a full stream to drain", async () => {
  const stream = new PassThrough({ highWaterMark: 4 });
  const w = new LineWriter(stream);
  let resolved = false;
  const pending = w.write({ long: "xxxxxxxxxx" }).then(() => (resolved = true));
  await new Promise((r) => setImmediate(r));
  assert.is(resolved, false);
  stream.read();
  await pending;
  assert.is(resolved, true);
});

writer.run();
