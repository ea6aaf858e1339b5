// Runs the command line in-process, with its output captured, for the CLI tests.
import { Readable, Writable } from "node:stream";
import { main } from "../../src/cli/main.js";

/** What a command printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(append: (s: string) => void): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      append(String(chunk));
      done();
    },
  });
}

/** Runs `rbm-events …args` with `stdin` as its input and `env` as its environment. */
export async function runCli(args: string[], stdin: string | Uint8Array = "", env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdin: Readable.from(stdin.length === 0 ? [] : [typeof stdin === "string" ? Buffer.from(stdin) : stdin]),
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env,
  });
  return { code, stdout, stderr };
}
