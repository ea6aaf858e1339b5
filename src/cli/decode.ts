// `rbm-events decode`: RBM deliveries in, one typed event (or error) per line out.

import { EXIT_OK, EXIT_REJECTED, eachInput, inputPaths, parseCommand, type CliIo } from "./io.js";
import { MAX_LINE_BYTES } from "./ndjson.js";
import { readBodies } from "./bodies.js";
import { inputBytes, jobsOption, reportEmpty } from "./jobs-option.js";
import { writeVerdicts } from "./job-runner.js";
import { payloadKinds } from "../../gen/payloads.js";

/** Help text of `rbm-events decode`. */
export function decodeHelp(): string {
  return `usage: rbm-events decode [--strict] [--warnings] [--jobs N] [FILE…|-]

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
  -j, --jobs N    worker threads for large inputs (default: the idle cores; 1: none)
  -h, --help      print this help

exit status: 0 all decoded, 1 some body failed or the input was empty, 2 usage error,
4 the output could not be written (a full disk) or a worker thread failed.
Output closed early (| head -1) stops quietly: 1 if a body printed failed, else 0.
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
  const paths = inputPaths(positionals);
  const jobs = jobsOption(values["jobs"]);
  const job = { command: "decode", strict: values.strict === true, warnings: values.warnings === true, maxLineBytes: MAX_LINE_BYTES } as const;
  const items = eachInput(paths, (path) => readBodies(path, io));
  const summary = await writeVerdicts(items, job, jobs, io.stdout, { expectedBytes: inputBytes(paths, io) });
  if (summary.items === 0) return reportEmpty("decode", io);
  return summary.rejected ? EXIT_REJECTED : EXIT_OK;
}
