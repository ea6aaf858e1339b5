// Writes docs/schema/README.md: the schema reference, rendered from proto/ and its comments: the
// payloads and how each is recognised and deduplicated, what the entry points export for the
// schema, and every message, field, JSON name, enum value and comment.
import { ScalarType } from "@bufbuild/protobuf";
import { header, jsonKeys, leadingComment, summary } from "./schema.mjs";

const ENTRY_POINTS = "`rbm-events`, `rbm-events/web`";

/** Text for a Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();
}

/** A paragraph from a comment: its lines joined, blank lines kept as paragraph breaks. */
function prose(text) {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, " ").trim())
    .filter(Boolean)
    .join("\n\n");
}

function typeOf(field) {
  const list = field.fieldKind === "list" ? "repeated " : "";
  if (field.fieldKind === "map")
    return `map<${ScalarType[field.mapKey].toLowerCase()}, ${field.mapKind === "scalar" ? ScalarType[field.scalar].toLowerCase() : (field.message ?? field.enum).typeName}>`;
  if (field.message !== undefined) return `${list}${field.message.typeName}`;
  if (field.enum !== undefined) return `${list}${field.enum.typeName}`;
  return `${list}${ScalarType[field.scalar].toLowerCase()}`;
}

/** The anchor GitHub gives a message's heading (its ts-proto name). */
function anchor(tsName) {
  return tsName.toLowerCase().replace(/[^a-z0-9_-]+/g, "");
}

function payloadsSection(schema) {
  if (schema.payloads.length === 0) return "";
  const rows = schema.payloads.map((p) => {
    const rules = p.rules.map((rule) => {
      const parts = [];
      for (const [key, value] of rule.attributes) parts.push(`attribute \`${key}\` = \`${value}\``);
      for (const { name, members } of rule.present) {
        parts.push(members.length === 1 ? `\`${members[0].jsonName}\`` : `any of \`${name}\` (${members.map((m) => `\`${m.jsonName}\``).join(", ")})`);
      }
      for (const name of rule.absent) parts.push(`no \`${name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())}\``);
      return parts.join(" and ");
    });
    const key = p.key === undefined ? "none" : `${p.key.prefix === "" ? "" : `\`${p.key.prefix}\` + `}\`${p.key.field.jsonName}\``;
    return `| ${p.precedence} | \`${p.kind}\` | [\`${p.message.tsName}\`](#${anchor(p.message.tsName)}) | ${cell(rules.join("; or "))} | ${key} |`;
  });
  return `## Payloads

The messages RBM delivers on their own, as the \`(payload)\` option declares them: \`decodeEvent\`
returns \`kind\`, tries the rules in this order (the first that holds decides; a field counts under
its JSON or proto name), and the webhook deduplicates by the key. Anything else is \`unknown\`.

| order | kind | message | recognised by | idempotency key |
|---|---|---|---|---|
${rows.join("\n")}
`;
}

function exportsSection(schema) {
  const rows = [
    ...schema.messages.map((m) => `| \`${m.tsName}\` | codec, type | ${ENTRY_POINTS} | ${cell(summary(m.desc) || m.fullName)} |`),
    ...schema.enums.map(
      (e) => `| \`${e.tsName}\` | enum | ${ENTRY_POINTS} | ${cell(summary(e.desc) || e.fullName)}: its names as a const object and a union |`,
    ),
  ];
  return `## Exports

Each message is a codec (\`fromJSON\`, \`toJSON\`, a Standard Schema validator, and from \`rbm-events\`
\`encode\` and \`decode\`) and a type under its name; each enum a const object of its names and their
union.

| export | kind | from | |
|---|---|---|---|
${rows.join("\n")}
`;
}

function enumSection(e, level) {
  const rows = e.values.map((v) => `| \`${v.name}\` | ${v.number} | ${cell(leadingComment(v))} |`);
  return `${"#".repeat(level)} ${e.name}

${prose(leadingComment(e))}

| name | number | |
|---|---|---|
${rows.join("\n")}
`;
}

function messageSection(m) {
  const { desc } = m;
  const rows = [...desc.fields]
    .sort((a, b) => a.number - b.number)
    .map((f) => {
      const oneof = f.oneof === undefined ? "" : ` (oneof \`${f.oneof.name}\`)`;
      return `| \`${f.name}\` | \`${jsonKeys(f)[0]}\` | ${f.number} | \`${typeOf(f)}\`${oneof} | ${cell(leadingComment(f))} |`;
    });
  const enums = desc.nestedEnums.map((e) => enumSection(e, 4));
  return `### ${m.tsName}

\`${m.fullName}\`, in \`${desc.file.proto.name}\`.

${prose(leadingComment(desc))}

| field | JSON name | number | type | |
|---|---|---|---|---|
${rows.join("\n")}
${enums.length === 0 ? "" : `\n${enums.join("\n")}`}`;
}

export function schemaDocFile(schema) {
  const files = schema.files.map((f) => `\`${f.proto.name}\``).join(", ");
  const topEnums = schema.enums.filter((e) => e.desc.parent === undefined).map((e) => enumSection(e.desc, 3));
  return `<!-- ${header("protoc-gen-rbm-events").slice(3)} Source: ${files}. -->

# Schema reference

Every message, field, JSON name and enum value of the schema in \`proto/\`, with its comments. The
JSON names and enum names are RBM's wire format: they never change.

${payloadsSection(schema)}
${exportsSection(schema)}
## Messages

${schema.messages.map(messageSection).join("\n")}${topEnums.length === 0 ? "" : `\n## Enums\n\n${topEnums.join("\n")}`}`;
}
