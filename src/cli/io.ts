// What every command of the command line shares: its streams, usage errors and input.

import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Readable, Writable } from "node:stream";

/** The streams and environment a command runs with; tests pass their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Exit codes: 0 all good, 1 some input was rejected, 2 the command line itself is wrong. */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parses a command's arguments strictly, turning node's errors into {@link UsageError}s. */
export function parseCommand(
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { help: { type: "boolean", short: "h" }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ""));
  }
}

/** Takes the single optional FILE argument, `-` meaning standard input. */
export function singleInput(positionals: string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, received ${positionals.length}`);
  return positionals[0];
}

/** Describes an error opening the input file, or returns undefined for any other error. */
export function describeInputError(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof path !== "string" || typeof code !== "string") return undefined;
  const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : code;
  return `cannot read ${path}: ${reason}`;
}

/** Reads the client tokens from `RBM_CLIENT_TOKEN` (comma-separated), or throws a {@link UsageError}. */
export function clientTokensFromEnv(env: CliIo["env"]): string[] {
  const tokens = (env["RBM_CLIENT_TOKEN"] ?? "")
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  if (tokens.length === 0) {
    const fix = "set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)";
    throw new UsageError(`missing client token: ${fix}`);
  }
  return tokens;
}
