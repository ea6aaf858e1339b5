// A second language reads and writes exactly what we do: Python's protobuf, with classes protoc
// generates from proto/ at test time, against the shared vectors and against messages it builds.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { base64Decode, base64Encode } from "../../src/encoding/index.js";
import { messageTypeNames } from "../../src/schema/index.js";
import { fromBinary, toBinary } from "../../src/codec/index.js";
import { toJson } from "../../src/codec/index.js";
import { validate } from "../../src/codec/index.js";
import { jsonText } from "../../src/encoding/index.js";
import type { FullMessageName } from "../../src/schema/index.js";
import { findPythonPeer, runPython } from "./peer/python.js";
import { vectorFileName, type Vector, type VectorFile } from "./vectors/vectors.js";

type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

interface PeerResponse {
  runtime: string;
  messages: string[];
  vectors: Array<{ fromBinary: Attempt<unknown>; fromJson: Attempt<string> }>;
  cases: Array<{ message: FullMessageName; name: string; binary: string; json: string }>;
}

const vectors: Array<Vector & { message: FullMessageName }> = messageTypeNames().flatMap((message) => {
  const file = JSON.parse(readFileSync(resolve(import.meta.dirname, "vectors", vectorFileName(message)), "utf8"));
  return (file as VectorFile).cases.map((c) => ({ ...c, message }));
});

const peer = findPythonPeer();
let response: Promise<PeerResponse> | undefined;

/** Runs Python once for the whole file: every vector in, every answer and Python's own cases out. */
function python(): Promise<PeerResponse> {
  if (peer.skip !== undefined) throw new Error(peer.skip);
  response ??= runPython(
    join("test", "interop", "peer", "peer.py"),
    peer.protoc,
    JSON.stringify({
      vectors: vectors.map(({ message, name, json, binary }) => ({ message, name, json: jsonText(json), binary })),
    }),
  ).then((out) => {
    const parsed = JSON.parse(out.toString("utf8")) as PeerResponse;
    console.log(`  Python peer: ${parsed.runtime}, ${vectors.length} vectors, ${parsed.cases.length} cases of its own`);
    return parsed;
  });
  return response;
}

function where(v: { message: string; name: string }): string {
  return `${v.message} ${JSON.stringify(v.name)}`;
}

if (peer.skip !== undefined) {
  console.log(`  peer.test.ts skipped: ${peer.skip}`);
  const skipped = suite("Python peer");
  skipped.skip(`skipped: ${peer.skip}`, () => {});
  skipped.run();
} else {
  const reads = suite("Python reads the TypeScript vectors");

  reads("compiles the same messages from proto/", async () => {
    assert.equal((await python()).messages, messageTypeNames());
  });

  reads("decodes every vector binary to the vector's canonical JSON (MessageToJson)", async () => {
    const answers = (await python()).vectors;
    vectors.forEach((v, i) => {
      const answer = answers[i]?.fromBinary;
      if (answer?.ok !== true) return assert.unreachable(`${where(v)}: ${answer?.error}`);
      assert.equal(answer.value, v.json, where(v));
    });
  });

  reads("parses every vector JSON to the vector's bytes (json_format.Parse, SerializeToString)", async () => {
    const answers = (await python()).vectors;
    vectors.forEach((v, i) => {
      const answer = answers[i]?.fromJson;
      if (answer?.ok !== true) return assert.unreachable(`${where(v)}: ${answer?.error}`);
      assert.is(answer.value, v.binary, where(v));
    });
  });

  reads.run();

  const writes = suite("TypeScript reads what Python writes");

  writes("builds cases of every message, random ones included", async () => {
    const { cases } = await python();
    for (const message of messageTypeNames()) {
      assert.ok(cases.filter((c) => c.message === message && c.name.startsWith("random")).length >= 100, message);
    }
  });

  writes("fromBinary() and toJson() give Python's MessageToJson for every Python binary", async () => {
    for (const c of (await python()).cases) {
      assert.equal(toJson(c.message, fromBinary(c.message, base64Decode(c.binary))), JSON.parse(c.json), where(c));
    }
  });

  writes("validate() reads Python's JSON to the message its binary holds, and toBinary() writes the same bytes", async () => {
    for (const c of (await python()).cases) {
      const result = validate(c.message, c.json);
      if (result.issues) return assert.unreachable(`${where(c)}: ${JSON.stringify(result.issues)}`);
      assert.equal(result.value, fromBinary(c.message, base64Decode(c.binary)), where(c));
      assert.is(base64Encode(toBinary(c.message, result.value)), c.binary, where(c));
    }
  });

  writes.run();
}
