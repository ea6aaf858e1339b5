// A third language reads and writes exactly what we do: Go's protobuf (google.golang.org/protobuf),
// with code protoc-gen-go generates from proto/ at test time, against every shared vector.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { messageTypeNames } from "../../src/schema/index.js";
import { goMissing, ROOT, runBounded } from "./go/toolchain.js";
import { vectorFileName, type VectorFile } from "./vectors/vectors.js";

interface GoReport {
  runtime: string;
  messages: string[];
  vectors: Array<{ message: string; name: string; failures: string[]; differences: string[] }>;
}

/** A first build compiles Go's protobuf runtime: minutes on a slow, shared machine. */
const BUILD_MS = 6 * 60_000;

const files = messageTypeNames().map((message) => resolve(import.meta.dirname, "vectors", vectorFileName(message)));
const vectors = files.flatMap((file) => {
  const { message, cases } = JSON.parse(readFileSync(file, "utf8")) as VectorFile;
  return cases.map((c) => ({ message: message as string, name: c.name, json: c.json }));
});

const missing = goMissing();
let report: Promise<GoReport> | undefined;

/** Builds and runs the Go peer once for the whole file, on every vector file. */
function goPeer(): Promise<GoReport> {
  report ??= runBounded("bash", [join(ROOT, "test", "interop", "go", "run.sh"), ...files], { cwd: ROOT, ms: BUILD_MS }).then((ran) => {
    // 0: every case passed; 1: the report says which failed; anything else: no report.
    if (ran.code !== 0 && ran.code !== 1) throw new Error(`run.sh exited with ${ran.code}:\n${ran.stderr}`);
    const parsed = JSON.parse(ran.stdout) as GoReport;
    const differences = parsed.vectors.filter((v) => v.differences.length > 0).length;
    console.log(`  Go peer: ${parsed.runtime}, ${parsed.vectors.length} vectors, ${differences} with the known NaN difference`);
    return parsed;
  });
  return report;
}

function where(v: { message: string; name: string }): string {
  return `${v.message} ${JSON.stringify(v.name)}`;
}

if (missing !== undefined) {
  console.log(`  go-peer.test.ts skipped: ${missing}`);
  const skipped = suite("Go peer");
  skipped.skip(`skipped: ${missing}`, () => {});
  skipped.run();
} else {
  const reads = suite("Go reads and writes back the TypeScript vectors");

  reads("compiles the same messages from proto/", async () => {
    assert.equal((await goPeer()).messages, messageTypeNames());
  });

  reads("answers for every vector of every file, in order", async () => {
    const answers = (await goPeer()).vectors;
    assert.is(answers.length, vectors.length);
    vectors.forEach((v, i) => assert.equal(where(answers[i]!), where(v)));
  });

  reads("binary → binary, binary → JSON, JSON → JSON and JSON → binary give the vector's bytes and canonical JSON", async () => {
    const failed = (await goPeer()).vectors.filter((v) => v.failures.length > 0);
    assert.equal(
      failed.map((v) => `${where(v)}: ${v.failures.join("; ")}`),
      [],
    );
  });

  reads("departs only in the bits of a NaN read from JSON, and only where the vector holds one", async () => {
    const answers = (await goPeer()).vectors;
    answers.forEach((answer, i) => {
      for (const difference of answer.differences) {
        assert.match(difference, /^JSON → message: \S+ read as NaN 0x7ff8000000000001, written as 0x7ff8000000000000$/, where(answer));
        assert.match(JSON.stringify(vectors[i]!.json), '"NaN"', where(answer));
      }
    });
  });

  reads.run();
}
