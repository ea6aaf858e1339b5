// A testee for Google's protobuf conformance suite (`npm run conformance`): the runner writes
// length-prefixed conformance.ConformanceRequest messages to standard input and reads a
// ConformanceResponse for each from standard output. Each payload goes through the engine:
// parseJson + validateWith or fromBinaryWith, then toJsonWith or toBinaryWith, with exact
// 64-bit integers. The test messages come from the FileDescriptorSet the runner's build writes
// (CONFORMANCE_MESSAGES).

import { readFileSync, readSync, writeSync } from "node:fs";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type protobuf from "protobufjs";
import { fromBinaryWith, toBinaryWith } from "../src/codec/binary-conversion.js";
import { toJsonWith } from "../src/codec/index.js";
import { validateWith } from "../src/codec/validate.js";
import { parseJson } from "../src/encoding/index.js";
import { isRbmEventError } from "../src/errors.js";
import { rootFromDescriptorSet } from "./descriptor-set.js";

const messages = process.env["CONFORMANCE_MESSAGES"];
if (messages === undefined) {
  process.stderr.write("testee: set CONFORMANCE_MESSAGES to the test_messages.binpb the runner's build writes\n");
  process.exit(2);
}
const root = rootFromDescriptorSet(readFileSync(messages));

/** conformance.WireFormat and conformance.TestCategory, the values the testee looks at. */
const PROTOBUF = 1,
  JSON_FORMAT = 2,
  JSON_IGNORE_UNKNOWN = 3;

interface Request {
  protobuf?: Uint8Array;
  json?: string;
  other?: string;
  outputFormat: number;
  messageType: string;
  category: number;
}

/** One of ConformanceResponse's `result` fields: its number and its value. */
type Response = [number, string | Uint8Array];

function parseRequest(bytes: Uint8Array): Request {
  const reader = new BinaryReader(bytes);
  const request: Request = { outputFormat: 0, messageType: "", category: 0 };
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    switch (number) {
      case 1:
        request.protobuf = reader.bytes();
        break;
      case 2:
        request.json = reader.string();
        break;
      case 3:
        request.outputFormat = reader.int32();
        break;
      case 4:
        request.messageType = reader.string();
        break;
      case 5:
        request.category = reader.int32();
        break;
      case 7:
        request.other = "jspb";
        reader.skip(wireType, number);
        break;
      case 8:
        request.other = "text format";
        reader.skip(wireType, number);
        break;
      default:
        reader.skip(wireType, number);
    }
  }
  return request;
}

function reason(error: unknown): string {
  if (isRbmEventError(error) && error.issues.length > 0) return error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return error instanceof Error ? error.message : String(error);
}

function answer(request: Request): Response {
  if (request.messageType === "conformance.FailureSet") return [3, new Uint8Array(0)];
  if (request.other !== undefined) return [5, `${request.other} input is not supported`];
  if (request.outputFormat !== PROTOBUF && request.outputFormat !== JSON_FORMAT) return [5, "only protobuf and JSON output"];
  let type: protobuf.Type;
  try {
    type = root.lookupType(request.messageType);
  } catch (error) {
    return [2, reason(error)];
  }
  let message: Record<string, unknown>;
  try {
    if (request.json !== undefined) {
      const options = { longs: "bigint", ignoreUnknownFields: request.category === JSON_IGNORE_UNKNOWN } as const;
      const result = validateWith(type, parseJson(request.json), options);
      if (result.issues !== undefined) return [1, result.issues.map((i) => `${i.path}: ${i.message}`).join("; ")];
      message = result.value;
    } else {
      message = fromBinaryWith(type, request.protobuf ?? new Uint8Array(0), { longs: "bigint" });
    }
  } catch (error) {
    return [1, reason(error)];
  }
  try {
    if (request.outputFormat === PROTOBUF) return [3, toBinaryWith(type, message)];
    return [4, JSON.stringify(toJsonWith(type, message))];
  } catch (error) {
    return [6, reason(error)];
  }
}

function readExactly(n: number): Uint8Array | undefined {
  const buffer = new Uint8Array(n);
  let at = 0;
  while (at < n) {
    const read = readSync(0, buffer, at, n - at, null);
    if (read === 0) return undefined;
    at += read;
  }
  return buffer;
}

function writeAll(bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(1, bytes, at);
}

for (;;) {
  const header = readExactly(4);
  if (header === undefined) break;
  const length = new DataView(header.buffer).getUint32(0, true);
  const request = readExactly(length);
  if (request === undefined) throw new Error("testee: standard input ended inside a request");
  const [number, result] = answer(parseRequest(request));
  const writer = new BinaryWriter().tag(number, WireType.LengthDelimited);
  const response = (typeof result === "string" ? writer.string(result) : writer.bytes(result)).finish();
  const out = new Uint8Array(4 + response.length);
  new DataView(out.buffer).setUint32(0, response.length, true);
  out.set(response, 4);
  writeAll(out);
}
