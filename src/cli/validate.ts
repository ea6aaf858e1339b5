// `rbm-events validate`: NDJSON in, one verdict per line out, in constant memory.

import { base64Encode } from "../encoding/base64.js";
import { EXIT_OK, EXIT_REJECTED, parseCommand, singleInput, UsageError, type CliIo } from "./io.js";
import { isRbmEventError, type Issue } from "../errors.js";
import { LineWriter, openInput, readLines } from "./ndjson.js";
import { lookupMessage, messageTypeNames } from "../schema/registry.js";
import { utf8Decode } from "../encoding/utf8.js";
import { toBinary } from "../codec/binary.js";
import { toJson } from "../codec/json-print.js";
import { validate, type ValidateOptions } from "../codec/validate.js";

/** Help text of `rbm-events validate`. */
export function validateHelp(): string {
  return `usage: rbm-events validate --type NAME [--ignore-unknown-fields] [--binary] [FILE|-]

Validates each line of FILE (or standard input) as proto3 JSON of message NAME.
Lines are split on \\n only. Prints one JSON line per input line:
  {"ok":true,"json":<canonical proto3 JSON>}            (with --binary also "binary":"<base64>")
  {"ok":false,"errors":[{"path":"sendTime","message":"…"}]}

options:
  -t, --type NAME              full or short message name: ${messageTypeNames().join(", ")}
      --ignore-unknown-fields  accept fields and enum names the schema does not know
      --binary                 add the protobuf binary encoding, base64
  -h, --help                   print this help

exit status: 0 all lines valid, 1 some line invalid, 2 usage error
`;
}

/** Runs `rbm-events validate` with `args`; resolves to the exit code. */
export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    type: { type: "string", short: "t" },
    "ignore-unknown-fields": { type: "boolean" },
    binary: { type: "boolean" },
  });
  if (values.help) {
    io.stdout.write(validateHelp());
    return EXIT_OK;
  }
  if (typeof values["type"] !== "string") throw new UsageError("missing --type NAME");
  const typeName = resolveType(values["type"]);
  const path = singleInput(positionals);
  const options: ValidateOptions = { ignoreUnknownFields: values["ignore-unknown-fields"] === true };
  const out = new LineWriter(io.stdout);

  let exit = EXIT_OK;
  for await (const line of readLines(openInput(path, io.stdin))) {
    const verdict = check(typeName, line, options, values.binary === true);
    if (!verdict.ok) exit = EXIT_REJECTED;
    await out.write(verdict);
  }
  return exit;
}

function resolveType(name: string): string {
  try {
    return lookupMessage(name).fullName.replace(/^\./, "");
  } catch (error) {
    if (isRbmEventError(error)) throw new UsageError(error.message);
    throw error;
  }
}

type Verdict = { ok: true; json: unknown; binary?: string } | { ok: false; errors: Issue[] };

function check(typeName: string, line: Uint8Array, options: ValidateOptions, binary: boolean): Verdict {
  let text: string;
  try {
    text = utf8Decode(line);
  } catch (error) {
    if (isRbmEventError(error)) return { ok: false, errors: [...error.issues] };
    throw error;
  }
  const result = validate(typeName, text, options);
  if (result.issues) return { ok: false, errors: result.issues };
  const json = toJson(typeName, result.value);
  return binary ? { ok: true, json, binary: base64Encode(toBinary(typeName, result.value)) } : { ok: true, json };
}
