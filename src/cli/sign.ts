// `rbm-events sign`: the X-Goog-Signature value of a webhook body, to post it to a receiver.

import { EXIT_OK, EXIT_REJECTED, clientTokensFromEnv, parseCommand, singleInput, type CliIo } from "./io.js";
import { RbmEventError, isObject, isRbmEventError, jsonTypeOf } from "../errors.js";
import { readMessageData } from "../events/index.js";
import { describeSyntaxError } from "../encoding/index.js";
import { openInput } from "./ndjson.js";
import { signPayloadSync } from "../signature/node.js";

/** Help text of `rbm-events sign`. */
export function signHelp(): string {
  return `usage: rbm-events sign [FILE|-]

Prints the X-Goog-Signature header value of a webhook or Pub/Sub push body
read from FILE (or standard input): base64 HMAC-SHA512 of message.data's bytes,
keyed with the first client token in RBM_CLIENT_TOKEN. For example:

  curl -H 'Content-Type: application/json' \\
    -H "X-Goog-Signature: $(rbm-events sign body.json)" \\
    --data-binary @body.json http://127.0.0.1:8080/

The client token comes from the environment, never from a flag:
  RBM_CLIENT_TOKEN  the webhook's client token; of several (comma-separated), the first

options:
  -h, --help  print this help

exit status: 0 signed, 1 the body has no message.data, 2 usage error
`;
}

/** Runs `rbm-events sign` with `args`; resolves to the exit code. */
export async function runSign(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) {
    io.stdout.write(signHelp());
    return EXIT_OK;
  }
  const path = singleInput(positionals);
  const [token] = clientTokensFromEnv(io.env);
  const chunks: Buffer[] = [];
  for await (const chunk of openInput(path, io.stdin)) chunks.push(Buffer.from(chunk as Uint8Array));
  let signature: string;
  try {
    signature = signPayloadSync(dataOf(Buffer.concat(chunks).toString("utf8")), token as string);
  } catch (error) {
    if (!isRbmEventError(error)) throw error;
    const reason = error.code === "INVALID_BASE64" ? `message.data: ${error.issues[0]?.message}` : error.message;
    io.stderr.write(`rbm-events sign: cannot sign: ${reason}\n`);
    return EXIT_REJECTED;
  }
  io.stdout.write(`${signature}\n`);
  return EXIT_OK;
}

/** Finds `message.data` in a body, throwing an {@link RbmEventError} whose message says why it cannot. */
function dataOf(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RbmEventError("INVALID_JSON", `invalid JSON: ${describeSyntaxError(text) ?? "invalid syntax"}`);
  }
  if (!isObject(body)) {
    throw new RbmEventError("INVALID_ENVELOPE", `expected a JSON object, received ${jsonTypeOf(body)}`);
  }
  try {
    return readMessageData(body);
  } catch (error) {
    const issue = isRbmEventError(error) ? error.issues[0] : undefined;
    if (issue === undefined) throw error;
    throw new RbmEventError("INVALID_ENVELOPE", `${issue.path}: ${issue.message}`); // without "cannot decode envelope"
  }
}
