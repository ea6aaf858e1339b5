// What a README block's `expression; //=> value` line becomes: a check that fails with the line.
import { deepEqual } from "node:assert/strict";
import { isRbmEventError } from "../../src/errors.js";

/**
 * Checks the value of `run()` against the value shown for it on README line `line`; for a `run`
 * that returns a promise, once it settles.
 */
export function show(line: number, run: () => unknown, shown: string): void | Promise<void> {
  let value: unknown;
  try {
    value = run();
  } catch (thrown) {
    return check(line, { thrown }, shown);
  }
  if (value instanceof Promise) return value.then((resolved) => check(line, { value: resolved }, shown), (thrown) => check(line, { thrown }, shown));
  return check(line, { value }, shown);
}

function check(line: number, outcome: { value: unknown } | { thrown: unknown }, shown: string): void {
  const error = /^RbmEventError: (.*)$/.exec(shown);
  if ("thrown" in outcome && error === null) throw outcome.thrown;
  if (error !== null) {
    if ("thrown" in outcome) {
      const thrown = outcome.thrown;
      // The package's errors are checked by name and brand, whichever copy threw them.
      if (!isRbmEventError(thrown) && (thrown as Error)?.name !== "RbmEventError") throw thrown;
      if ((thrown as Error).message !== error[1]) {
        throw new Error(`README line ${line}: shows ${JSON.stringify(error[1])}, threw ${JSON.stringify((thrown as Error).message)}`);
      }
      return;
    }
    throw new Error(`README line ${line}: shows an RbmEventError, but nothing was thrown`);
  }
  const actual = (outcome as { value: unknown }).value;
  if (shown.includes("…")) {
    if (actual === undefined) throw new Error(`README line ${line}: shows ${shown}, got undefined`);
    return;
  }
  let expected: unknown;
  try {
    // oxlint-disable-next-line typescript/no-implied-eval -- evaluating the value the README shows is the point
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
