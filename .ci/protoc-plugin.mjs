// What the local protoc plugins share: reading buf's CodeGeneratorRequest from stdin, walking a
// file's messages, and writing the CodeGeneratorResponse with the files a plugin made.
import { readFileSync } from "node:fs";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponse_Feature, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";

/** The request protoc (or buf) sends on stdin. */
export function readRequest() {
  return fromBinary(CodeGeneratorRequestSchema, readFileSync(0));
}

/** Writes the response: `files` as `{ name, content }`, names relative to the plugin's out dir. */
export function writeResponse(files) {
  const response = create(CodeGeneratorResponseSchema, {
    supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
    file: files,
  });
  process.stdout.write(toBinary(CodeGeneratorResponseSchema, response));
}

/** The messages of one file, nested ones included (map entries are not messages of their own). */
export function messagesOf(file) {
  const found = [];
  const walk = (messages, scope, tsScope) => {
    for (const message of messages) {
      if (message.options?.mapEntry) continue;
      const fullName = `${scope}${message.name}`;
      const tsName = `${tsScope}${message.name}`;
      found.push({ fullName, shortName: message.name, tsName });
      walk(message.nestedType, `${fullName}.`, `${tsName}_`);
    }
  };
  walk(file.messageType, file.package === "" ? "" : `${file.package}.`, "");
  return found;
}
