// What `decode` and `validate` share at the command line: `--jobs N` and the empty-input rule.

import { availableParallelism } from "node:os";
import { EXIT_REJECTED, UsageError, type CliIo } from "./io.js";

/** The most worker threads `--jobs` takes. */
export const MAX_JOBS = 64;

/** Reads `--jobs N`: a whole number from 1 to 64; absent, the number of cores. */
export function jobsOption(value: string | boolean | undefined): number {
  if (value === undefined) return Math.min(availableParallelism(), MAX_JOBS);
  const jobs = typeof value === "string" && /^[0-9]{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= MAX_JOBS)) {
    throw new UsageError(`--jobs expects a whole number from 1 to ${MAX_JOBS}, received ${JSON.stringify(String(value).slice(0, 20))}`);
  }
  return jobs;
}

/** Says on standard error that the input held nothing to read; resolves to the exit code. */
export function reportEmpty(command: string, io: CliIo): number {
  io.stderr.write(`rbm-events ${command}: empty input: expected at least one line\n`);
  return EXIT_REJECTED;
}
