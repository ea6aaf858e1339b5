// The Go and Python commands of docs/polyglot.md, run as a user would: in a fresh directory beside
// the schema, installed as a package (node_modules/rbm-events) and as a clone; then the generated
// code is built and used, and must write every message's full vector to its bytes.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { messageTypeNames } from "../../src/schema/index.js";
import { codeBlocks, type Block } from "../support/docs.js";
import { DEBIAN_PROTOBUF_GO, goMissing, ROOT, runBounded } from "./go/toolchain.js";
import { findPythonPeer } from "./peer/python.js";
import { vectorFileName, type VectorFile } from "./vectors/vectors.js";

const DOC = "docs/polyglot.md";
const GO_PACKAGE = "rbm/events/v1;eventsv1";
/** A command of the page, or building what it wrote; the first Go build compiles the protobuf runtime. */
const STEP_MS = 5 * 60_000;

/** The page's commands: ```sh go and ```sh python blocks (```sh illustrative ones are not run). */
const blocks = codeBlocks(readFileSync(join(ROOT, DOC), "utf8")).filter((b) => b.lang === "sh" && (b.flags[0] === "go" || b.flags[0] === "python"));

/** The "every field set" vector of each message: what the generated code must write. */
const full = messageTypeNames().map((message) => {
  const file = JSON.parse(readFileSync(join(import.meta.dirname, "vectors", vectorFileName(message)), "utf8")) as VectorFile;
  const vector = file.cases.find((c) => c.name === "every field set");
  if (vector === undefined) throw new Error(`${vectorFileName(message)} has no "every field set" case`);
  return { message, json: JSON.stringify(vector.json), binary: vector.binary };
});
const input = full.map((v) => `${JSON.stringify({ message: v.message, json: v.json })}\n`).join("");

/** A user's Go module, the one the Go template's go_package_prefix names, reading input's lines. */
const GO_MOD = `module example.com/service

go 1.19

require google.golang.org/protobuf v1.28.1

replace google.golang.org/protobuf => ${DEBIAN_PROTOBUF_GO}
`;
const GO_MAIN = `package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	_ "example.com/service/gen/rbm/events/v1"
)

func main() {
	lines := bufio.NewScanner(os.Stdin)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		var line struct{ Message, JSON string }
		must(json.Unmarshal(lines.Bytes(), &line))
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(line.Message))
		must(err)
		m := mt.New().Interface()
		must(protojson.Unmarshal([]byte(line.JSON), m))
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		must(err)
		fmt.Println(base64.StdEncoding.EncodeToString(b))
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
`;
/** The same in Python: every module of gen/rbm/events/v1 imported, input's lines written as bytes. */
const PY_MAIN = `
import base64, importlib, json, os, sys
sys.path.insert(0, "gen")
from google.protobuf import json_format
classes = {}
for name in sorted(os.listdir("gen/rbm/events/v1")):
    if name.endswith("_pb2.py"):
        module = importlib.import_module("rbm.events.v1." + name[:-3])
        for message in module.DESCRIPTOR.message_types_by_name:
            cls = getattr(module, message)
            classes[cls.DESCRIPTOR.full_name] = cls
for line in sys.stdin:
    request = json.loads(line)
    message = json_format.Parse(request["json"], classes[request["message"]]())
    print(base64.b64encode(message.SerializeToString()).decode("ascii"))
`;

const goSkip = goMissing();
const python = findPythonPeer();
const skips: Record<string, string | undefined> = { go: goSkip, python: python.skip };

let base = "";
/** Where the schema is, as `SCHEMA` names it from a service directory, and where those directories go. */
const layouts: Array<{ name: string; schema: string; parent: string }> = [];

/** The package's layout: package.json's "files" that exist here, and the descriptor set that the build makes. */
function installedPackage(binpb: string): string {
  const parent = join(base, "installed");
  const pkg = join(parent, "node_modules", "rbm-events");
  const files = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;
  for (const entry of files) {
    if (entry === "dist/rbm-events.binpb") cpSync(binpb, join(pkg, entry));
    else if (!entry.startsWith("dist/")) cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
  }
  return parent;
}

/** A clone's layout: the checkout's schema, templates and buf.yaml, with dist/ built. */
function clone(binpb: string): string {
  const parent = join(base, "clone");
  for (const entry of ["proto", "polyglot", "buf.yaml", "package.json"]) cpSync(join(ROOT, entry), join(parent, "rbm-events", entry), { recursive: true });
  cpSync(binpb, join(parent, "rbm-events", "dist", "rbm-events.binpb"));
  return parent;
}

/** Runs a block in a new directory of the layout; resolves to that directory. */
async function runBlock(block: Block, layout: (typeof layouts)[number]): Promise<string> {
  const dir = mkdtempSync(join(layout.parent, "service-"));
  if (layout.name === "installed") symlinkSync(join(layout.parent, "node_modules"), join(dir, "node_modules"));
  const script = `set -euo pipefail\nSCHEMA=${layout.schema}\n${block.body}\n`;
  const ran = await runBounded("bash", ["-c", script], { cwd: dir, ms: STEP_MS });
  if (ran.code !== 0) throw new Error(`${DOC}:${block.line} (${layout.name}) exited with ${ran.code}:\n${ran.stdout}${ran.stderr}`);
  return dir;
}

