import fc from "fast-check";
import { PassThrough, Readable, Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineWriter, forEachLine, isBlank, readBatches, readInput, type Batch } from "../../../src/cli/ndjson.js";

/** The lines read from `chunks` (latin1 text), a line over the cap shown as `<long N>`. */
async function collect(chunks: (string | Uint8Array)[], max?: number): Promise<string[]> {
  const out: string[] = [];
  const input = Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c, "latin1") : c)));
  for await (const batch of readBatches(input, max)) out.push(...linesOf(batch));
  return out;
}

function linesOf(batch: Batch): string[] {
  if (!(batch instanceof Uint8Array)) return [`<long ${batch.longLine}>`];
  assert.is(batch[batch.length - 1], 0x0a, "a batch ends in \\n");
  const lines: string[] = [];
  forEachLine(batch, (line) => lines.push(Buffer.from(line).toString("latin1")));
  return lines;
}

/** `input` cut into chunks of the given lengths, the rest as a last chunk. */
function cutAt(input: string, cuts: number[]): string[] {
  const chunks: string[] = [];
  let rest = input;
  for (const cut of cuts) {
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  chunks.push(rest);
  return chunks;
}

/** The lines of `input` as NDJSON counts them: split on \n, a final \n ending the last line. */
function linesIn(input: string): string[] {
  const lines = input === "" ? [] : input.split("\n");
  if (input.endsWith("\n")) lines.pop();
  return lines;
}

const batches = suite("readBatches()");

batches("splits on \\n only, keeping \\r in its line", async () => {
  assert.equal(await collect(["a\r\nb\rc\n"]), ["a\r", "b\rc"]);
});

batches("yields a last line without a final newline, and nothing for empty input", async () => {
  assert.equal(await collect(["a\nb"]), ["a", "b"]);
  assert.equal(await collect([]), []);
  assert.equal(await collect([""]), []);
  assert.equal(await collect(["a"]), ["a"]);
});

batches("keeps blank lines, and whitespace-only ones, as lines", async () => {
  assert.equal(await collect(["a\n\n \t\nb\n"]), ["a", "", " \t", "b"]);
  assert.equal(await collect(["\n"]), [""]);
  assert.equal(await collect(["\n\n"]), ["", ""]);
});

batches("joins lines that span chunks", async () => {
  assert.equal(await collect(["ab", "c", "d\ne", "f\n", "g"]), ["abcd", "ef", "g"]);
});

batches("drops a byte order mark at the start of the input, even split across chunks", async () => {
  assert.equal(await collect(["\xef\xbb\xbfa\nb\n"]), ["a", "b"]);
  assert.equal(await collect(["\xef", "\xbb", "\xbfa\n"]), ["a"]);
  assert.equal(await collect(["\xef\xbb\xbf"]), []);
  assert.equal(await collect(["\xef\xbb\xbf\n"]), [""]);
});

batches("keeps a byte order mark anywhere else", async () => {
  assert.equal(await collect(["a\n\xef\xbb\xbfb\n"]), ["a", "\xef\xbb\xbfb"]);
  assert.equal(await collect(["\xef\xbb\xbf\xef\xbb\xbfa"]), ["\xef\xbb\xbfa"]);
});

batches("reports a line over the cap by its length, and reads on", async () => {
  assert.equal(await collect(["12345\nab\n"], 4), ["12345", "ab"], "a line inside one chunk is left to the caller");
  assert.equal(await collect(["ab\n123", "45", "67\ncd"], 4), ["ab", "<long 7>", "cd"]);
  assert.equal(await collect(["123", "45678", "9"], 4), ["<long 9>"]);
  assert.equal(await collect(["1234", "\nab"], 4), ["1234", "ab"], "a line of exactly the cap is kept");
});

batches("holds no more than the cap of a long line, whatever its length", async () => {
  const chunk = new Uint8Array(1024 * 1024).fill(0x61);
  const start = process.memoryUsage().arrayBuffers;
  let peak = 0;
  async function* input() {
    for (let i = 0; i < 256; i++) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - start);
      yield chunk;
    }
    yield Buffer.from("\n{}\n");
  }
  const lines: string[] = [];
  for await (const batch of readBatches(input(), 4 * 1024 * 1024)) lines.push(...linesOf(batch));
  assert.equal(lines, [`<long ${256 * 1024 * 1024}>`, "{}"]);
  assert.ok(peak < 32 * 1024 * 1024, `peak ${peak} bytes of buffers`);
});

