// What a doc block's `expression; //=> value` line becomes: a check that fails naming the document and line.
import { deepEqual } from "node:assert/strict";
import { isRbmEventError } from "../../src/errors.js";

/**
 * Checks the value of `run()` against the value shown for it at `where` ("docs/api.md line 120");
 * for a `run` that returns a promise, once it settles.
 */
export function show(where: string, run: () => unknown, shown: string): void | Promise<void> {
  let value: unknown;
  try {
    value = run();
  } catch (thrown) {
    return check(where, { thrown }, shown);
  }
  if (value instanceof Promise)
    return value.then(
      (resolved) => check(where, { value: resolved }, shown),
      (thrown) => check(where, { thrown }, shown),
    );
  return check(where, { value }, shown);
}

function check(where: string, outcome: { value: unknown } | { thrown: unknown }, shown: string): void {
  const error = /^RbmEventError: (.*)$/.exec(shown);
  if ("thrown" in outcome && error === null) throw outcome.thrown;
  if (error !== null) {
    if ("thrown" in outcome) {
      const thrown = outcome.thrown;
      // The package's errors are checked by name and brand, whichever copy threw them.
      if (!isRbmEventError(thrown) && (thrown as Error)?.name !== "RbmEventError") throw thrown;
      if ((thrown as Error).message !== error[1]) {
        throw new Error(`${where}: shows ${JSON.stringify(error[1])}, threw ${JSON.stringify((thrown as Error).message)}`);
      }
      return;
    }
    throw new Error(`${where}: shows an RbmEventError, but nothing was thrown`);
  }
  const actual = (outcome as { value: unknown }).value;
  if (shown.includes("…")) {
    if (actual === undefined) throw new Error(`${where}: shows ${shown}, got undefined`);
    return;
  }
  let expected: unknown;
  try {
    // oxlint-disable-next-line typescript/no-implied-eval -- evaluating the value the README shows is the point
    expected = new Function(`return (${shown});`)();
  } catch {
    throw new Error(`${where}: the value shown is not JavaScript: ${shown}`);
  }
  try {
    deepEqual(plain(actual), expected);
  } catch {
    throw new Error(`${where}: shows ${shown}, got ${JSON.stringify(actual, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
  }
}

/** A value with plain objects for objects without a prototype, as a literal in a doc has them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, plain(v)]));
}