/** Builds and runs a Go program with the generated package; resolves to its output lines. */
async function useGo(dir: string): Promise<string[]> {
  writeFileSync(join(dir, "go.mod"), GO_MOD);
  writeFileSync(join(dir, "main.go"), GO_MAIN);
  const ran = await runBounded("go", ["run", "."], { cwd: dir, ms: STEP_MS, input });
  if (ran.code !== 0) throw new Error(`go run exited with ${ran.code}:\n${ran.stderr}`);
  return ran.stdout.trim().split("\n");
}

/** Imports the generated modules with Debian's Python; resolves to its output lines. */
async function usePython(dir: string): Promise<string[]> {
  const ran = await runBounded("/usr/bin/python3", ["-E", "-s", "-B", "-c", PY_MAIN], { cwd: dir, ms: STEP_MS, input });
  if (ran.code !== 0) throw new Error(`python3 exited with ${ran.code}:\n${ran.stderr}`);
  return ran.stdout.trim().split("\n");
}

const page = suite(DOC);

page("shows a buf and a protoc command for Go and for Python", () => {
  for (const language of ["go", "python"]) {
    const bodies = blocks.filter((b) => b.flags[0] === language).map((b) => b.body);
    assert.ok(bodies.some((b) => b.includes(`$SCHEMA/polyglot/${language}/buf.gen.yaml`) && b.includes("buf generate")), language);
    assert.ok(bodies.some((b) => /^protoc -I "\$SCHEMA\/proto"/m.test(b)), language);
  }
});

page("docs/schema.md's protoc commands are the page's", () => {
  const schema = readFileSync(join(ROOT, "docs", "schema.md"), "utf8");
  const start = schema.indexOf("## Using the schema from another language");
  assert.ok(start >= 0, "docs/schema.md has no section on other languages");
  const section = schema.slice(start, schema.indexOf("\n## ", start + 1));
  const shown = codeBlocks(section).flatMap((b) => b.body.split("\n")).filter((line) => line.startsWith("protoc "));
  assert.ok(shown.length > 0, "docs/schema.md shows no protoc command");
  const run = blocks.flatMap((b) => b.body.split("\n"));
  for (const line of shown) assert.ok(run.includes(line.replace(/\s+#.*$/, "")), line);
});

page("every .proto file declares the go_package the page shows", () => {
  const dir = join(ROOT, "proto", "rbm", "events", "v1");
  const files = readdirSync(dir).filter((f) => f.endsWith(".proto"));
  assert.ok(files.length > 0);
  for (const file of files) assert.match(readFileSync(join(dir, file), "utf8"), `\noption go_package = "${GO_PACKAGE}";\n`, file);
  assert.match(readFileSync(join(ROOT, DOC), "utf8"), `option go_package = "${GO_PACKAGE}";`);
});

page("the package ships the templates", () => {
  const files = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files;
  assert.ok(files.includes("polyglot"), files.join());
  assert.ok(files.includes("proto"), files.join());
});

page.run();

const commands = suite(`${DOC} commands`);

commands.before(async () => {
  base = mkdtempSync(join(tmpdir(), "rbm-events-polyglot-"));
  const binpb = join(base, "rbm-events.binpb");
  // What `npm run build` writes to dist/rbm-events.binpb.
  const built = await runBounded("buf", ["build", "-o", binpb], { cwd: ROOT, ms: 60_000 });
  if (built.code !== 0) throw new Error(`buf build exited with ${built.code}:\n${built.stderr}`);
  layouts.push({ name: "installed", schema: "node_modules/rbm-events", parent: installedPackage(binpb) });
  layouts.push({ name: "clone", schema: "../rbm-events", parent: clone(binpb) });
  for (const layout of layouts) mkdirSync(layout.parent, { recursive: true });
});

commands.after(() => {
  if (base !== "") rmSync(base, { recursive: true, force: true });
});

for (const block of blocks) {
  const language = block.flags[0] as "go" | "python";
  const title = `${language}, line ${block.line}: ${block.body.split("\n").at(-1)}`;
  const skip = skips[language];
  if (skip !== undefined) {
    console.log(`  ${DOC}:${block.line} skipped: ${skip}`);
    commands.skip(`${title} (skipped: ${skip})`, () => {});
    continue;
  }
  commands(`${title}: generates code that writes every message's full vector, installed and from a clone`, async () => {
    for (const layout of layouts) {
      const dir = await runBlock(block, layout);
      const lines = language === "go" ? await useGo(dir) : await usePython(dir);
      assert.equal(lines, full.map((v) => v.binary), `${layout.name}, ${DOC}:${block.line}`);
    }
  });
}

commands.run();