batches("splits the same way for any chunking", async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: fc.constantFrom("a", "b", "\n", "\r") }), fc.array(fc.nat(20)), async (input, cuts) => {
      assert.equal(await collect(cutAt(input, cuts)), linesIn(input));
    }),
    { numRuns: 300 },
  );
});

batches("caps lines the same way for any chunking", async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: fc.constantFrom("a", "b", "\n") }), fc.array(fc.integer({ min: 1, max: 7 })), async (input, cuts) => {
      const got = await collect(cutAt(input, cuts), 3);
      const expected = linesIn(input);
      assert.is(got.length, expected.length);
      // A line over the cap may be kept whole only when it arrived inside one chunk.
      got.forEach((line, i) =>
        assert.ok(line === expected[i] || (line === `<long ${expected[i]!.length}>` && expected[i]!.length > 3), `${line} for ${expected[i]}`),
      );
    }),
    { numRuns: 300 },
  );
});

batches.run();

const input = suite("readInput()");

input("reads a file in chunks through one buffer, and its lines whole", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-input-"));
  try {
    const file = join(dir, "in.ndjson");
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"eventId":"e${i}"}`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    const buffers = new Set<ArrayBufferLike>();
    let chunks = 0;
    const seen: string[] = [];
    async function* tracked() {
      for await (const chunk of readInput(file, { stdin: Readable.from([]) })) {
        buffers.add(chunk.buffer);
        chunks++;
        yield chunk;
      }
    }
    for await (const batch of readBatches(tracked())) seen.push(...linesOf(batch));
    assert.equal(seen, lines);
    assert.ok(chunks > 3, `${chunks} chunks`);
    assert.is(buffers.size, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

input("reads standard input for no path and for -", async () => {
  for (const path of [undefined, "-"]) {
    const chunks: string[] = [];
    for await (const chunk of readInput(path, { stdin: Readable.from([Buffer.from("a\n")]) })) chunks.push(Buffer.from(chunk).toString());
    assert.equal(chunks, ["a\n"]);
  }
});

input("fails with the path and code of a file it cannot read", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-input-"));
  try {
    for (const [path, code] of [
      [join(dir, "missing"), "ENOENT"],
      [dir, "EISDIR"],
    ] as const) {
      await (async () => {
        for await (const _ of readInput(path, { stdin: Readable.from([]) })) assert.unreachable("read");
      })().then(
        () => assert.unreachable("resolved"),
        (error: { code?: string; path?: string }) => assert.equal([error.code, error.path], [code, path]),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

input.run();

const blank = suite("isBlank()");

blank("is true for spaces, tabs and carriage returns only", () => {
  for (const text of ["", " ", "\t", "\r", " \t\r "]) assert.ok(isBlank(Buffer.from(text)), JSON.stringify(text));
  for (const text of ["{}", " x", "\f", "\u00a0", "\v"]) assert.not.ok(isBlank(Buffer.from(text)), JSON.stringify(text));
});

blank.run();

const writer = suite("LineWriter.write()");

writer("writes one JSON value a line", async () => {
  let out = "";
  const w = new LineWriter(
    new Writable({
      write(c, _e, cb) {
        out += String(c);
        cb();
      },
    }),
  );
  await w.write({ ok: true });
  await w.write([1, "x"]);
  await w.writeText(Buffer.from("raw\n"));
  assert.is(out, '{"ok":true}\n[1,"x"]\nraw\n');
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

writer("rejects when the stream is closed while it waits, or before", async () => {
  const stream = new PassThrough({ highWaterMark: 4 });
  const w = new LineWriter(stream);
  const pending = w.write({ long: "xxxxxxxxxx" });
  stream.destroy();
  await pending.then(
    () => assert.unreachable("resolved"),
    (error: Error) => assert.match(error.message, /closed/),
  );
  await w.write(1).then(
    () => assert.unreachable("resolved"),
    (error: Error) => assert.match(error.message, /closed/),
  );
});

writer.run();
