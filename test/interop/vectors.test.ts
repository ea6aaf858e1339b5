// The shared vectors in test/interop/vectors/ are fresh, and the functions and the codecs exported
// under the message names both read and write exactly them.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import protobuf from "protobufjs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as api from "../../src/index.js";
import type { BinaryMessageCodec } from "../../src/codec/index.js";
import type { FullMessageName } from "../../src/schema/index.js";
import { jsonText } from "../../src/encoding/index.js";
import { base64Decode } from "../../src/encoding/index.js";
import { lookupMessage, messageTypeNames } from "../../src/schema/index.js";
import { fromBinary, toBinary } from "../../src/codec/index.js";
import { toJson } from "../../src/codec/index.js";
import { validate } from "../../src/codec/index.js";
import { VECTORS_COMMAND, vectorFileName, vectorFiles, type Vector, type VectorFile } from "./vectors/vectors.js";

const dir = resolve(import.meta.dirname, "vectors");

function committed(): VectorFile[] {
  return messageTypeNames().map((name) => JSON.parse(readFileSync(join(dir, vectorFileName(name)), "utf8")) as VectorFile);
}

/** Names the first case that differs between two versions of a vector file, when both parse. */
function firstDifference(old: string, text: string): string {
  let before: VectorFile;
  try {
    before = JSON.parse(old) as VectorFile;
  } catch {
    return " (not JSON)";
  }
  const after = JSON.parse(text) as VectorFile;
  const length = Math.max(before.cases.length, after.cases.length);
  for (let i = 0; i < length; i++) {
    if (JSON.stringify(before.cases[i]) === JSON.stringify(after.cases[i])) continue;
    return ` (case ${JSON.stringify(after.cases[i]?.name ?? before.cases[i]?.name)} differs)`;
  }
  return "";
}

const fresh = suite("vectorFiles()");

fresh("writes exactly the committed test/interop/vectors/*.json files", () => {
  const files = vectorFiles();
  for (const [name, text] of files) {
    let old: string | undefined;
    try {
      old = readFileSync(join(dir, name), "utf8");
    } catch {
      assert.unreachable(`test/interop/vectors/${name} is missing: run \`${VECTORS_COMMAND}\``);
    }
    if (old !== text) {
      const where = firstDifference(old ?? "", text);
      assert.unreachable(`test/interop/vectors/${name} is stale${where}: run \`${VECTORS_COMMAND}\``);
    }
  }
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".json") && !files.has(name)) {
      assert.unreachable(`test/interop/vectors/${name} names no message of the schema: run \`${VECTORS_COMMAND}\``);
    }
  }
});

fresh("names every case uniquely within its message", () => {
  for (const file of committed()) {
    const names = file.cases.map((c) => c.name);
    assert.equal(new Set(names).size, names.length, file.message);
  }
});

fresh("covers each message with defaults, every field, each enum value, Timestamp bounds and astral strings", () => {
  for (const file of committed()) {
    const names = file.cases.map((c) => c.name).join("\n");
    const fields = lookupMessage(file.message).fieldsArray;
    const has = (test: (f: protobuf.Field) => boolean) => fields.some(test);
    const parts = ["defaults only", "every field set"];
    if (has((f) => f.type === "google.protobuf.Timestamp")) parts.push("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z");
    if (has((f) => f.type === "string")) parts.push("astral");
    for (const part of parts) assert.ok(names.includes(part), `${file.message} has a case with ${part}`);
    for (const field of fields) {
      if (!(field.resolvedType instanceof protobuf.Enum)) continue;
      for (const name of Object.keys(field.resolvedType.values)) {
        assert.ok(names.includes(`${field.jsonName} ${name} (`), `${file.message} has a case for ${name}`);
      }
    }
  }
});

