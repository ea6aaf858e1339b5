// `rbm-events validate` over a million generated lines: output must stream in constant memory.

import { Readable, Writable } from "node:stream";
import { main } from "../src/cli/main.js";

/** Runs the validate command over `count` lines; returns the largest live heap seen above the start, in bytes. */
export async function validateStreamHeap(count: number, line: string): Promise<{ peak: number; lines: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = process.memoryUsage().heapUsed;
  let peak = 0;
  let seen = 0;
  const input = Readable.from(
    (function* () {
      const chunk = `${line}\n`.repeat(1000);
      for (let i = 0; i < count; i += 1000) yield chunk;
    })(),
  );
  const output = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      seen += chunk.toString().split("\n").length - 1;
      // What the command holds, garbage collected first (with --expose-gc): memory it keeps, not
      // garbage the collector has not come to yet, which grows with the heap's size for a while.
      if (seen % 100_000 < 100) {
        gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed - start);
      }
      // A slow reader: the command must wait for it instead of buffering.
      setImmediate(done);
    },
  });
  const code = await main(["validate", "--type", "UserEvent"], { stdin: input, stdout: output, stderr: process.stderr, env: {} });
  if (code !== 0) throw new Error(`validate exited ${code}`);
  await new Promise((resolve) => output.end(resolve));
  return { peak, lines: seen };
}
