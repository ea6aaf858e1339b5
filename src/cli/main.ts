// The rbm-events command line: dispatches to one module per command.

import { readFileSync } from "node:fs";
import { didYouMean } from "../errors.js";
import {
  describeInputError,
  escapeLogText,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isCommandFailure,
  outputFailure,
  UsageError,
  writeLastLine,
  type CliIo,
} from "./io.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

// Each command's modules are loaded only when it runs: `validate` need not load the webhook
// receiver, and a short run is mostly start-up time.
const commands: Record<string, () => Promise<Command>> = {
  decode: async () => (await import("./decode.js")).runDecode,
  drift: async () => (await import("./drift.js")).runDrift,
  serve: async () => (await import("./serve.js")).runServe,
  sign: async () => (await import("./sign.js")).runSign,
  validate: async () => (await import("./validate.js")).runValidate,
};

/** Help text of `rbm-events`. */
export function mainHelp(): string {
  return `usage: rbm-events <command> [options]

commands:
  decode    decode RBM webhook / Pub/Sub deliveries into typed events
  drift     summarise what deliveries held that this build's schema does not know
  serve     receive RBM webhook requests locally, printing each verified event
  sign      print the X-Goog-Signature value of a webhook body
  validate  validate NDJSON against a message of the schema

Run \`rbm-events <command> --help\` for a command's options.
  -h, --help     print this help
  -v, --version  print the version
`;
}

/** Runs the command line with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(mainHelp());
    return EXIT_USAGE;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(mainHelp());
    return EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return EXIT_OK;
  }
  const load = commands[name];
  if (load === undefined || !Object.hasOwn(commands, name)) {
    const hint = didYouMean(name, Object.keys(commands));
    io.stderr.write(`rbm-events: unknown command ${escapeLogText(JSON.stringify(name.slice(0, 40)))}${hint}\n\n${mainHelp()}`);
    return EXIT_USAGE;
  }
  const command = await load();
  try {
    return await command(args, io);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : describeInputError(error);
    if (message !== undefined) {
      writeLastLine(io.stderr, `rbm-events ${name}: ${message}`);
      writeLastLine(io.stderr, `Run \`rbm-events ${name} --help\` for usage.`);
      return EXIT_USAGE;
    }
    writeLastLine(io.stderr, `rbm-events ${name}: ${failureReason(error)}`);
    return EXIT_FAILED;
  }
}

/** One line on why a command could not finish: its output, a worker thread, or an internal error. */
function failureReason(error: unknown): string {
  if (isCommandFailure(error)) return error.message;
  // A file on a full disk: node writes files synchronously, so the write itself throws.
  const { syscall } = (error ?? {}) as { syscall?: unknown };
  if (syscall === "write") return outputFailure(error, "its output").message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `internal error: ${text.split("\n", 1)[0]!.slice(0, 300)}`;
}
