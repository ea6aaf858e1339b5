// `rbm-events decode`: RBM deliveries in, one typed event (or error) per line out.

import { EXIT_OK, EXIT_REJECTED, parseCommand, singleInput, type CliIo } from "./io.js";
import { MAX_LINE_BYTES, concat, isBlank, readInput, readBatches, type Batch } from "./ndjson.js";
import { jobsOption, reportEmpty } from "./jobs.js";
import type { Item } from "./batches.js";
import { writeVerdicts } from "./write-verdicts.js";
import { payloadKinds } from "../../gen/payloads.js";

/** Help text of `rbm-events decode`. */
export function decodeHelp(): string {
  return `usage: rbm-events decode [--strict] [--warnings] [--jobs N] [FILE|-]

Decodes RBM deliveries from FILE (or standard input): NDJSON of bodies, or one
pretty-printed body that is the whole input. A body is a webhook or Pub/Sub push
body, a Pub/Sub message, a CloudEvent, or bare base64. Prints one JSON line per
body, in input order:
  {"kind":${payloadKinds.map((kind) => JSON.stringify(kind)).join("|")},
   "event":<canonical JSON>,"envelope":{…}}
  {"kind":"unknown","json":<payload>,"envelope":{…}}     (anything else)
  {"error":{"code":"…","message":"…","issues":[{"path":"…","message":"…"}]}}
A blank line, or one over ${MAX_LINE_BYTES} bytes, gets an error line too.

options:
      --strict    reject fields and enum names the schema does not know
      --warnings  add "warnings" for rules of the reference the schema cannot
                  state (E.164 numbers, coordinates, https file URIs, …)
  -j, --jobs N    worker threads for large inputs (default: the number of cores; 1: none)
  -h, --help      print this help

exit status: 0 all decoded, 1 some body failed or the input was empty, 2 usage error
`;
}

/** Runs `rbm-events decode` with `args`; resolves to the exit code. */
export async function runDecode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    strict: { type: "boolean" },
    warnings: { type: "boolean" },
    jobs: { type: "string", short: "j" },
  });
  if (values.help) {
    io.stdout.write(decodeHelp());
    return EXIT_OK;
  }
  const path = singleInput(positionals);
  const jobs = jobsOption(values["jobs"]);
  const job = { command: "decode", strict: values.strict === true, warnings: values.warnings === true, maxLineBytes: MAX_LINE_BYTES } as const;
  const items = bodies(readBatches(readInput(path, io.stdin), MAX_LINE_BYTES), MAX_LINE_BYTES);
  const summary = await writeVerdicts(items, job, jobs, io.stdout);
  if (summary.items === 0) return reportEmpty("decode", io);
  return summary.rejected ? EXIT_REJECTED : EXIT_OK;
}

const SPACE = 0x20, TAB = 0x09, NEWLINE = 0x0a, CLOSE_BRACE = 0x7d;

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
