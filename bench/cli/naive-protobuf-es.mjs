// The naive way to validate an NDJSON file with @bufbuild/protobuf: read it whole, then
// fromJsonString + toJsonString per line. `npm run bench:cli` compares the command line with it.
// usage: node naive-protobuf-es.mjs DESCRIPTOR_SET TYPE FILE

import { readFileSync } from "node:fs";
import { createFileRegistry, fromBinary, fromJsonString, toJsonString } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";

const [descriptorSet, typeName, file] = process.argv.slice(2);
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSet)));
const schema = registry.getMessage(typeName);
const out = [];
let failed = false;
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (line === "") continue;
  try {
    out.push(`{"ok":true,"json":${toJsonString(schema, fromJsonString(schema, line))}}`);
  } catch (error) {
    failed = true;
    out.push(JSON.stringify({ ok: false, error: error.message }));
  }
}
process.stdout.write(`${out.join("\n")}\n`);
process.exitCode = failed ? 1 : 0;
