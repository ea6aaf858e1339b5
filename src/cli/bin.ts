#!/usr/bin/env node
// The rbm-events executable.

import { main } from "./main.js";
import { EXIT_FAILED, isClosedOutput, outputFailure, writeLastLine, type CliIo } from "./io.js";

// A failed write reaches the command that wrote through its callback: the stream's "error"
// event alone must not end the process, quietly or with a stack trace. A command that wrote and
// did not wait (help, sign, drift) learns of it here, before the process exits.
const [command] = process.argv.slice(2);
let outputError: unknown;
process.stdout.on("error", (error: unknown) => (outputError ??= error));
process.stderr.on("error", () => {});
process.once("beforeExit", () => {
  const failure = outputError === undefined ? undefined : outputFailure(outputError, "standard output");
  // A reader that went away (`| head -1`) is no failure of the command.
  if (failure === undefined || isClosedOutput(failure) || process.exitCode === EXIT_FAILED) return;
  writeLastLine(process.stderr, `${command !== undefined && /^[a-z]{1,20}$/.test(command) ? `rbm-events ${command}` : "rbm-events"}: ${failure.message}`);
  process.exitCode = EXIT_FAILED;
});

// process.stdin makes its stream when first read, and that stream then reads a pipe in chunks of
// its own: it is made only for a command that reads standard input as neither a file nor a pipe.
const io: CliIo = {
  get stdin() {
    return process.stdin;
  },
  stdinFd: 0,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    // serve has answered every request: a write it still waits for (a reader that never reads)
    // was never acknowledged, and must not keep the process alive.
    if (command === "serve") process.exit(code);
  },
  (error: unknown) => {
    writeLastLine(process.stderr, `rbm-events: internal error: ${String(error).split("\n", 1)[0]!.slice(0, 300)}`);
    process.exit(EXIT_FAILED);
  },
);
