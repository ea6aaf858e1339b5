// The tier runner (.ci/test.mjs) that `npm test` calls: plain text when its output is a file or a
// pipe, and one closing line for the whole run.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(import.meta.dirname, "../..");
const test = suite("node .ci/test.mjs");

test("writes no colour codes into a file or a pipe, and ends with the totals line", () => {
  const run = spawnSync(process.execPath, [".ci/test.mjs", "unit", "--", "^errors\\.test\\.ts$"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.not.match(run.stdout, "\u001b[");
  assert.match(run.stdout.trimEnd().split("\n").at(-1) ?? "", /^\d+ passed, 0 failed$/);
});

test.run();
