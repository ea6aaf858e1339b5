// What `decode` and `validate` share at the command line: `--jobs N`, the input's size, and the
// empty-input rule.

import { fstatSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { EXIT_REJECTED, UsageError, type CliIo } from "./io.js";
import { stdinFile, type StdinSource } from "./stdin.js";

/** The most worker threads `--jobs` takes. */
export const MAX_JOBS = 64;

/**
 * Reads `--jobs N`: a whole number from 1 to 64. Absent, the cores the load average of the last
 * minute leaves idle, rounded: 1 (no workers) on one core or a busy machine, where a worker
 * finds no core of its own and only adds its start-up and hand-over costs.
 */
export function jobsOption(value: string | boolean | undefined, load: number = loadavg()[0] ?? 0): number {
  if (value === undefined) return Math.min(Math.max(Math.round(availableParallelism() - load), 1), MAX_JOBS);
  const jobs = typeof value === "string" && /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= MAX_JOBS)) {
    throw new UsageError(`--jobs expects a whole number from 1 to ${MAX_JOBS}, received ${JSON.stringify(String(value).slice(0, 20))}`);
  }
  return jobs;
}

/**
 * The bytes of the regular files among `paths`, standard input (`-`) included when it is one:
 * what is known of the input's size before reading it.
 */
export function inputBytes(paths: readonly string[], stdin: StdinSource): number {
  let bytes = 0;
  for (const path of paths) {
    const fd = path === "-" ? stdinFile(stdin) : undefined;
    const stat = fd !== undefined ? fstatSync(fd) : path === "-" ? undefined : statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile() === true) bytes += stat.size;
  }
  return bytes;
}

/** Says on standard error that the input held nothing to read; resolves to the exit code. */
export function reportEmpty(command: string, io: CliIo): number {
  io.stderr.write(`rbm-events ${command}: empty input: expected at least one line\n`);
  return EXIT_REJECTED;
}
