// Writes gen/payloads.ts from the `(payload)` options: the kinds and their messages, the recogniser
// that tells the payloads of a delivery apart, and the idempotency key of each payload.
import { header, jsonKeys, UNKNOWN_KEY_PREFIX } from "./schema.mjs";

const q = JSON.stringify;

/** `own(p, p["x"], "x")` for each name a field counts under, joined by `||`. */
function presence(fields) {
  return fields
    .flatMap((field) => jsonKeys(field))
    .map((key) => `own(p, p[${q(key)}], ${q(key)})`)
    .join(" || ");
}

/** The JSON keys of a member named in `absent` by proto name. */
function absentKeys(name) {
  const camel = name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
  return camel === name ? [name] : [camel, name];
}

function ruleCondition(rule) {
  const parts = [];
  for (const [key, value] of rule.attributes) {
    parts.push(`attributes !== undefined && attributes[${q(key)}] === ${q(value)} && Object.hasOwn(attributes, ${q(key)})`);
  }
  for (const { members } of rule.present) parts.push(presence(members));
  for (const name of rule.absent)
    parts.push(
      `!(${absentKeys(name)
        .map((key) => `own(p, p[${q(key)}], ${q(key)})`)
        .join(" || ")})`,
    );
  return parts.map((part) => (parts.length > 1 && part.includes(" || ") && !part.startsWith("!") ? `(${part})` : part)).join(" && ");
}

function describeRule(payload, rule) {
  const parts = [];
  for (const [key, value] of rule.attributes) parts.push(`the envelope attribute \`${key}\` is ${q(value)}`);
  for (const { name, members } of rule.present) {
    parts.push(
      members.length === 1 ? `\`${members[0].jsonName}\` is present` : `one of \`${name}\` (${members.map((m) => `\`${m.jsonName}\``).join(", ")}) is present`,
    );
  }
  for (const name of rule.absent) parts.push(`\`${absentKeys(name)[0]}\` is absent`);
  return ` * - ${payload.kind}: ${parts.join(", ")}`;
}

/**
 * The rules in the order they are tried: those that read the payload alone first, by precedence,
 * then those that read envelope attributes, which the webhook signature does not cover. So an
 * attribute can name the kind of a payload no field rule recognises, never change the kind its
 * signed fields give.
 */
export function orderedRules(payloads) {
  const all = payloads.flatMap((payload) => payload.rules.map((rule) => ({ payload, rule })));
  return [...all.filter(({ rule }) => rule.attributes.length === 0), ...all.filter(({ rule }) => rule.attributes.length > 0)];
}

export function payloadsFile(schema) {
  const { payloads } = schema;
  const kinds = payloads.map((p) => q(p.kind));
  const recognise = orderedRules(payloads).map(({ payload, rule }) => `  if (${ruleCondition(rule)}) return ${q(payload.kind)};`);
  const keySources = payloads.map((p) => {
    const event = p.key === undefined ? "object" : `{ readonly ${p.key.property}: string }`;
    return `  | { readonly kind: ${q(p.kind)}; readonly event: ${event} }`;
  });
  const keyCases = payloads.map((p) => {
    if (p.key === undefined) return `    case ${q(p.kind)}:\n      return undefined;`;
    const value = `payload.event.${p.key.property}`;
    const keyed = `${q(p.key.prefix)} + ${value}`;
    return `    case ${q(p.kind)}:\n      return ${value} === "" ? undefined : ${keyed};`;
  });
  // For an unknown payload, the declared key fields in precedence order, each once, under the
  // prefix of unknown payloads and the field's JSON name.
  const seen = new Set();
  const unknownKeys = [];
  for (const p of payloads) {
    if (p.key === undefined || seen.has(p.key.field.jsonName)) continue;
    seen.add(p.key.field.jsonName);
    const prefix = q(`${UNKNOWN_KEY_PREFIX}${p.key.field.jsonName}:`);
    for (const key of jsonKeys(p.key.field)) {
      unknownKeys.push(`  v = json[${q(key)}];`, `  if (typeof v === "string" && v !== "" && Object.hasOwn(json, ${q(key)})) return ${prefix} + v;`);
    }
  }
  return `${header("protoc-gen-rbm-events")}
// source: the (payload) option of ${payloads.map((p) => p.message.fullName).join(", ")}
//
// The payloads RBM delivers on their own, as proto/ declares them with the \`(payload)\` option
// (rbm/events/v1/payload_options.proto): their kinds, how a delivery's payload is recognised, and
// the idempotency key of each.

/** The full name of each payload's message, by kind, in the order payloads are recognised. */
export const payloadTypeNames = {
${payloads.map((p) => `  ${p.kind}: ${q(p.message.fullName)},`).join("\n")}
} as const;

/** The kinds of payload the schema declares. */
export type PayloadKind = keyof typeof payloadTypeNames;

/** The full name of each payload's message, by kind. */
export type PayloadTypeNames = typeof payloadTypeNames;

/** Every kind, in the order payloads are recognised. */
export const payloadKinds = [${kinds.join(", ")}] as const satisfies readonly PayloadKind[];

/** Whether \`object\` has the own member \`key\`, read as \`value\`; parsed JSON holds no undefined. */
function own(object: Readonly<Record<string, unknown>>, value: unknown, key: string): boolean {
  return value !== undefined && Object.hasOwn(object, key);
}

/**
 * The kind of a payload (parsed JSON) delivered with the envelope \`attributes\`, or undefined when
 * no payload's rule holds. The rules, tried in this order, the first that holds deciding:
${orderedRules(payloads)
  .map(({ payload, rule }) => describeRule(payload, rule))
  .join("\n")}
 */
export function recognisePayload(
  p: Readonly<Record<string, unknown>>,
  attributes: Readonly<Record<string, string>> | undefined,
): PayloadKind | undefined {
${recognise.join("\n")}
  return undefined;
}

/** A payload with the field its key is read from. */
export type PayloadKeySource =
${keySources.join("\n")};

/**
 * The idempotency key of a payload: its declared prefix and the value of its declared key field,
 * or undefined when the payload declares no key or the field is empty. The prefixes never overlap,
 * so payloads of different kinds with the same ID never share a key.
 */
export function payloadKey(payload: PayloadKeySource): string | undefined {
  switch (payload.kind) {
${keyCases.join("\n")}
  }
}

/**
 * The idempotency key of a payload no message describes (parsed JSON): the first declared key
 * field it has as a non-empty string, under its JSON or proto name, as
 * \`${UNKNOWN_KEY_PREFIX}<JSON name>:<value>\`.
 */
export function unknownPayloadKey(json: Readonly<Record<string, unknown>>): string | undefined {
  let v: unknown;
${unknownKeys.join("\n")}
  return undefined;
}
`;
}
