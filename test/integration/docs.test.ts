// The docs cannot drift from the code: every TypeScript block of README.md, CONTRIBUTING.md and
// docs/*.md compiles under the strict tsconfig against the built package and runs, with every
// `//=>` value checked; their shell examples run with their shown output compared; and every
// relative link in them points at a file, and an anchor at a heading, that exists.
// test/support/docs.ts says how each kind of block is run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { checkedModule, codeBlocks, headingAnchors, markdownLinks, normalizeOutput, shellSteps, shownFile, type Block } from "../support/docs.js";
import { tsc } from "../support/typescript.js";

const root = resolve(import.meta.dirname, "../..");
const markdown = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".md"))
    .map((name) => (dir === "." ? name : `${dir}/${name}`));

/** Every document a reader follows links through, the generated schema reference included. */
const documents = ["README.md", "CONTRIBUTING.md", ...markdown("docs"), ...markdown("docs/schema")];
/** Those whose blocks this test runs: test/interop/polyglot.test.ts runs docs/polyglot.md's, in Go and Python. */
const running = documents.filter((doc) => doc !== "docs/polyglot.md");
const text = new Map(documents.map((doc) => [doc, readFileSync(join(root, doc), "utf8")]));

/** A block, and the document it is in. */
interface Placed extends Block {
  readonly doc: string;
}
const blocks: Placed[] = running.flatMap((doc) => codeBlocks(text.get(doc) as string).map((block) => ({ ...block, doc })));
const at = (block: Placed) => `${block.doc} line ${block.line}`;

/** At most this many blocks are only shown, in all documents and in any one of them. */
const ILLUSTRATIVE = { all: 6, perDocument: 2 };
const illustrative = (block: Block) => block.flags.includes("illustrative");
// A block that shows a file is run by that file's own test; this one checks that it shows the file as it is.
const runs = (block: Block) => !illustrative(block) && shownFile(block) === undefined;
const typescript = blocks.filter((b) => b.lang === "ts" && runs(b));
const shell = blocks.filter((b) => b.lang === "sh" && runs(b));

const test = suite("docs");
let dir = "";
/** The module a TypeScript block is compiled and run as, named after its document and line. */
const file = (block: Placed) => join(dir, `${block.doc.replace(/[^A-Za-z0-9]+/g, "-")}-line-${block.line}.ts`);

test.before(() => {
  // The blocks import "rbm-events" as a user does: a module inside this package resolves its own
  // name through package.json's exports, to the built dist/.
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore" });
  dir = mkdtempSync(join(root, ".docs-"));
  const support = `./${relative(dir, join(root, "test", "support", "docs-show.js")).replace(/\\/g, "/")}`;
  for (const block of typescript) writeFileSync(file(block), checkedModule(block.doc, block, support.startsWith("./..") ? support.slice(2) : support));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["*.ts"] }));
});

test.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test("has TypeScript and shell blocks to run, and marks few as illustrative", () => {
  assert.ok(typescript.length >= 12, `${typescript.length} TypeScript blocks`);
  assert.ok(shell.length >= 8, `${shell.length} shell blocks`);
  for (const doc of ["README.md", "docs/api.md", "docs/webhooks.md", "docs/cli.md"]) {
    assert.ok(
      blocks.some((b) => b.doc === doc && runs(b) && (b.lang === "ts" || b.lang === "sh")),
      `${doc} has no block to run`,
    );
  }
  const shown = blocks.filter(illustrative);
  assert.ok(shown.length <= ILLUSTRATIVE.all, `${shown.length} illustrative blocks, at most ${ILLUSTRATIVE.all}: ${shown.map(at).join(", ")}`);
  for (const doc of running) {
    const here = shown.filter((b) => b.doc === doc);
    assert.ok(
      here.length <= ILLUSTRATIVE.perDocument,
      `${doc} has ${here.length} illustrative blocks, at most ${ILLUSTRATIVE.perDocument}: ${here.map(at).join(", ")}`,
    );
  }
});

test("shows each file a block names as the file is", () => {
  const shown = blocks.filter((b) => shownFile(b) !== undefined);
  assert.ok(shown.length >= 4, `${shown.length} blocks show a file`);
  for (const block of shown) {
    const path = shownFile(block) as string;
    assert.is(block.body, readFileSync(join(root, path), "utf8").trimEnd(), `${at(block)} shows ${path}`);
  }
});

