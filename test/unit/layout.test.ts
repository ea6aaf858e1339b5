// The layout of src/: folders in layers, imports only going down them, no import cycle, small
// kebab-case modules. Read from the source text, so a new file is checked as soon as it exists.
import { readdirSync, readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { importsOf, resolveSource } from "../support/import-graph.js";

const srcRoot = new URL("../../src/", import.meta.url);

/** The layers from the bottom; a module may import its own layer's modules and those below. */
const LAYERS = ["errors.ts", "encoding", "schema", "codec", "events", "signature", "webhook", "entry", "cli"];
const MAX_LINES = 300;

/** src-relative paths of every .ts file under src/. */
function sourceFiles(): string[] {
  return (readdirSync(srcRoot, { recursive: true }) as string[])
    .map((name) => name.replaceAll("\\", "/"))
    .filter((name) => name.endsWith(".ts"))
    .sort();
}

/** The layer of a src-relative path: its folder, "errors.ts", or "entry" for the other top-level files. */
function layerOf(file: string): string {
  if (file.includes("/")) return file.slice(0, file.indexOf("/"));
  return file === "errors.ts" ? file : "entry";
}

/** Every import between src files (type-only ones too), as src-relative paths. */
function graph(files: readonly string[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const url = new URL(file, srcRoot);
    const targets = importsOf(readFileSync(url, "utf8"))
      .filter(({ spec }) => spec.startsWith("."))
      .map(({ spec }) => resolveSource(spec, url).href)
      .filter((href) => href.startsWith(srcRoot.href))
      .map((href) => href.slice(srcRoot.href.length));
    edges.set(file, [...new Set(targets)]);
  }
  return edges;
}

/** The first import cycle found, as a list of files ending where it started, or undefined. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, "open");
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of edges.keys()) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** The files reached from `start` through imports, `start` excluded unless in a cycle. */
function reachable(edges: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...(edges.get(start) ?? [])];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(edges.get(file) ?? []));
  }
  return seen;
}

/**
 * What a folder shows the others: its index.ts, and the modules that need Node, which the fetch
 * entry point must not reach through a face.
 */
const FACES = new Set(["signature/node.ts", "webhook/node.ts", "webhook/redis-store.ts"]);

/** The imports from one folder (or an entry point) into another folder's internals, as "from -> to". */
function pastFaces(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of edges) {
    for (const target of targets) {
      const folder = target.includes("/") ? target.slice(0, target.indexOf("/")) : undefined;
      if (folder === undefined || file.startsWith(`${folder}/`)) continue;
      if (target !== `${folder}/index.ts` && !FACES.has(target)) wrong.push(`${file} -> ${target}`);
    }
  }
  return wrong;
}

/** The imports that go up the layers, as "from -> to". */
function upwardImports(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of edges) {
    for (const target of targets) {
      if (LAYERS.indexOf(layerOf(target)) > LAYERS.indexOf(layerOf(file))) wrong.push(`${file} -> ${target}`);
    }
  }
  return wrong;
}

const layout = suite("src/ layout");

layout("puts every file in a known layer", () => {
  for (const file of sourceFiles()) assert.ok(LAYERS.includes(layerOf(file)), `${file} is in no layer of ${LAYERS.join(", ")}`);
});

layout("has no import cycle, type-only imports included", () => {
  assert.is(findCycle(graph(sourceFiles()))?.join(" -> "), undefined);
});

layout("imports only go down the layers", () => {
  assert.equal(upwardImports(graph(sourceFiles())), []);
});

layout("keeps CLI commands from importing one another, directly or through a helper", () => {
  // the commands are the modules src/cli/main.ts loads lazily, one per command
  const main = readFileSync(new URL("cli/main.ts", srcRoot), "utf8");
  const commands = [...main.matchAll(/\bimport\("\.\/([a-z0-9-]+)\.js"\)/g)].map(([, name]) => `cli/${name}.ts`);
  assert.ok(commands.length >= 4, commands.join(", "));
  const edges = graph(sourceFiles());
  for (const command of commands) {
    const reached = reachable(edges, command);
    const others = commands.filter((other) => other !== command && reached.has(other));
    assert.equal(others, [], `${command} reaches ${others.join(", ")}`);
  }
});

layout("imports another folder through its face, index.ts (or a module that needs Node)", () => {
  assert.equal(pastFaces(graph(sourceFiles())), []);
});

layout(`keeps every file at ${MAX_LINES} lines or fewer`, () => {
  const long = sourceFiles()
    .map((file) => [file, readFileSync(new URL(file, srcRoot), "utf8").split("\n").length - 1] as const)
    .filter(([, lines]) => lines > MAX_LINES);
  assert.equal(long, []);
});

layout("names files in kebab-case", () => {
  assert.equal(
    sourceFiles().filter((file) => !/^(?:[a-z]+\/)?[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/.test(file)),
    [],
  );
});

layout.run();

const checks = suite("layout checks");

checks("findCycle() finds a cycle through several files, and none in a diamond", () => {
  const diamond = new Map([
    ["a", ["b", "c"]],
    ["b", ["d"]],
    ["c", ["d"]],
    ["d", []],
  ]);
  assert.is(findCycle(diamond), undefined);
  const cyclic = new Map([
    ["a", ["b"]],
    ["b", ["c"]],
    ["c", ["a"]],
  ]);
  assert.equal(findCycle(cyclic), ["a", "b", "c", "a"]);
  assert.equal(findCycle(new Map([["a", ["a"]]])), ["a", "a"]);
});

checks("upwardImports() names an import from a lower layer to a higher one only", () => {
  const edges = new Map([
    ["codec/validate.ts", ["schema/plan.ts", "codec/from-json.ts", "events/decode.ts"]],
    ["index.ts", ["web.ts", "errors.ts"]],
    ["errors.ts", ["encoding/utf8.ts"]],
    ["cli/main.ts", ["cli/io.ts", "index.ts"]],
  ]);
  assert.equal(upwardImports(edges), ["codec/validate.ts -> events/decode.ts", "errors.ts -> encoding/utf8.ts"]);
});

checks("pastFaces() names an import into another folder's internals only", () => {
  const edges = new Map([
    ["codec/validate.ts", ["schema/index.ts", "codec/from-json.ts", "schema/plan.ts"]],
    ["web.ts", ["webhook/index.ts", "webhook/web.ts"]],
    ["index.ts", ["webhook/node.ts", "errors.ts"]],
  ]);
  assert.equal(pastFaces(edges), ["codec/validate.ts -> schema/plan.ts", "web.ts -> webhook/web.ts"]);
});

checks.run();

const tiers = suite("test/unit tier");

tiers("imports no process, server or worker module: those tests go in test/integration or test/interop", () => {
  const unitRoot = new URL("./", import.meta.url);
  const slow = /^(?:node:)?(?:child_process|cluster|http|https|http2|net|dgram|worker_threads)$/;
  const offenders: string[] = [];
  for (const file of (readdirSync(unitRoot, { recursive: true }) as string[]).filter((name) => name.endsWith(".ts"))) {
    for (const { spec, typeOnly } of importsOf(readFileSync(new URL(file.replaceAll("\\", "/"), unitRoot), "utf8"))) {
      if (!typeOnly && slow.test(spec)) offenders.push(`${file}: ${spec}`);
    }
  }
  assert.equal(offenders, []);
});

tiers.run();
