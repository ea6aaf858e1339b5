// A worker thread of `decode` and `validate --jobs N`: batches of lines in, their verdicts out,
// as UTF-8 in the buffer that came with the batch.

import { parentPort, workerData } from "node:worker_threads";
import { verdictsFor } from "./verdicts.js";
import type { Job, WorkerAnswer, WorkerBatch } from "./line-jobs.js";

const verdicts = await verdictsFor(workerData as Job);

parentPort?.on("message", ({ lines, out: given }: WorkerBatch) => {
  let out = Buffer.from(given.buffer, given.byteOffset, given.byteLength);
  let length = 0;
  // Each verdict is written out as soon as it is made: a batch's verdicts (megabytes, for many
  // short invalid lines) never sit in the worker's capped heap, and the main thread only
  // writes the bytes.
  const rejected = verdicts(lines, (line) => {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (out.length - length < line.length * 3) {
      const larger = Buffer.from(new ArrayBuffer(Math.max(2 * out.length, length + line.length * 3)));
      out.copy(larger, 0, 0, length);
      out = larger;
    }
    length += out.write(line, length);
  });
  const answer: WorkerAnswer = { lines, out: new Uint8Array(out.buffer, 0, out.length), length, rejected };
  parentPort?.postMessage(answer, [lines.buffer, answer.out.buffer]);
});
parentPort?.postMessage("ready");
