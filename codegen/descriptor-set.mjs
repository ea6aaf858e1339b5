// Writes two files:
// - gen/descriptor-set.ts: the schema's google.protobuf.FileDescriptorSet (its files and their
//   imports, without source info and without the files that only declare options), in its proto3
//   JSON form, which the runtime loads once into protobufjs reflection;
// - gen/message-types.ts: every message of the schema by full name, mapped to the interface
//   ts-proto generates for it, and the short names that name one message, so the typed functions
//   know a new message without hand edits.
import { create, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { header } from "./schema.mjs";

/**
 * The schema's files and, imports first, everything they import but the files that only declare
 * options: the options mean something to the generators, not at run time.
 */
function closure(schema) {
  const out = [];
  const seen = new Set();
  const isOptions = (file) => file.proto.extension.length > 0;
  const visit = (file) => {
    if (seen.has(file.proto.name) || isOptions(file)) return;
    seen.add(file.proto.name);
    for (const dep of file.dependencies) visit(dep);
    const dropped = new Set(file.dependencies.filter(isOptions).map((dep) => dep.proto.name));
    out.push(dropped.size === 0 ? file.proto : { ...file.proto, dependency: file.proto.dependency.filter((name) => !dropped.has(name)) });
  };
  for (const file of schema.files) visit(file);
  return out;
}

function descriptorSetFile(schema) {
  const files = closure(schema).map((file) => ({ ...file, sourceCodeInfo: undefined }));
  if (files.some((f) => f.publicDependency.length > 0 || f.weakDependency.length > 0)) throw new Error("public and weak imports are not supported");
  const message = create(FileDescriptorSetSchema, { file: files });
  // Text for JSON.parse: loading the schema at run time needs no protobuf decoder.
  const json = JSON.stringify(toJson(FileDescriptorSetSchema, message, { enumAsInteger: true }));
  const lines = json.match(/.{1,100}/g) ?? [""];
  return `${header("protoc-gen-rbm-events")}
// source: ${files.map((f) => f.name).join(", ")}

/** The schema's google.protobuf.FileDescriptorSet in its proto3 JSON form, enums as numbers, as text for JSON.parse. */
export const descriptorSetJson =
${lines.map((line) => `  ${JSON.stringify(line)}`).join(" +\n")};
`;
}

function messageTypesFile(schema) {
  const messages = schema.messages.map((m) => ({ ...m }));
  const tsNames = new Map();
  for (const m of messages) tsNames.set(m.tsName, (tsNames.get(m.tsName) ?? 0) + 1);
  messages.forEach((m, i) => (m.local = tsNames.get(m.tsName) === 1 ? m.tsName : `${m.tsName}$${i}`));
  // A short name is ambiguous at run time if any message of the descriptor set shares it.
  const shortCounts = new Map();
  for (const file of closure(schema)) {
    const walk = (list) => list.forEach((m) => (shortCounts.set(m.name, (shortCounts.get(m.name) ?? 0) + 1), walk(m.nestedType)));
    walk(file.messageType);
  }
  const unique = messages.filter((m) => shortCounts.get(m.shortName) === 1);
  const imports = messages.map((m) => {
    const name = m.local === m.tsName ? m.tsName : `${m.tsName} as ${m.local}`;
    return `import type { ${name} } from "${m.module}";`;
  });
  return `${header("protoc-gen-rbm-events")}
// source: ${schema.files.map((f) => f.proto.name).join(", ")}

${imports.join("\n")}

/** Every message of the schema by full name, and the interface ts-proto generates for it. */
export interface GeneratedMessages {
${messages.map((m) => `  "${m.fullName}": ${m.local};`).join("\n")}
}

/** The full names of the messages of the schema, sorted. */
export const fullMessageNames = [
${messages.map((m) => `  "${m.fullName}",`).join("\n")}
] as const satisfies readonly (keyof GeneratedMessages)[];

/** The short names that name exactly one message of the schema, and that message's full name. */
export interface ShortMessageNames {
${unique.map((m) => `  "${m.shortName}": "${m.fullName}";`).join("\n")}
}
`;
}

export function descriptorFiles(schema) {
  return [
    { name: "descriptor-set.ts", content: descriptorSetFile(schema) },
    { name: "message-types.ts", content: messageTypesFile(schema) },
  ];
}
