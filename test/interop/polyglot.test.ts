// The Go and Python commands of docs/polyglot.md, run as a user would: in a fresh directory beside
// the schema, installed as a package (node_modules/rbm-events) and as a clone; then the generated
// code is built and used, and must write every message's full vector to its bytes. The page's Go
// program is built with each generated Go package, must print what the page shows, read every
// example and the kind rules' edge cases as decodeEvent does, and check X-Goog-Signature.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { decodeEvent, payloadTypeNames, signPayloadSync, toJson } from "../../src/index.js";
import { messageTypeNames } from "../../src/schema/index.js";
import { codeBlocks, shellSteps, type Block } from "../support/docs.js";
import { DEBIAN_PROTOBUF_GO, goMissing, ROOT, runBounded } from "./go/toolchain.js";
import { findPythonPeer } from "./peer/python.js";
import { vectorFileName, type VectorFile } from "./vectors/vectors.js";

const DOC = "docs/polyglot.md";
const GO_PACKAGE = "rbm/events/v1;eventsv1";
/** A command of the page, or building what it wrote; the first Go build compiles the protobuf runtime. */
const STEP_MS = 5 * 60_000;

const pageBlocks = codeBlocks(readFileSync(join(ROOT, DOC), "utf8"));
/** The page's commands: ```sh go and ```sh python blocks (```sh illustrative ones are not run). */
const blocks = pageBlocks.filter((b) => b.lang === "sh" && (b.flags[0] === "go" || b.flags[0] === "python"));
/** The page's Go program: its ```go blocks, of which there must be one, the main.go of the user's module. */
const programs = pageBlocks.filter((b) => b.lang === "go");
/** How the page runs it: the `$ command` lines of its ```sh go-run blocks, each with the output shown. */
const programRuns = pageBlocks
  .filter((b) => b.lang === "sh" && b.flags[0] === "go-run")
  .flatMap((b) => shellSteps(b.body).map((step) => ({ ...step, where: `${DOC}:${b.line}` })));

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
/** A webhook or Pub/Sub push body carrying `payload`, as RBM sends it. */
const pushBody = (payload: object, attributes?: Record<string, string>) =>
  JSON.stringify({ message: { data: Buffer.from(JSON.stringify(payload)).toString("base64"), ...(attributes === undefined ? {} : { attributes }) } });
const SENT = { senderPhoneNumber: "+14155550123", sendTime: "2024-03-05T10:15:30.5Z" };
/**
 * The bodies the page's Go program must read as decodeEvent does: every example the package ships,
 * and the edges of the kind rules (docs/schema/README.md#payloads).
 */
const readings = [
  ...readdirSync(join(ROOT, "examples"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => ({ name: `examples/${name}`, body: readFileSync(join(ROOT, "examples", name), "utf8") })),
  {
    name: "a user event under proto names",
    body: pushBody({ sender_phone_number: "+14155550123", event_type: "READ", event_id: "e-1", send_time: "2024-03-05T10:15:30Z" }),
  },
  { name: "a user event with text", body: pushBody({ ...SENT, eventType: "IS_TYPING", eventId: "e-2", text: "hi" }) },
  { name: "a user event whose envelope says agent launch", body: pushBody({ ...SENT, eventType: "READ", eventId: "e-3" }, { type: "agent_launch_event" }) },
  { name: "an agent launch event told by its envelope alone", body: pushBody({ eventId: "ale-1", sendTime: SENT.sendTime }, { type: "agent_launch_event" }) },
  { name: "a user message of content this build does not know", body: pushBody({ ...SENT, messageId: "m-1", sticker: { id: 7 } }) },
  {
    name: "a server event under proto names",
    body: pushBody({ phone_number: "+14155550123", event_type: "TTL_EXPIRATION_REVOKED", event_id: "s-1", send_time: "2024-03-06T00:00:00Z" }),
  },
  { name: "a payload of no kind", body: pushBody({ capabilities: ["RICHCARD_STANDALONE"] }) },
];
/** A webhook body, signed for the signature checks. */
const SIGNED = "examples/webhook-server-event.json";
const CLIENT_TOKEN = "my-client-token";

/** What rbm-events reads from a body, as `rbm-events decode` prints it: the kind, and the event's canonical JSON. */
interface Reading {
  readonly kind: string;
  readonly event: Readonly<Record<string, unknown>>;
}
function rbmEvents(body: string): Reading {
  const decoded = decodeEvent(body);
  return decoded.kind === "unknown" ? { kind: decoded.kind, event: {} } : { kind: decoded.kind, event: toJson(payloadTypeNames[decoded.kind], decoded.event) };
}

/** A Timestamp's canonical JSON and Go's RFC 3339 differ only in the trailing zeros of the fraction. */
const withoutTrailingZeros = (value: string) =>
  value.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d*?)0*)?Z$/, (_, time: string, fraction = "") => `${time}${fraction === "" ? "" : `.${fraction}`}Z`);
