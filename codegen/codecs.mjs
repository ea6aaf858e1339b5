// Writes the schema's exports for the two entry points: gen/json-codecs.ts (rbm-events/web: JSON
// conversion and validation) and gen/binary-codecs.ts (rbm-events: binary too). Each message is a
// codec and a type under its ts-proto name, each enum a const object and a union of its names.
import { header, summary } from "./schema.mjs";

const RUNTIME = {
  json: { factory: "messageCodec", module: "../src/codec/index.js", what: "exact proto3 JSON conversion and Standard Schema validation" },
  binary: { factory: "binaryMessageCodec", module: "../src/codec/index.js", what: "exact proto3 JSON and binary conversion, and Standard Schema validation" },
};

/** A one-line JSDoc text from a descriptor's comment, or `fallback`. */
function doc(desc, fallback) {
  const text = summary(desc) || fallback;
  return text.replaceAll("*/", "*\\/");
}

function codecsFile(schema, variant) {
  const { factory, module, what } = RUNTIME[variant];
  const enums = schema.enums.map((e) => {
    return `/** ${doc(e.desc, e.fullName)}: a const object of the names, and the union of them. */\nexport { ${e.tsName} } from "${e.module}";`;
  });
  const messages = schema.messages.map(
    (m) => `/** ${m.tsName}: ${what}. */
export const ${m.tsName} = /* @__PURE__ */ ${factory}(${JSON.stringify(m.fullName)});
/** ${doc(m.desc, m.fullName)}; an enum field may hold an \`UnknownEnumValue\`. */
export type ${m.tsName} = Message<${JSON.stringify(m.fullName)}>;`,
  );
  return `${header("protoc-gen-rbm-events")}
// source: ${schema.files.map((f) => f.proto.name).join(", ")}
//
// What ${variant === "json" ? "rbm-events/web" : "rbm-events"} exports for each message and enum of the schema.

import { ${factory} } from "${module}";
import type { Message } from "../src/schema/index.js";

${enums.join("\n\n")}

${messages.join("\n\n")}
`;
}

export function codecFiles(schema) {
  return [
    { name: "json-codecs.ts", content: codecsFile(schema, "json") },
    { name: "binary-codecs.ts", content: codecsFile(schema, "binary") },
  ];
}