fresh("covers each oneof member, nested messages with and without each field, doubles and int32s at their edges", () => {
  const names = (message: string) => (committed().find((f) => f.message === message) as VectorFile).cases.map((c) => c.name).join("\n");
  const user = names("rbm.events.v1.UserMessage");
  const members = lookupMessage("UserMessage").oneofs["content"]?.fieldsArray.map((f) => f.jsonName) ?? [];
  assert.ok(members.length > 0);
  for (const member of members) assert.match(user, `${member} (oneof content) set`);
  assert.match(user, "userFile (oneof content) set, without thumbnail");
  assert.match(user, "userFile (oneof content) set, every field");
  const latLng = names("rbm.events.v1.LatLng");
  for (const part of ["latitude -0.0", 'latitude "NaN"', 'longitude "-Infinity"', "1.7976931348623157e+308", "5e-324", '"1e-7"', "latitude 90"]) {
    assert.match(latLng, part);
  }
  const file = names("rbm.events.v1.FileInfo");
  for (const part of ["fileSizeBytes 2147483647", "fileSizeBytes -2147483648", "fileSizeBytes -1"]) assert.match(file, part);
});

fresh("writes -0 as -0.0 and keeps its bits in the binary", () => {
  const text = readFileSync(join(dir, "lat_lng.json"), "utf8");
  assert.match(text, '"latitude": -0.0');
  const file = committed().find((f) => f.message === "rbm.events.v1.LatLng") as VectorFile;
  const zero = file.cases.find((c) => c.name.startsWith("latitude -0.0")) as Vector;
  assert.ok(Object.is(zero.json["latitude"], -0));
  // field 1, wire type 1 (64-bit), then the bits of -0: only the sign bit
  assert.equal([...base64Decode(zero.binary)], [0x09, 0, 0, 0, 0, 0, 0, 0, 0x80]);
});

fresh.run();

const ours = suite("fromBinary() and validate() on the vectors");

ours("decode each binary to its canonical JSON, and read each JSON back to the same bytes", () => {
  for (const { message, cases } of committed()) {
    for (const { name, json, binary } of cases) {
      const bytes = base64Decode(binary);
      assert.equal(toJson(message, fromBinary(message, bytes)), json, `${message} ${name}: fromBinary`);
      const result = validate(message, jsonText(json));
      if (result.issues) return assert.unreachable(`${message} ${name}: ${JSON.stringify(result.issues)}`);
      assert.equal(toJson(message, result.value), json, `${message} ${name}: canonical JSON is a fixed point`);
      assert.equal(toBinary(message, result.value), bytes, `${message} ${name}: toBinary`);
    }
  }
});

ours.run();

const codecs = suite("the exported codecs on the vectors");

/** The codec the package exports under the message's short name. */
function codecOf(message: FullMessageName): BinaryMessageCodec<FullMessageName> | undefined {
  return (api as Record<string, unknown>)[message.slice(message.lastIndexOf(".") + 1)] as BinaryMessageCodec<FullMessageName> | undefined;
}

codecs("are exported for every message of the schema", () => {
  for (const message of messageTypeNames()) assert.is(codecOf(message)?.typeName, message, message);
});

codecs("read each vector's JSON and binary to the same message, and write both back exactly", () => {
  let checked = 0;
  for (const { message, cases } of committed()) {
    const codec = codecOf(message);
    if (codec === undefined) continue; // reported by the test above
    for (const { name, json, binary } of cases) {
      const bytes = base64Decode(binary);
      const value = codec.fromJSON(json);
      assert.equal(codec.decode(bytes), value, `${message} ${name}: decode`);
      assert.equal(codec.toJSON(value), json, `${message} ${name}: toJSON`);
      assert.equal(codec.encode(value), bytes, `${message} ${name}: encode`);
      assert.equal(codec["~standard"].validate(json), { value }, `${message} ${name}: ~standard`);
      checked++;
    }
  }
  assert.ok(checked > 40, `checked ${checked} vectors`);
});

codecs.run();
