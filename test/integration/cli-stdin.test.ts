// Standard input read from its descriptor: a FIFO, as `cat FILE |` gives it, through the one
// buffer given, and the stream never made once the descriptor is known.

import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readBatches, readInput } from "../../src/cli/ndjson.js";
import { readPipe, stdinFile, stdinPipe } from "../../src/cli/stdin.js";

const test = suite("standard input");

/** A stream that fails the test if anything asks for it: asking would make process.stdin. */
const untouched = (stdinFd: number) => ({
  get stdin(): Readable {
    throw new Error("the stream was asked for");
  },
  stdinFd,
});

/** A FIFO holding `text`, its writer closed, and its reading end: what `cat FILE |` gives a command. */
function fifoHolding(dir: string, text: string): number {
  const path = join(dir, "fifo");
  execFileSync("mkfifo", [path]);
  // Opened for reading without waiting for a writer, then written (within the pipe's capacity) and closed.
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(path, "w");
  writeSync(writer, text);
  closeSync(writer);
  return reader;
}

const lines = Array.from({ length: 400 }, (_, i) => `{"eventId":"e${i}","senderPhoneNumber":"+1415555${String(i).padStart(4, "0")}"}`);

test("reads a pipe through the one buffer it is given, its lines whole across chunks", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-stdin-"));
  try {
    const text = `${lines.join("\n")}\n`;
    const fd = fifoHolding(dir, text);
    const buffer = new Uint8Array(1000);
    const chunks = readPipe(fd, buffer);
    assert.ok(chunks !== undefined);
    let count = 0;
    async function* tracked() {
      for await (const chunk of chunks!) {
        assert.ok(chunk.buffer === buffer.buffer, "a chunk outside the buffer given");
        count++;
        yield chunk;
      }
    }
    const seen: string[] = [];
    for await (const batch of readBatches(tracked())) if (batch instanceof Uint8Array) seen.push(...Buffer.from(batch).toString().split("\n").slice(0, -1));
    assert.equal(seen, lines);
    assert.ok(count >= Math.ceil(text.length / buffer.length), `${count} chunks for ${text.length} bytes`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readInput reads standard input from its descriptor when it is a pipe or a file, never making the stream", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-stdin-"));
  try {
    const fd = fifoHolding(dir, "a\nb\n");
    assert.is(stdinPipe(untouched(fd)), fd);
    assert.is(stdinFile(untouched(fd)), undefined);
    let text = "";
    for await (const chunk of readInput("-", untouched(fd))) text += Buffer.from(chunk).toString();
    assert.is(text, "a\nb\n");
    const file = openSync("/dev/null", "r");
    try {
      assert.is(stdinPipe(untouched(file)), undefined, "a device is read as the stream");
    } finally {
      closeSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without a descriptor, standard input is the stream, even when that stream reads a pipe", () => {
  assert.is(stdinPipe({ stdin: Readable.from([]) }), undefined);
  assert.is(stdinPipe({ stdin: Object.assign(Readable.from([]), { fd: 0 }) }), undefined);
});

test.run();
