// `rbm-events decode`: RBM deliveries in, one typed event (or error) per line out.

import { checkEvent } from "../events/checks.js";
import { EXIT_OK, EXIT_REJECTED, parseCommand, singleInput, type CliIo } from "./io.js";
import { decodeEvent, eventTypeNames, type DecodedEvent, type DecodeOptions } from "../events/decode.js";
import { envelopeToJson } from "../events/envelope.js";
import { isRbmEventError } from "../errors.js";
import { LineWriter, openInput, readLines } from "./ndjson.js";
import { toJson } from "../codec/json-print.js";

/** Help text of `rbm-events decode`. */
export function decodeHelp(): string {
  return `usage: rbm-events decode [--strict] [--warnings] [FILE|-]

Decodes RBM deliveries from FILE (or standard input): one body, or NDJSON of
bodies. A body is a webhook or Pub/Sub push body, a Pub/Sub message, a
CloudEvent, or bare base64. Prints one JSON line per body:
  {"kind":"userEvent"|"serverEvent","event":<canonical JSON>,"envelope":{…}}
  {"kind":"unknown","json":<payload>,"envelope":{…}}     (user messages, …)
  {"error":{"code":"…","message":"…","issues":[{"path":"…","message":"…"}]}}

options:
      --strict    reject fields and enum names the schema does not know
      --warnings  add "warnings" for E.164 and messageId rules of the reference
  -h, --help      print this help

exit status: 0 all decoded, 1 some body failed, 2 usage error
`;
}

/** Runs `rbm-events decode` with `args`; resolves to the exit code. */
export async function runDecode(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    strict: { type: "boolean" },
    warnings: { type: "boolean" },
  });
  if (values.help) {
    io.stdout.write(decodeHelp());
    return EXIT_OK;
  }
  const path = singleInput(positionals);
  const options: DecodeOptions = { strict: values.strict === true };
  const out = new LineWriter(io.stdout);

  let exit = EXIT_OK;
  const emit = async (body: Uint8Array) => {
    const line = decodeLine(body, options, values.warnings === true);
    if ("error" in line) exit = EXIT_REJECTED;
    await out.write(line);
  };

  // NDJSON unless the first line opens a body that only ends on a later line.
  let document: Uint8Array[] | undefined;
  let seenBody = false;
  for await (const line of readLines(openInput(path, io.stdin))) {
    if (document) {
      document.push(line);
    } else if (!isBlank(line)) {
      if (!seenBody && opensMultiLineBody(line)) document = [line];
      else await emit(line);
      seenBody = true;
    }
  }
  if (document) await emit(joinLines(document));
  return exit;
}

/**
 * The output line of a decoded event: `{"kind","event":<canonical JSON>,"envelope"}`, or
 * `{"kind":"unknown","json","envelope"}`; with `warnings`, the reference's warnings too.
 */
export function eventLine(decoded: DecodedEvent, warnings = false): Record<string, unknown> {
  const envelope = envelopeToJson(decoded.envelope);
  if (decoded.kind === "unknown") return { kind: decoded.kind, json: decoded.json, envelope };
  const line: Record<string, unknown> = {
    kind: decoded.kind,
    event: toJson(eventTypeNames[decoded.kind], decoded.event),
    envelope,
  };
  const found = warnings ? checkEvent(decoded) : [];
  if (found.length > 0) line["warnings"] = found;
  return line;
}

function decodeLine(body: Uint8Array, options: DecodeOptions, warnings: boolean): Record<string, unknown> {
  try {
    return eventLine(decodeEvent(body, options), warnings);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    return { error: { code: error.code, message: error.message, issues: error.issues } };
  }
}

function isBlank(line: Uint8Array): boolean {
  return line.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);
}

function opensMultiLineBody(line: Uint8Array): boolean {
  const text = new TextDecoder().decode(line).trim();
  if (!text.startsWith("{")) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function joinLines(lines: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(lines.reduce((n, line) => n + line.length + 1, 0));
  let offset = 0;
  for (const line of lines) {
    out.set(line, offset);
    out[offset + line.length] = 0x0a;
    offset += line.length + 1;
  }
  return out;
}
