// Finds Go, protoc and protoc-gen-go, and runs commands with them offline and within a time bound:
// the Go peer's run.sh and the commands of docs/polyglot.md.

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "../../..");

/** Where Debian's golang-google-protobuf-dev puts google.golang.org/protobuf (go.mod's replace). */
export const DEBIAN_PROTOBUF_GO = "/usr/share/gocode/src/google.golang.org/protobuf";

/** What building Go needs, by command, with the Debian package that provides it. */
const GO_TOOLS: ReadonlyArray<readonly [string, string[], string]> = [
  ["go", ["version"], "golang-go"],
  ["protoc", ["--version"], "protobuf-compiler"],
  ["protoc-gen-go", ["--version"], "protoc-gen-go"],
];

/** The reason Go code cannot be generated and built here, or undefined when it can. */
export function goMissing(): string | undefined {
  for (const [command, args, pkg] of GO_TOOLS) {
    const found = spawnSync(command, args, { encoding: "utf8" });
    if (found.error !== undefined || found.status !== 0) return `${command} is not installed (apt-get install ${pkg})`;
  }
  if (!existsSync(join(DEBIAN_PROTOBUF_GO, "go.mod"))) return `${DEBIAN_PROTOBUF_GO} is missing (apt-get install golang-google-protobuf-dev)`;
  return undefined;
}

/**
 * The environment for commands of these tests: offline Go (no proxy, no checksum database, no
 * toolchain download), a build cache under the OS temporary directory that outlives the run, so the
 * protobuf runtime compiles once, and node_modules/.bin (buf) on PATH.
 */
export function toolEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: [join(ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter),
    GOCACHE: join(tmpdir(), "rbm-events-go-cache"),
    GOPATH: join(tmpdir(), "rbm-events-go-path"),
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GOSUMDB: "off",
    GOWORK: "off",
    GOTOOLCHAIN: "local",
  };
}

/** How a bounded command ended. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in its own process group, in toolEnv() with `env` added, and resolves with its
 * exit code and output. After `ms` it kills the whole group (go build starts compilers of its own)
 * and rejects, naming the command.
 */
export function runBounded(
  command: string,
  args: string[],
  options: { cwd: string; ms: number; input?: string; env?: Readonly<Record<string, string>> },
): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...toolEnv(), ...options.env }, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill("SIGTERM");
      setTimeout(() => kill("SIGKILL"), 5_000).unref();
    }, options.ms);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) return fail(new Error(`${command} ${args.join(" ")}: no answer within ${options.ms / 1000} s; stderr: ${stderr.slice(-2000)}`));
      done({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}
