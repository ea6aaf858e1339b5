#!/usr/bin/env node
// The protoc plugin that `npm run generate` (buf generate, buf.gen.yaml) runs beside ts-proto:
// everything besides the types that follows from proto/. With the parameter `docs` it writes the
// schema reference (docs/schema/README.md); without, the TypeScript of gen/:
// - descriptor-set.ts, message-types.ts: the schema the runtime loads, the map of message names;
// - json-codecs.ts, binary-codecs.ts: the entry points' export of each message and enum;
// - payloads.ts: the kinds, the recogniser and the idempotency keys, from the (payload) option;
// - plain-readers.ts: readers of the common case of the flat messages.
// A mistake in proto/ (an option that names no field, two payloads of one kind) stops generation
// with a message naming the file, the message and the cause.
import { codecFiles } from "./codecs.mjs";
import { descriptorFiles } from "./descriptor-set.mjs";
import { payloadsFile } from "./payloads.mjs";
import { plainReadersFile } from "./plain-readers.mjs";
import { runPlugin } from "./plugin-io.mjs";
import { readSchema } from "./schema.mjs";
import { schemaDocFile } from "./schema-doc.mjs";

runPlugin((request) => {
  const schema = readSchema(request);
  if (request.parameter === "docs") return [{ name: "README.md", content: schemaDocFile(schema) }];
  return [
    ...descriptorFiles(schema),
    ...codecFiles(schema),
    { name: "payloads.ts", content: payloadsFile(schema) },
    { name: "plain-readers.ts", content: plainReadersFile(schema) },
  ];
});
