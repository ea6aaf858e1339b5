// Reading buf's CodeGeneratorRequest from stdin and writing the CodeGeneratorResponse: the files a
// generator made, or the error that stops `npm run generate` with a message naming its cause.
import { readFileSync } from "node:fs";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponse_Feature, CodeGeneratorResponseSchema } from "@bufbuild/protobuf/wkt";

/** The request protoc (or buf) sends on stdin. */
export function readRequest() {
  return fromBinary(CodeGeneratorRequestSchema, readFileSync(0));
}

/**
 * Runs `generate(request)`, which returns the files to write as `{ name, content }` (names relative
 * to the plugin's out dir), and writes the response. An error thrown by `generate` becomes the
 * response's error, which buf prints and exits non-zero on.
 */
export function runPlugin(generate) {
  const request = readRequest();
  let response;
  try {
    response = create(CodeGeneratorResponseSchema, {
      supportedFeatures: BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL),
      file: generate(request),
    });
  } catch (error) {
    response = create(CodeGeneratorResponseSchema, { error: error instanceof Error ? error.message : String(error) });
  }
  process.stdout.write(toBinary(CodeGeneratorResponseSchema, response));
}
