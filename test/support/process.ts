// Child processes for the integration tests: output collected as it comes, waits that fail
// with what the process said instead of hanging, and a kill that waits for the exit.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** A running child process of a test. */
export class Child {
  readonly process: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  /** Runs a TypeScript file of the repository with node and tsx, in the repository root. */
  constructor(script: string, args: string[], env: Record<string, string | undefined> = {}) {
    this.process = spawn(process.execPath, ["--import", "tsx", resolve(root, script), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process.stdout!.setEncoding("utf8").on("data", (s: string) => (this.stdout += s));
    this.process.stderr!.setEncoding("utf8").on("data", (s: string) => (this.stderr += s));
    this.exited = new Promise((done) => this.process.once("exit", (code) => done(code)));
  }

  /** Resolves to the first match of `pattern` in standard output or error, once it shows. */
  async until(pattern: RegExp, what: string, ms = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.stdout) ?? pattern.exec(this.stderr);
      if (match !== null) return match;
      if (Date.now() > deadline || this.process.exitCode !== null) {
        throw new Error(`${what}: not seen (exit ${this.process.exitCode}); stdout: ${this.stdout.slice(-500)} stderr: ${this.stderr.slice(-500)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends `signal` and waits for the exit. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill(signal);
    return this.exited;
  }
}

/** Starts `rbm-events serve` with `args` and resolves once it listens, with its port. */
export async function startServe(args: string[], env: Record<string, string | undefined>): Promise<{ child: Child; port: number }> {
  const child = new Child("src/cli/bin.ts", ["serve", "--port", "0", ...args], env);
  const match = await child.until(/listening on http:\/\/127\.0\.0\.1:(\d+)\//, "serve listening");
  return { child, port: Number(match[1]) };
}
