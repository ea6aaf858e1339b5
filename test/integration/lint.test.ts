// `npm run lint` is type-aware: it refuses a promise used as a boolean, as in
// `if (verifySignature(…))`, which passes while the check is still pending, and a promise nobody
// awaits or handles. The compiler accepts both.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(import.meta.dirname, "../..");
const test = suite("npm run lint");

/** Runs `npm run lint` on a file written under test/ for the run (so tsconfig.json covers it), then removes it. */
function lint(source: string): { code: number | null; output: string } {
  const file = join("test", "integration", `lint-hazard-${process.pid}.ts`);
  writeFileSync(join(root, file), source);
  try {
    const run = spawnSync("npm", ["run", "--silent", "lint", "--", file], { cwd: root, encoding: "utf8", timeout: 120_000 });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(join(root, file), { force: true });
  }
}

const verify = (body: string) => `import { verifySignature } from "../../src/index.js";

export async function accept(data: Uint8Array, signature: string, token: string): Promise<boolean> {
${body}
}
`;

test("refuses verifySignature() used as a boolean, and its promise left floating", () => {
  const { code, output } = lint(
    verify(`  verifySignature(data, signature, token);
  if (verifySignature(data, signature, token)) return true;
  return false;`),
  );
  assert.is.not(code, 0, output);
  assert.match(output, "no-misused-promises");
  assert.match(output, "no-floating-promises");
});

test("accepts the same calls awaited", () => {
  const { code, output } = lint(
    verify(`  await verifySignature(data, signature, token);
  if (await verifySignature(data, signature, token)) return true;
  return false;`),
  );
  assert.is(code, 0, output);
});

test.run();
