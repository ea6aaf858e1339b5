// What every command of the command line shares: its streams, usage errors and input.

import { statSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Readable, Writable } from "node:stream";

/** The streams and environment a command runs with; tests pass their own. */
export interface CliIo {
  stdin: Readable;
  /**
   * Standard input's file descriptor, when `stdin` is the process's own and no stream reads it yet:
   * a file or a pipe is then read from it into one reused buffer, and `stdin` is not touched.
   */
  stdinFd?: number;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/**
 * Exit codes: 0 all good, 1 some input was rejected, 2 the command line itself is wrong, 4 the
 * command could not finish (its output could not be written, or a worker thread died).
 */
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_FAILED = 4;

/**
 * Why a command could not finish, for a reason that is neither its input nor its command line:
 * `code` is the system's (`ENOSPC`, `EPIPE`, …) or `WORKER_FAILED`, `OUTPUT_STALLED`, `OUTPUT_FULL`,
 * `STOPPING`. Exit code 4, with the message as one line on standard error.
 */
export class CommandFailure extends Error {
  override readonly name = "CommandFailure";
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Tells whether `error` is a {@link CommandFailure}, even from another copy of this module. */
export function isCommandFailure(error: unknown): error is CommandFailure {
  return error instanceof Error && error.name === "CommandFailure" && typeof (error as { code?: unknown }).code === "string";
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EIO: "input/output error",
  EPIPE: "the reader closed it",
  ECONNRESET: "the reader closed it",
  ERR_STREAM_DESTROYED: "it is closed",
  EBADF: "it is not open for writing",
  EACCES: "permission denied",
};

/** Tells whether an output failure is for good: the reader has gone, so no later write can succeed. */
export function isClosedOutput(failure: CommandFailure): boolean {
  return failure.code === "EPIPE" || failure.code === "ECONNRESET" || failure.code === "ERR_STREAM_DESTROYED" || failure.code === "EBADF";
}

/**
 * The failure to write to `target` ("standard output", "dead-letter file x"): `cannot write to
 * <target>: ENOSPC (no space left on device)`, the error kept as its cause.
 */
export function outputFailure(error: unknown, target: string): CommandFailure {
  if (isCommandFailure(error)) return error;
  const { code } = (error ?? {}) as { code?: unknown };
  const name = typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : "EIO";
  const reason = SYSTEM_REASONS[name];
  return new CommandFailure(name, `cannot write to ${target}: ${name}${reason === undefined ? "" : ` (${reason})`}`, { cause: error });
}

/** A mistake in the command line: reported with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Parses a command's arguments strictly, turning node's errors into {@link UsageError}s: an
 * unknown option names the nearest known one, an option given twice is an error, and `hints`
 * may explain an option that is missing on purpose.
 */
export function parseCommand(
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  hints: Record<string, string> = {},
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const all = { help: { type: "boolean" as const, short: "h" }, ...options };
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof all; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args, options: all, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, "");
    const unknown = /^Unknown option '(-[^']*)'/.exec(message)?.[1];
    const flag = unknown?.replace(/=.*$/, "");
    const hint = flag === undefined ? undefined : (hints[flag] ?? nearest(flag, Object.keys(all)));
    throw new UsageError(hint === undefined ? message : `${message}: ${hint}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given more than once`);
    seen.add(token.name);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/** "did you mean --x?" for the known option nearest to `flag`, if it is near enough to be a typo. */
function nearest(flag: string, names: string[]): string | undefined {
  const given = flag.replace(/^-+/, "");
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(given.length / 3)) + 1;
  for (const name of names) {
    const d = distance(given, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best === undefined ? undefined : `did you mean --${best}?`;
}

/** Optimal string alignment distance: edits, with a swap of two neighbours counted as one. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** Takes the single optional FILE argument, `-` meaning standard input; a directory is refused. */
export function singleInput(positionals: string[]): string | undefined {
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, received ${positionals.length}`);
  const path = positionals[0];
  // Reading a directory fails only once read, without its path: tell it now.
  if (path !== undefined && path !== "-" && statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`cannot read ${path}: is a directory`);
  }
  return path;
}

/**
 * Takes FILE arguments, `-` meaning standard input (at most once); none means standard input
 * alone. A directory or a missing file is refused before anything is read, so that a long run
 * does not end at a typo.
 */
/** The items of each input in turn, FILE… in the order given, `-` for standard input. */
export async function* eachInput<T>(paths: readonly string[], read: (path: string) => AsyncIterable<T>): AsyncGenerator<T> {
  for (const path of paths) yield* read(path);
}

export function inputPaths(positionals: string[]): string[] {
  if (positionals.length === 0) return ["-"];
  if (positionals.filter((path) => path === "-").length > 1) throw new UsageError("- (standard input) given more than once");
  for (const path of positionals) {
    if (path === "-") continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`cannot read ${path}: no such file`);
    if (stat.isDirectory()) throw new UsageError(`cannot read ${path}: is a directory`);
  }
  return positionals;
}

/** Describes an error opening the input file, or returns undefined for any other error. */
export function describeInputError(error: unknown): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof path !== "string" || typeof code !== "string") return undefined;
  const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "permission denied" : code;
  return `cannot read ${path}: ${reason}`;
}

/**
 * Reads the client tokens from `RBM_CLIENT_TOKEN` (comma-separated), or throws a
 * {@link UsageError}: for none, and for an empty, blank or padded token (a blank key is one anyone
 * can sign with), naming its position, never its value.
 */
export function clientTokensFromEnv(env: CliIo["env"]): string[] {
  const value = env["RBM_CLIENT_TOKEN"] ?? "";
  if (value === "") {
    const fix = "set RBM_CLIENT_TOKEN to the webhook's client token (several separated by commas)";
    throw new UsageError(`missing client token: ${fix}`);
  }
  const tokens = value.split(",");
  tokens.forEach((token, i) => {
    const which = tokens.length === 1 ? "the token" : `token ${i + 1} of ${tokens.length}`;
    const problem =
      token === "" ? "is empty" : token.trim() === "" ? "is only whitespace" : token.trim() !== token ? "has leading or trailing whitespace" : undefined;
    if (problem !== undefined) {
      throw new UsageError(`invalid RBM_CLIENT_TOKEN: ${which} ${problem} (separate tokens with commas alone)`);
    }
  });
  return tokens;
}

// C0 and C1 controls, and the two characters JavaScript and many log viewers break lines at.
// oxlint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Escapes C0 and C1 controls, U+2028 and U+2029 as `\uXXXX`, so that echoed text stays on its line. */
export function escapeLogText(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Writes one escaped line to `stream` as a command's last words: a failure to write is ignored. */
export function writeLastLine(stream: Writable, line: string): void {
  try {
    if (!stream.destroyed) stream.write(`${escapeLogText(line)}\n`);
  } catch {
    // nowhere left to say it
  }
}
