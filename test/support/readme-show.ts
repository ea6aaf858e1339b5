// What a README block's `expression; //=> value` line becomes: a check that fails with the line.
import { deepEqual } from "node:assert/strict";
import { isRbmEventError } from "../../src/errors.js";

/** Checks the value of `run()` against the value shown for it on README line `line`. */
export function show(line: number, run: () => unknown, shown: string): void {
  const error = /^RbmEventError: (.*)$/.exec(shown);
  if (error !== null) {
    try {
      run();
    } catch (thrown) {
      // The package's errors are checked by name and brand, whichever copy threw them.
      if (!isRbmEventError(thrown) && (thrown as Error)?.name !== "RbmEventError") throw thrown;
      if ((thrown as Error).message !== error[1]) {
        throw new Error(`README line ${line}: shows ${JSON.stringify(error[1])}, threw ${JSON.stringify((thrown as Error).message)}`);
      }
      return;
    }
    throw new Error(`README line ${line}: shows an RbmEventError, but nothing was thrown`);
  }
  const actual = run();
  if (shown.includes("…")) {
    if (actual === undefined) throw new Error(`README line ${line}: shows ${shown}, got undefined`);
    return;
  }
  let expected: unknown;
  try {
    expected = new Function(`return (${shown});`)();
  } catch {
    throw new Error(`README line ${line}: the value shown is not JavaScript: ${shown}`);
  }
  try {
    deepEqual(plain(actual), expected);
  } catch {
    throw new Error(`README line ${line}: shows ${shown}, got ${JSON.stringify(actual, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
  }
}

/** A value with plain objects for objects without a prototype, as a literal in the README has them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]));
}
