// What `decode` and `drift` read: NDJSON of delivery bodies, or one pretty-printed body that is the
// whole input.

import type { Item } from "./line-jobs.js";
import { MAX_LINE_BYTES, concat, isBlank, readBatches, readInput, type Batch } from "./ndjson.js";
import type { StdinSource } from "./stdin.js";

/**
 * Reads a command's input (a file, or standard input for `-` or no path) as items of bodies: batches
 * of lines, one body a line, lines over {@link MAX_LINE_BYTES} as their length alone, or one
 * pretty-printed body that is the whole input (see {@link bodies}).
 */
export function readBodies(path: string | undefined, stdin: StdinSource): AsyncGenerator<Item> {
  return bodies(readBatches(readInput(path, stdin), MAX_LINE_BYTES), MAX_LINE_BYTES);
}

const SPACE = 0x20,
  TAB = 0x09,
  NEWLINE = 0x0a,
  CLOSE_BRACE = 0x7d;

/**
 * Passes batches of lines through, except for one case: when the first line that is not blank
 * opens a JSON object it does not close, the lines that follow and look like the rest of a
 * pretty-printed object (indented, then one `}` at the start of a line) are held, up to
 * `maxBytes`. If they end the input and parse as one value, they are one body; at anything else
 * (a line that looks like a new body, too many bytes, a line over the cap) the held lines are
 * passed on as lines, each to get its own verdict.
 */
export async function* bodies(batches: AsyncIterable<Batch>, maxBytes: number): AsyncGenerator<Item> {
  let mode: "first" | "document" | "lines" = "first";
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let closed = false;
  for await (const batch of batches) {
    if (mode === "lines") {
      yield batch;
      continue;
    }
    if (!(batch instanceof Uint8Array)) {
      if (heldBytes > 0) yield concat(held, heldBytes);
      mode = "lines";
      yield batch;
      continue;
    }
    let start = 0;
    for (let end = batch.indexOf(NEWLINE); end !== -1; end = batch.indexOf(NEWLINE, start)) {
      const line = batch.subarray(start, end);
      if (mode === "first") {
        if (!isBlank(line)) mode = opensObject(line) ? "document" : "lines";
      } else if (!isBlank(line)) {
        const first = line[0];
        const continues = !closed && (first === SPACE || first === TAB || first === CLOSE_BRACE);
        if (first === CLOSE_BRACE) closed = true;
        if (!continues) mode = "lines";
      }
      if (mode === "lines" || heldBytes + line.length + 1 > maxBytes) {
        mode = "lines";
        if (heldBytes > 0) yield concat(held, heldBytes);
        held = [];
        heldBytes = 0;
        yield batch.subarray(start);
        break;
      }
      // A copy: the batch's memory is reused once the next one is read.
      held.push(Uint8Array.prototype.slice.call(batch, start, end + 1));
      heldBytes += end + 1 - start;
      start = end + 1;
    }
  }
  if (mode === "lines" || heldBytes === 0) return;
  const whole = concat(held, heldBytes);
  yield mode === "document" && parses(whole) ? { body: whole } : whole;
}

function opensObject(line: Uint8Array): boolean {
  let i = 0;
  while (line[i] === SPACE || line[i] === TAB) i++;
  return line[i] === 0x7b && !parses(line);
}

function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}
