// `rbm-events drift`: deliveries in, a summary of what this build's schema does not know out, so
// that a scheduled job can tell when RBM changed and it is time to regenerate.

import { EXIT_OK, EXIT_REJECTED, inputPaths, parseCommand, type CliIo } from "./io.js";
import { MAX_LINE_BYTES, forEachLine, isBlank } from "./ndjson.js";
import { readBodies } from "./bodies.js";
import { STRAY_BOM, longLineReason, startsWithBom } from "./line-jobs.js";
import { DriftSummary } from "./drift-summary.js";
import { reportEmpty } from "./jobs-option.js";
import { decodeEvent, type DecodedEvent } from "../events/index.js";
import { isRbmEventError } from "../errors.js";

/** The exit code of `drift` when a delivery held something this build does not know. */
export const EXIT_DRIFT = 3;

/** Help text of `rbm-events drift`. */
export function driftHelp(): string {
  return `usage: rbm-events drift [--json] [FILE…|-]

Reads RBM deliveries from each FILE (or standard input, also for -): NDJSON of
bodies, or one pretty-printed body that is a whole file, as decode reads them.
Prints what they held that this build's schema does not know: one line per
unknown field path, unknown enum value, or payload no kind describes, the most
frequent first, with how many deliveries carried it and where the first was
(FILE:LINE); then a line per error code of deliveries that failed to decode.
Blank lines are skipped; a line over ${MAX_LINE_BYTES} bytes counts as failed.

options:
      --json    print the summary as one JSON object instead
  -h, --help    print this help

exit status: 0 nothing unknown, 1 some delivery failed to decode (and nothing
unknown) or the input was empty, 2 usage error, 3 something unknown was read:
time to regenerate, 4 the output could not be written
`;
}

/** Runs `rbm-events drift` with `args`; resolves to the exit code. */
export async function runDrift(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { json: { type: "boolean" } });
  if (values.help) {
    io.stdout.write(driftHelp());
    return EXIT_OK;
  }
  const summary = new DriftSummary();
  for (const path of inputPaths(positionals)) await readFile(path, summary, io);
  if (summary.deliveries === 0) return reportEmpty("drift", io);
  io.stdout.write(values["json"] === true ? `${JSON.stringify(summary.toJson())}\n` : summary.toText());
  return summary.drift ? EXIT_DRIFT : summary.failed > 0 ? EXIT_REJECTED : EXIT_OK;
}

/** Decodes every body of one input into `summary`, each counted with its `FILE:LINE`. */
async function readFile(path: string, summary: DriftSummary, io: CliIo): Promise<void> {
  const name = path === "-" ? "<stdin>" : path;
  let line = 0;
  const read = (body: Uint8Array, at: string): void => {
    if (isBlank(body)) return;
    if (startsWithBom(body)) return summary.fail("INVALID_JSON", `cannot decode body: ${STRAY_BOM}`, at);
    let decoded: DecodedEvent;
    try {
      decoded = decodeEvent(body);
    } catch (error) {
      if (!isRbmEventError(error)) throw error;
      return summary.fail(error.code, error.message, at);
    }
    summary.add(decoded, at);
  };
  for await (const item of readBodies(path, io)) {
    if (item instanceof Uint8Array) forEachLine(item, (body) => read(body, `${name}:${++line}`));
    else if ("longLine" in item) summary.fail("INVALID_REQUEST", `cannot decode body: ${longLineReason(item.longLine, MAX_LINE_BYTES)}`, `${name}:${++line}`);
    else read(item.body, `${name}:1`); // a pretty-printed body, the whole input
  }
}
