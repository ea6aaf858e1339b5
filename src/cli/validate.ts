// `rbm-events validate`: NDJSON in, one verdict per line out, in constant memory.

import { EXIT_OK, EXIT_REJECTED, eachInput, inputPaths, parseCommand, UsageError, type CliIo } from "./io.js";
import { formatValue } from "../errors.js";
import type { Longs } from "../schema/index.js";
import { inputBytes, jobsOption, reportEmpty } from "./jobs-option.js";
import { fullMessageNames } from "../../gen/message-types.js";
import { didYouMean } from "../errors.js";
import { MAX_LINE_BYTES } from "./ndjson.js";
import { readBodies } from "./bodies.js";
import { writeVerdicts } from "./job-runner.js";

/** Help text of `rbm-events validate`. */
export function validateHelp(): string {
  return `usage: rbm-events validate --type NAME [--ignore-unknown-fields] [--binary] [--longs L] [--jobs N] [FILE…|-]

Validates each line of FILE (or standard input) as proto3 JSON of message NAME.
Lines are split on \\n only. Prints one JSON line per input line, in order:
  {"ok":true,"json":<canonical proto3 JSON>}            (with --binary also "binary":"<base64>")
  {"ok":false,"errors":[{"path":"sendTime","message":"…"}]}
A blank line, or one over ${MAX_LINE_BYTES} bytes, is invalid.

options:
  -t, --type NAME              full or short message name: ${fullMessageNames.join(", ")}
      --ignore-unknown-fields  accept fields and enum names the schema does not know
      --binary                 add the protobuf binary encoding, base64
      --longs L                64-bit integers: number (default; beyond ±(2^53-1) rejected),
                               string or bigint (read exactly)
  -j, --jobs N                 worker threads for large inputs (default: the idle cores; 1: none)
  -h, --help                   print this help

exit status: 0 all lines valid, 1 some line invalid or the input was empty, 2 usage error,
4 the output could not be written (a full disk) or a worker thread failed.
Output closed early (| head -1) stops quietly: 1 if a line printed was invalid, else 0.
`;
}

/** Runs `rbm-events validate` with `args`; resolves to the exit code. */
export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    type: { type: "string", short: "t" },
    "ignore-unknown-fields": { type: "boolean" },
    binary: { type: "boolean" },
    longs: { type: "string" },
    jobs: { type: "string", short: "j" },
  });
  if (values.help) {
    io.stdout.write(validateHelp());
    return EXIT_OK;
  }
  if (typeof values["type"] !== "string") throw new UsageError("missing --type NAME");
  const typeName = resolveType(values["type"]);
  const paths = inputPaths(positionals);
  const jobs = jobsOption(values["jobs"]);
  const job = {
    command: "validate",
    typeName,
    ignoreUnknownFields: values["ignore-unknown-fields"] === true,
    longs: longsOption(values["longs"]),
    binary: values.binary === true,
    maxLineBytes: MAX_LINE_BYTES,
  } as const;
  // NDJSON, or a whole pretty-printed document, as decode reads them
  const items = eachInput(paths, (path) => readBodies(path, io));
  const summary = await writeVerdicts(items, job, jobs, io.stdout, { expectedBytes: inputBytes(paths, io) });
  if (summary.items === 0) return reportEmpty("validate", io);
  return summary.rejected ? EXIT_REJECTED : EXIT_OK;
}

function longsOption(value: unknown): Longs {
  if (value === undefined) return "number";
  if (value === "number" || value === "string" || value === "bigint") return value;
  throw new UsageError(`--longs takes number, string or bigint, not ${formatValue(value)}`);
}

/**
 * The full name of a message of the RBM schema, from its full name (a leading dot allowed) or a
 * short name that names one message; the well-known types (google.protobuf.*) are not offered:
 * their JSON forms are not objects, so a line of one could not be read as a message. Read from
 * the generated list of names: the schema itself is loaded only where lines are checked.
 */
function resolveType(name: string): string {
  const names: readonly string[] = fullMessageNames;
  const full = name.startsWith(".") ? name.slice(1) : name;
  if (names.includes(full)) return full;
  const short = names.filter((candidate) => candidate.slice(candidate.lastIndexOf(".") + 1) === name);
  if (short.length === 1) return short[0]!;
  throw new UsageError(`unknown --type ${formatValue(name)}${didYouMean(name, names)}: expected one of ${names.join(", ")}`);
}
