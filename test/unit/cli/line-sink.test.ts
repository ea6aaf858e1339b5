import { suite } from "uvu";
import * as assert from "uvu/assert";
import { LineSink, type LineDevice } from "../../../src/cli/line-sink.js";
import type { CommandFailure } from "../../../src/cli/io.js";

/** A device whose writes finish when the test says: each write is recorded with its resolver. */
function heldDevice() {
  const writes: Array<{ text: string; finish: (result: { error?: unknown; written: number }) => void }> = [];
  const truncated: number[] = [];
  const device: LineDevice = {
    write: (text) => new Promise((finish) => writes.push({ text, finish })),
    truncate: async (bytes) => (truncated.push(bytes), true),
  };
  return { device, writes, truncated };
}

const settled = async (promises: Promise<void>[]) =>
  (await Promise.allSettled(promises)).map((r) => (r.status === "fulfilled" ? "ok" : (r.reason as CommandFailure).code));
const enospc = Object.assign(new Error("no space"), { code: "ENOSPC" });
/** Resolves once the event loop has run its callbacks: the lines appended before are being written. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

const append = suite("LineSink.append()");

append("writes the lines that come during a write together, and resolves each once its write is done", async () => {
  const { device, writes } = heldDevice();
  const sink = new LineSink(device, { target: "standard output" });
  const first = sink.append("a\n");
  await turn();
  const rest = ["b\n", "c\n", "d\n"].map((line) => sink.append(line));
  assert.equal(
    writes.map((w) => w.text),
    ["a\n"],
  );
  writes[0]!.finish({ written: 2 });
  assert.equal(await settled([first]), ["ok"]);
  await turn();
  assert.equal(
    writes.map((w) => w.text),
    ["a\n", "b\nc\nd\n"],
  );
  writes[1]!.finish({ written: 6 });
  assert.equal(await settled(rest), ["ok", "ok", "ok"]);
});

append("acknowledges only the lines a short write wrote whole, and takes the cut one back", async () => {
  const { device, writes, truncated } = heldDevice();
  const sink = new LineSink(device, { target: "standard output" });
  const first = sink.append("a\n");
  await turn();
  const lines = ["bb\n", "cc\n", "dd\n"].map((line) => sink.append(line));
  writes[0]!.finish({ written: 2 });
  await first;
  await turn();
  writes[1]!.finish({ error: enospc, written: 4 }); // "bb\n" and "c"
  assert.equal(await settled(lines), ["ok", "ENOSPC", "ENOSPC"]);
  assert.equal(truncated, [1]);
  const next = sink.append("ee\n");
  await turn();
  writes[2]!.finish({ written: 3 });
  assert.equal([writes[2]!.text, await settled([next])], ["ee\n", ["ok"]]);
});

append("starts the next line on a line of its own when a cut line cannot be taken back", async () => {
  const writes: Array<(result: { error?: unknown; written: number }) => void> = [];
  const texts: string[] = [];
  const sink = new LineSink({ write: (text) => (texts.push(text), new Promise((finish) => writes.push(finish))) }, { target: "standard output" });
  const cut = sink.append("abc\n");
  await turn();
  writes[0]!({ error: enospc, written: 2 });
  assert.equal(await settled([cut]), ["ENOSPC"]);
  const next = sink.append("def\n");
  await turn();
  writes[1]!({ written: 5 });
  assert.equal([texts[1], await settled([next])], ["\ndef\n", ["ok"]]);
});

append("fails the lines of a write that does not finish in time, and tells once", async () => {
  const { device } = heldDevice();
  const health: Array<string | undefined> = [];
  const sink = new LineSink(device, { target: "standard output", timeoutMs: 20, onHealth: (failure) => health.push(failure?.message) });
  const lines = [sink.append("a\n"), sink.append("b\n")];
  assert.equal(await settled(lines), ["OUTPUT_STALLED", "OUTPUT_STALLED"]);
  assert.equal(health, ["cannot write to standard output: a line waited 0.02 s and was not taken"]);
});

append("refuses lines past the bytes allowed to wait, and every line once the reader has gone", async () => {
  const { device, writes } = heldDevice();
  const sink = new LineSink(device, { target: "standard output", maxWaitingBytes: 4 });
  const first = sink.append("a\n");
  await turn();
  const waiting = sink.append("bcd\n");
  const refused = sink.append("e\n");
  assert.equal(await settled([refused]), ["OUTPUT_FULL"]);
  writes[0]!.finish({ error: Object.assign(new Error("pipe"), { code: "EPIPE" }), written: -1 });
  assert.equal(await settled([first]), ["EPIPE"]);
  await turn();
  writes[1]?.finish({ error: Object.assign(new Error("pipe"), { code: "EPIPE" }), written: -1 });
  assert.equal(await settled([waiting, sink.append("f\n")]), ["EPIPE", "EPIPE"]);
});

append("writes the lines of one turn of the event loop together, once the loop has run its callbacks", async () => {
  const texts: string[] = [];
  const device: LineDevice = { write: async (text) => (texts.push(text), { written: Buffer.byteLength(text) }) };
  const sink = new LineSink(device, { target: "standard output" });
  const lines = ["a\n", "b\n", "c\n"].map((line) => sink.append(line));
  assert.equal(texts, []);
  assert.equal(await settled(lines), ["ok", "ok", "ok"]);
  assert.equal(texts, ["a\nb\nc\n"]);
  assert.equal(await settled([sink.append("d\n")]), ["ok"]);
  assert.equal(texts, ["a\nb\nc\n", "d\n"]);
});

append.run();