/** How Go prints the zero value of a field that the canonical JSON leaves out. */
const ZERO = /^(|0|false|1970-01-01T00:00:00Z|[A-Z_]*UNSPECIFIED)$/;

/**
 * Where the Go program's output (`kind: …` and then `jsonName: value` lines) disagrees with
 * rbm-events's reading: each line whose value is not the event's, or its default when the JSON has no
 * such member; empty when they agree.
 */
function disagreements(output: string, reading: Reading): string[] {
  const [first = "", ...lines] = output.trimEnd().split("\n");
  const problems = first === `kind: ${reading.kind}` ? [] : [`${first}: rbm-events reads kind ${reading.kind}`];
  if (reading.kind === "unknown") return lines.length === 0 ? problems : [...problems, `fields printed for a payload of no kind: ${lines.join("; ")}`];
  for (const line of lines) {
    const [name = "", value = ""] = line.split(/: (.*)/);
    const member = reading.event[name];
    const agrees =
      member === undefined
        ? ZERO.test(value)
        : withoutTrailingZeros(typeof member === "string" ? member : JSON.stringify(member)) === withoutTrailingZeros(value);
    if (!agrees) problems.push(`${line}: rbm-events reads ${JSON.stringify(member)}`);
  }
  return problems;
}

/** What the README shows `npx rbm-events decode examples/<name>` print, parsed; undefined when it shows no such command. */
function readmeDecodes(name: string): Reading | undefined {
  const readme = codeBlocks(readFileSync(join(ROOT, "README.md"), "utf8")).filter((b) => b.lang === "sh");
  const step = readme.flatMap((b) => shellSteps(b.body)).find((s) => s.command === `npx rbm-events decode examples/${name}`);
  return step === undefined ? undefined : (JSON.parse(step.output) as Reading);
}

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
  for (const entry of ["proto", "polyglot", "examples", "buf.yaml", "package.json"])
    cpSync(join(ROOT, entry), join(parent, "rbm-events", entry), { recursive: true });
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

/**
 * Builds the page's Go program in `dir`, beside the package a command of the page generated there,
 * and checks it: the page's `$ command` lines print what the page shows; it reads every body of
 * `readings` as rbm-events does; and with RBM_CLIENT_TOKEN set, it reads a body whose signature
 * rbm-events made with that token and refuses one signed with another token or not signed.
 */
async function useProgram(dir: string, layout: (typeof layouts)[number], where: string): Promise<void> {
  const [program] = programs;
  if (program === undefined) throw new Error(`${DOC} shows no Go program`);
  writeFileSync(join(dir, "main.go"), `${program.body}\n`);
  for (const step of programRuns) {
    const ran = await runBounded("bash", ["-c", `set -euo pipefail\nSCHEMA=${layout.schema}\n${step.command}\n`], { cwd: dir, ms: STEP_MS });
    const at = `${where}, ${step.where}: $ ${step.command}`;
    assert.is(ran.code, 0, `${at} exited with ${ran.code}:\n${ran.stderr}`);
    assert.is(ran.stdout.trim(), step.output, at);
  }
  const built = await runBounded("go", ["build", "-o", "read-event", "."], { cwd: dir, ms: STEP_MS });
  if (built.code !== 0) throw new Error(`go build exited with ${built.code}:\n${built.stderr}`);
  const read = (body: string, args: string[] = [], env: Record<string, string> = {}) =>
    runBounded(join(dir, "read-event"), args, { cwd: dir, ms: STEP_MS, input: body, env });
  for (const reading of readings) {
    const ran = await read(reading.body);
    assert.is(ran.code, 0, `${where}, ${reading.name}: exited with ${ran.code}:\n${ran.stderr}`);
    assert.equal(disagreements(ran.stdout, rbmEvents(reading.body)), [], `${where}, ${reading.name}`);
  }
  const body = readFileSync(join(ROOT, SIGNED), "utf8");
  const data = (JSON.parse(body) as { message: { data: string } }).message.data;
  const unsigned = await read(body);
  const signed = { RBM_CLIENT_TOKEN: CLIENT_TOKEN };
  const right = await read(body, ["-signature", signPayloadSync(data, CLIENT_TOKEN)], signed);
  assert.is(right.code, 0, `${where}, ${SIGNED} signed with RBM_CLIENT_TOKEN:\n${right.stderr}`);
  assert.is(right.stdout, unsigned.stdout, `${where}, ${SIGNED} signed`);
  for (const [name, args] of [
    ["signed with another token", ["-signature", signPayloadSync(data, "another-token")]],
    ["not signed", []],
  ] as const) {
    const wrong = await read(body, [...args], signed);
    assert.is.not(wrong.code, 0, `${where}, ${SIGNED} ${name}: accepted`);
    assert.match(wrong.stderr, "X-Goog-Signature does not match message.data", `${where}, ${SIGNED} ${name}`);
    assert.is(wrong.stdout, "", `${where}, ${SIGNED} ${name}: printed an event`);
  }
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
    assert.ok(
      bodies.some((b) => b.includes(`$SCHEMA/polyglot/${language}/buf.gen.yaml`) && b.includes("buf generate")),
      language,
    );
    assert.ok(
      bodies.some((b) => /^protoc -I "\$SCHEMA\/proto"/m.test(b)),
      language,
    );
  }
});

