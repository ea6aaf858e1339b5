// README.md cannot drift from the code: its TypeScript blocks compile under the strict tsconfig
// against the built package and run, with every `//=>` value checked, and its shell examples run
// with their shown output compared. test/support/readme.ts says how each kind of block is run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkedModule, codeBlocks, normalizeOutput, shellSteps, shownFile, type Block } from "../support/readme.js";
import { tsc } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = codeBlocks(readme);
const test = suite("README.md");
let dir = "";

const illustrative = (block: Block) => block.flags.includes("illustrative");
// A block that shows a file is run by that file's own test; this one checks that it shows the file as it is.
const runs = (block: Block) => !illustrative(block) && shownFile(block) === undefined;
const typescript = blocks.filter((b) => b.lang === "ts" && runs(b));
const shell = blocks.filter((b) => b.lang === "sh" && runs(b));
const file = (block: Block) => join(dir, `line-${block.line}.ts`);

test.before(() => {
  // The blocks import "rbm-events" as a user does: a module inside this package resolves its own
  // name through package.json's exports, to the built dist/.
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore" });
  dir = mkdtempSync(join(root, ".readme-"));
  const support = `./${relative(dir, join(root, "test", "support", "readme-show.js")).replace(/\\/g, "/")}`;
  for (const block of typescript) writeFileSync(file(block), checkedModule(block, support.startsWith("./..") ? support.slice(2) : support));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["*.ts"] }));
});

test.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("has TypeScript and shell blocks to run, and marks few as illustrative", () => {
  assert.ok(typescript.length >= 4, `${typescript.length} TypeScript blocks`);
  assert.ok(shell.length >= 2, `${shell.length} shell blocks`);
  const lines = blocks.filter(illustrative).map((b) => b.line);
  // the set-up commands, the schema-change flow, the polyglot commands (which test/interop/polyglot.test.ts
  // checks against docs/polyglot.md) and the interactive try-out
  assert.ok(lines.length <= 8, `illustrative blocks at lines ${lines.join(", ")}`);
});

test("shows each file a block names as the file is", () => {
  const shown = blocks.filter((b) => shownFile(b) !== undefined);
  assert.ok(shown.length >= 3, `${shown.length} blocks show a file`);
  for (const block of shown) {
    const path = shownFile(block) as string;
    assert.is(block.body, readFileSync(join(root, path), "utf8").trimEnd(), `README.md line ${block.line} shows ${path}`);
  }
});

test("catches a value shown wrongly, and an error that is not thrown", () => {
  const support = "../test/support/readme-show.js";
  const wrong = checkedModule({ line: 1, lang: "ts", flags: [], body: 'import { timestampToJson } from "rbm-events";\ntimestampToJson({ seconds: 0, nanos: 0 }); //=> "1970-01-01T00:00:01Z"' }, support);
  const silent = checkedModule({ line: 1, lang: "ts", flags: [], body: 'import { timestampToJson } from "rbm-events";\ntimestampToJson({ seconds: 0, nanos: 0 });\n//=> RbmEventError: nope' }, support);
  for (const [name, text, message] of [["wrong", wrong, 'README line 3: shows "1970-01-01T00:00:01Z", got "1970-01-01T00:00:00Z"'], ["silent", silent, "README line 3: shows an RbmEventError, but nothing was thrown"]] as const) {
    const path = join(dir, `check-${name}.ts`);
    writeFileSync(path, text);
    const run = spawnSync(process.execPath, ["--import", "tsx", path], { cwd: root, encoding: "utf8", timeout: 60_000 });
    rmSync(path);
    assert.is.not(run.status, 0, name);
    assert.match(run.stderr, message, name);
  }
});

test("every TypeScript block compiles under the strict tsconfig", () => {
  const compiled = spawnSync(tsc, ["-p", dir, "--pretty", "false"], { cwd: root, encoding: "utf8" });
  const errors = compiled.stdout.replace(/line-(\d+)\.ts\((\d+),(\d+)\)/g, (_, line: string, at: string) => `README.md block at line ${line}, its line ${Number(at) - 1}`);
  assert.is(compiled.status, 0, errors);
});

for (const block of typescript.filter((b) => !b.flags.includes("compile-only"))) {
  test(`the TypeScript block at line ${block.line} runs, and shows what it prints`, () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", file(block)], { cwd: root, encoding: "utf8", timeout: 60_000 });
    assert.is(run.status, 0, `README.md line ${block.line}:\n${run.stderr}`);
  });
}

for (const block of shell) {
  test(`the shell block at line ${block.line} runs as shown`, () => {
    const steps = shellSteps(block.body);
    if (steps.length === 0) {
      const run = spawnSync("bash", ["-euo", "pipefail", "-c", block.body], { cwd: root, encoding: "utf8", timeout: 120_000 });
      assert.is(run.status, 0, `README.md line ${block.line}:\n${run.stderr}`);
      return;
    }
    for (const { command, output } of steps) {
      const run = spawnSync("bash", ["-o", "pipefail", "-c", command], { cwd: root, encoding: "utf8", timeout: 120_000 });
      assert.is(normalizeOutput(run.stdout), normalizeOutput(output), `README.md line ${block.line}: $ ${command}\n${run.stderr}`);
    }
  });
}

test.run();