test("catches a value shown wrongly, and an error that is not thrown, naming the document and line", () => {
  const support = "../test/support/docs-show.js";
  const block = (body: string): Block => ({ line: 1, lang: "ts", flags: [], body });
  const wrong = checkedModule(
    "docs/example.md",
    block('import { timestampToJson } from "rbm-events";\ntimestampToJson({ seconds: 0, nanos: 0 }); //=> "1970-01-01T00:00:01Z"'),
    support,
  );
  const silent = checkedModule(
    "docs/example.md",
    block('import { timestampToJson } from "rbm-events";\ntimestampToJson({ seconds: 0, nanos: 0 });\n//=> RbmEventError: nope'),
    support,
  );
  for (const [name, module, message] of [
    ["wrong", wrong, 'docs/example.md line 3: shows "1970-01-01T00:00:01Z", got "1970-01-01T00:00:00Z"'],
    ["silent", silent, "docs/example.md line 3: shows an RbmEventError, but nothing was thrown"],
  ] as const) {
    const path = join(dir, `check-${name}.ts`);
    writeFileSync(path, module);
    const run = spawnSync(process.execPath, ["--import", "tsx", path], { cwd: root, encoding: "utf8", timeout: 60_000 });
    rmSync(path);
    assert.is.not(run.status, 0, name);
    assert.match(run.stderr, message, name);
  }
});

test("every TypeScript block compiles under the strict tsconfig", () => {
  const named = new Map(typescript.map((block) => [relative(dir, file(block)), block]));
  const compiled = spawnSync(tsc, ["-p", dir, "--pretty", "false"], { cwd: root, encoding: "utf8" });
  // A module's line 1 may be the added import of `show`: count from the block's own first line.
  const errors = compiled.stdout.replace(/(?:[^\s(]*[\\/])?([^\s\\/(]+\.ts)\((\d+),(\d+)\)/g, (whole, name: string, line: string) => {
    const block = named.get(name);
    if (block === undefined) return whole;
    const offset = checkedModule(block.doc, block, "x").startsWith("import { show }") ? 1 : 0;
    return `${block.doc} line ${block.line + Number(line) - offset}`;
  });
  assert.is(compiled.status, 0, errors);
});

for (const block of typescript.filter((b) => !b.flags.includes("compile-only"))) {
  test(`${block.doc}: the TypeScript block at line ${block.line} runs, and shows what it prints`, () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", file(block)], { cwd: root, encoding: "utf8", timeout: 60_000 });
    assert.is(run.status, 0, `${at(block)}:\n${run.stderr}`);
  });
}

for (const block of shell) {
  test(`${block.doc}: the shell block at line ${block.line} runs as shown`, () => {
    const steps = shellSteps(block.body);
    if (steps.length === 0) {
      const run = spawnSync("bash", ["-euo", "pipefail", "-c", block.body], { cwd: root, encoding: "utf8", timeout: 180_000 });
      assert.is(run.status, 0, `${at(block)} exits ${run.status ?? run.signal}:\n${run.stderr}${run.stdout}`);
      assert.is(run.stderr, "", `${at(block)} writes on standard error`);
      return;
    }
    for (const { command, output } of steps) {
      const run = spawnSync("bash", ["-o", "pipefail", "-c", command], { cwd: root, encoding: "utf8", timeout: 120_000 });
      assert.is(normalizeOutput(run.stdout), normalizeOutput(output), `${at(block)}: $ ${command}\n${run.stderr}`);
      assert.is(run.stderr, "", `${at(block)}: $ ${command} writes on standard error`);
    }
  });
}

test("every relative link points at a file that exists, and every anchor at a heading", () => {
  const problems: string[] = [];
  let checked = 0;
  for (const doc of documents) {
    for (const { target, line } of markdownLinks(text.get(doc) as string)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      checked++;
      const [path = "", anchor] = target.split("#");
      const linked = path === "" ? doc : relative(root, resolve(root, dirname(doc), decodeURIComponent(path)));
      if (linked.startsWith("..") || !existsSync(join(root, linked))) {
        problems.push(`${doc} line ${line}: ${target}: no such file`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!linked.endsWith(".md") || statSync(join(root, linked)).isDirectory()) {
        problems.push(`${doc} line ${line}: ${target}: an anchor into a file that is not Markdown`);
        continue;
      }
      const anchors = headingAnchors(text.get(linked) ?? readFileSync(join(root, linked), "utf8"));
      if (!anchors.has(anchor)) problems.push(`${doc} line ${line}: ${target}: no heading #${anchor} in ${linked}`);
    }
  }
  assert.ok(checked >= 50, `${checked} relative links`);
  assert.equal(problems, []);
});

test("finds links and anchors as GitHub does", () => {
  const links = markdownLinks('See [a](docs/a.md#x) and ![b](b.png "B").\n`[not](a link)` ``[nor](this)``\n```\n[in](a block)\n```\n[`c`](#c)');
  assert.equal(links, [
    { target: "docs/a.md#x", line: 1 },
    { target: "b.png", line: 1 },
    { target: "#c", line: 6 },
  ]);
  const anchors = headingAnchors(
    "# decodeEvent(input, options?)\n## Fetch runtimes: Bun, Deno\n## Notes\n```\n# not a heading\n```\n## Notes\n## `rbm-events drift`",
  );
  assert.equal([...anchors], ["decodeeventinput-options", "fetch-runtimes-bun-deno", "notes", "notes-1", "rbm-events-drift"]);
});

test.run();
