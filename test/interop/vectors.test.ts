// The shared vectors in test/interop/vectors/ are fresh, and the generated ts-proto codecs and our own
// reflection codec both read and write exactly them.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import protobuf from "protobufjs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { AgentLaunchEvent } from "../../gen/rbm/events/v1/agent_launch_event.js";
import { FileInfo } from "../../gen/rbm/events/v1/file_info.js";
import { LatLng } from "../../gen/rbm/events/v1/lat_lng.js";
import { RichMessageClassification } from "../../gen/rbm/events/v1/rich_message_classification.js";
import { ServerEvent } from "../../gen/rbm/events/v1/server_event.js";
import { SuggestionResponse } from "../../gen/rbm/events/v1/suggestion_response.js";
import { UserEvent } from "../../gen/rbm/events/v1/user_event.js";
import { UserFile } from "../../gen/rbm/events/v1/user_file.js";
import { UserMessage } from "../../gen/rbm/events/v1/user_message.js";
import { jsonText } from "../../src/encoding/json-text.js";
import { base64Decode } from "../../src/encoding/base64.js";
import { lookupMessage, messageTypeNames } from "../../src/schema/registry.js";
import { timestampFromJson } from "../../src/schema/timestamp.js";
import { fromBinary, toBinary } from "../../src/codec/binary.js";
import { toJson } from "../../src/codec/json-print.js";
import { validate } from "../../src/codec/validate.js";
import { VECTORS_COMMAND, vectorFileName, vectorFiles, type Vector, type VectorFile } from "./vectors/vectors.js";

const dir = resolve(import.meta.dirname, "vectors");

interface Codec {
  encode(message: never): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  fromJSON(object: unknown): Record<string, unknown>;
}

const CODECS: Record<string, Codec> = {
  "rbm.events.v1.AgentLaunchEvent": AgentLaunchEvent as unknown as Codec,
  "rbm.events.v1.FileInfo": FileInfo as unknown as Codec,
  "rbm.events.v1.LatLng": LatLng as unknown as Codec,
  "rbm.events.v1.RichMessageClassification": RichMessageClassification as unknown as Codec,
  "rbm.events.v1.ServerEvent": ServerEvent as unknown as Codec,
  "rbm.events.v1.SuggestionResponse": SuggestionResponse as unknown as Codec,
  "rbm.events.v1.UserEvent": UserEvent as unknown as Codec,
  "rbm.events.v1.UserFile": UserFile as unknown as Codec,
  "rbm.events.v1.UserMessage": UserMessage as unknown as Codec,
};

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
  for (const member of ["text", "userFile", "location", "suggestionResponse"]) assert.match(user, `${member} (oneof content) set`);
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

const tsProto = suite("ts-proto encode() and decode() on the vectors");

/**
 * The message ts-proto's fromJSON would build, but with Timestamps read exactly: fromJSON goes
 * through Date, which keeps milliseconds only and gives negative nanos before 1970.
 */
function tsProtoValue(message: string, codec: Codec, json: Record<string, unknown>): Record<string, unknown> {
  const value = codec.fromJSON(json);
  for (const field of lookupMessage(message).fieldsArray) {
    if (field.resolvedType?.fullName !== ".google.protobuf.Timestamp") continue;
    const text = json[field.jsonName];
    value[field.name] = text === undefined ? undefined : timestampFromJson(text);
  }
  return value;
}

tsProto("has a codec for every message of the schema", () => {
  assert.equal(Object.keys(CODECS).sort(), messageTypeNames());
});

tsProto("encodes each vector to its binary and decodes the binary to the same message", () => {
  let checked = 0;
  for (const { message, cases } of committed()) {
    const codec = CODECS[message];
    if (codec === undefined) continue; // reported by the test above
    for (const { name, json, binary } of cases) {
      const value = tsProtoValue(message, codec, json);
      // ts-proto's string enums are closed: a number the enum does not name cannot round-trip.
      if (Object.values(value).includes("UNRECOGNIZED")) continue;
      // ts-proto's encoders test a double with `!== 0`, so they leave out -0, which the reference
      // encoders (and ours) write.
      if (name.includes(" -0.0: ")) continue;
      const bytes = base64Decode(binary);
      assert.equal(codec.encode(value as never).finish(), bytes, `${message} ${name}: encode`);
      assert.equal(codec.decode(bytes), value, `${message} ${name}: decode`);
      checked++;
    }
  }
  assert.ok(checked > 40, `checked ${checked} vectors`);
});

tsProto.run();