page("docs/schema.md's protoc commands are the page's", () => {
  const schema = readFileSync(join(ROOT, "docs", "schema.md"), "utf8");
  const start = schema.indexOf("## Using the schema from another language");
  assert.ok(start >= 0, "docs/schema.md has no section on other languages");
  const section = schema.slice(start, schema.indexOf("\n## ", start + 1));
  const shown = codeBlocks(section)
    .flatMap((b) => b.body.split("\n"))
    .filter((line) => line.startsWith("protoc "));
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

page("shows one Go program, and a run of it that prints the event the README decodes", () => {
  assert.is(programs.length, 1, `${DOC} has ${programs.length} \`\`\`go blocks: the main.go a user copies`);
  assert.ok(programRuns.length > 0, `${DOC} shows no \`\`\`sh go-run command`);
  for (const step of programRuns) {
    const example = /\$SCHEMA\/examples\/([\w.-]+\.json)/.exec(step.command)?.[1];
    assert.ok(example !== undefined, `${step.where}: $ ${step.command} reads no example of the package`);
    const readme = readmeDecodes(example);
    assert.ok(readme !== undefined, `README.md does not show npx rbm-events decode examples/${example}`);
    assert.ok(step.output.split("\n").length >= 3, `${step.where}: shows too little output`);
    assert.equal(disagreements(step.output, readme), [], `${step.where}: the output shown and the README's decode of examples/${example}`);
  }
});

page("tells the program's output from rbm-events's reading apart", () => {
  const reading = rbmEvents(readFileSync(join(ROOT, "examples", "push-user-event.json"), "utf8"));
  assert.equal(
    disagreements("kind: userEvent\neventType: DELIVERED\nsendTime: 2024-03-05T10:15:30.12345678900Z\nagentId: ", {
      ...reading,
      event: { ...reading.event, agentId: undefined },
    }),
    [],
  );
  assert.equal(disagreements("kind: userMessage\neventType: READ\nsendTime: 2024-03-05T10:15:30.1234567Z\ncarrier: T-Mobile", reading), [
    "kind: userMessage: rbm-events reads kind userEvent",
    'eventType: READ: rbm-events reads "DELIVERED"',
    'sendTime: 2024-03-05T10:15:30.1234567Z: rbm-events reads "2024-03-05T10:15:30.123456789Z"',
    "carrier: T-Mobile: rbm-events reads undefined",
  ]);
  assert.equal(disagreements("kind: unknown\neventId: x", { kind: "unknown", event: {} }), ["fields printed for a payload of no kind: eventId: x"]);
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

if (goSkip === undefined) {
  commands("the page's Go program is gofmt-formatted", async () => {
    for (const program of programs) {
      const ran = await runBounded("gofmt", ["-l"], { cwd: base, ms: STEP_MS, input: `${program.body}\n` });
      assert.is(ran.code, 0, ran.stderr);
      assert.is(ran.stdout, "", `${DOC}:${program.line}: gofmt would change it`);
    }
  });
} else commands.skip(`the page's Go program is gofmt-formatted (skipped: ${goSkip})`, () => {});

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
  const does =
    language === "go" ? "writes every message's full vector, and with which the page's Go program reads events as shown" : "writes every message's full vector";
  commands(`${title}: generates code that ${does}, installed and from a clone`, async () => {
    for (const layout of layouts) {
      const dir = await runBlock(block, layout);
      const lines = language === "go" ? await useGo(dir) : await usePython(dir);
      assert.equal(
        lines,
        full.map((v) => v.binary),
        `${layout.name}, ${DOC}:${block.line}`,
      );
      if (language === "go") await useProgram(dir, layout, `${layout.name}, ${DOC}:${block.line}`);
    }
  });
}

commands.run();
