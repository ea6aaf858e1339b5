// The code blocks and links of the Markdown documents (README.md, CONTRIBUTING.md, docs/*.md), as
// test/integration/docs.test.ts runs and checks them.
//
// How a block is run, by the first word of its fence's info string:
// - ```ts: type-checked under the repository's strict tsconfig, as a module of its own that
//   imports "rbm-events" (the built package), then run with the repository as working directory.
//   A line `expression; //=> value` checks the expression's value: `value` is read as JavaScript
//   and compared deeply; `//=> RbmEventError: message` expects that error to be thrown; a shown
//   value with `…` in it is an abbreviation, checked only to be defined.
// - ```sh: each line `$ command` runs in bash, in the repository, and the lines after it up to the
//   next `$` are its expected standard output (ports and durations aside). A block without `$` is
//   run as one script that must exit 0. Either way, nothing may be written on standard error.
// - any other language (```json, ```text, plain ```) is output or a usage summary, shown, not run.
// A second word in the info string changes that: `compile-only` type-checks a TypeScript block
// without running it; `illustrative` leaves the block out, for code that cannot run here (a terminal
// session, `npm ci` itself). Use them sparingly: every other block must really work.
// `file=PATH` shows a file of the repository instead: the block must be PATH's text exactly, and
// the test that runs PATH runs it, not the docs test (docs/examples/: runtimes.test.ts runs the
// servers in Bun, Deno and workerd, pubsub-pull.test.ts the Pub/Sub listener).
// docs/polyglot.md fences its commands ```sh go and ```sh python, its Go program ```go and the run of
// that program ```sh go-run: test/interop/polyglot.test.ts runs them, and this test leaves the page's
// blocks alone.

/** One fenced block of a Markdown file. */
export interface Block {
  /** The line of the opening fence, counted from 1. */
  readonly line: number;
  readonly lang: string;
  readonly flags: readonly string[];
  /** The block's text, without the indentation of its fence. */
  readonly body: string;
}

/** The repository file a block shows (its `file=PATH` flag), or undefined. */
export function shownFile(block: Block): string | undefined {
  return block.flags.find((flag) => flag.startsWith("file="))?.slice("file=".length);
}

/** The fenced code blocks of a Markdown text, list-item indentation removed. */
export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*(.*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent = "", lang = "", rest = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] as string); j++) {
      const text = lines[j] as string;
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
    }
    blocks.push({ line: i + 1, lang, flags: rest.split(/\s+/).filter(Boolean), body: body.join("\n") });
    i = j;
  }
  return blocks;
}

/**
 * A TypeScript block of document `doc` as a module that checks its `//=>` lines: each becomes a call
 * to `show` (imported from `support`), with where it is ("docs/api.md line 120"), the expression,
 * and the value shown.
 */
export function checkedModule(doc: string, block: Block, support: string): string {
  const lines = block.body.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const alone = /^\s*\/\/=>\s?(.*)$/.exec(line);
    if (alone !== null && out.length > 0) {
      // `//=>` on a line of its own shows the value of the statement before it.
      const previous = out.pop() as string;
      out.push(showLine(previous, alone[1] as string, `${doc} line ${block.line + i}`));
      out.push("");
      continue;
    }
    const inline = /^(.*?\S)\s*\/\/=>\s?(.*)$/.exec(line);
    out.push(inline === null ? line : showLine(inline[1] as string, inline[2] as string, `${doc} line ${block.line + i + 1}`));
  }
  const checks = out.some((line) => line.includes("show("));
  return `${checks ? `import { show } from ${JSON.stringify(support)};\n` : ""}${out.join("\n")}\n`;
}

function showLine(code: string, shown: string, where: string): string {
  const indent = /^\s*/.exec(code)?.[0] ?? "";
  const expression = code.trim().replace(/;$/, "");
  // An expression that awaits is checked once it settles, as top-level await allows.
  const awaits = /\bawait\b/.test(expression);
  return `${indent}${awaits ? "await " : ""}show(${JSON.stringify(where)}, ${awaits ? "async " : ""}() => (${expression}), ${JSON.stringify(shown.trim())});`;
}

/** A command of a shell block, and the output shown after it. */
export interface ShellStep {
  readonly command: string;
  readonly output: string;
}

/** The `$ command` lines of a shell block and the output after each; empty when it has none. */
export function shellSteps(body: string): ShellStep[] {
  const steps: { command: string; output: string[] }[] = [];
  for (const line of body.split("\n")) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)?.output.push(line);
  }
  return steps.map((s) => ({ command: s.command, output: s.output.join("\n").trim() }));
}

/** Output as compared: ports, durations and trailing spaces left out. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/:\d{2,5}\//g, ":PORT/")
    .replace(/\b\d+(\.\d+)? ?ms\b/g, "N ms")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

/** A link of a Markdown text: its target as written, and the line it is on, counted from 1. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/**
 * The inline links and images of a Markdown text, `[text](target)`, outside code blocks and code
 * spans; a target's optional title (`[a](b "title")`) is left out.
 */
export function markdownLinks(markdown: string): Link[] {
  const links: Link[] = [];
  let fenced = false;
  markdown.split("\n").forEach((text, index) => {
    if (/^\s*```/.test(text)) fenced = !fenced;
    if (fenced) return;
    const prose = text.replace(/(`+).*?(?<!`)\1(?!`)/g, "``"); // code spans, which hold no links
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1] as string, line: index + 1 });
  });
  return links;
}

/**
 * The anchors GitHub gives the headings of a Markdown text: lower case, punctuation but `-` and `_`
 * dropped, spaces made `-`, and `-1`, `-2`, … after a repeated one.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const text of markdown.split("\n")) {
    if (/^\s*```/.test(text)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading === null) continue;
    const slug = (heading[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
