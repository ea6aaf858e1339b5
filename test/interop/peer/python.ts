// Finds and runs the Python peer: Debian's /usr/bin/python3 with python3-protobuf, and protoc.

import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";

/** The repository root: the scripts compile its proto/ directory. */
const ROOT = resolve(import.meta.dirname, "../../..");

/**
 * Debian's interpreter, named explicitly: the `python3` first on PATH may be another installation
 * without Debian's python3-protobuf.
 */
const PYTHON = "/usr/bin/python3";

/** Ignore PYTHON* variables and the user's site-packages; write no __pycache__ into test/. */
const PYTHON_FLAGS = ["-E", "-s", "-B"];

/** What the peer tests run with, or why they cannot run here. */
export type PythonPeer = { readonly protoc: string; readonly skip?: undefined } | { readonly protoc?: undefined; readonly skip: string };

/** Checks for protoc and for Python's protobuf package, once per test file. */
export function findPythonPeer(): PythonPeer {
  const protoc = spawnSync("protoc", ["--version"], { encoding: "utf8" });
  if (protoc.error !== undefined || protoc.status !== 0) {
    return { skip: "protoc is not installed (apt-get install protobuf-compiler)" };
  }
  const python = spawnSync(PYTHON, [...PYTHON_FLAGS, "-c", "import google.protobuf"], { encoding: "utf8" });
  if (python.error !== undefined) return { skip: `${PYTHON} is not installed (apt-get install python3-protobuf)` };
  if (python.status !== 0) return { skip: `${PYTHON} cannot import google.protobuf (apt-get install python3-protobuf)` };
  return { protoc: "protoc" };
}

/**
 * Runs a Python script of test/ with protoc and proto/ as its first arguments, writes `input` to
 * its standard input, and resolves to its standard output. Rejects with its standard error when
 * it exits with a failure.
 */
export function runPython(script: string, protoc: string, input: string | Uint8Array): Promise<Buffer> {
  return new Promise((done, fail) => {
    const child = spawn(PYTHON, [...PYTHON_FLAGS, resolve(ROOT, script), protoc, resolve(ROOT, "proto")], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (code) => {
      if (code === 0) return done(Buffer.concat(out));
      fail(new Error(`${script} exited with ${code}:\n${Buffer.concat(err).toString("utf8")}`));
    });
    // A script that fails early closes its input; its exit status and standard error then tell why.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}
