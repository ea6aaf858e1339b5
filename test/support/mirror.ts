// A runtime mirror of the types the package declares for message values: what the generated
// interface with open enums (Message<N>) says each field holds, worked out from the schema it is
// generated from. conformance() lists every place a value contradicts it.
import type protobuf from "protobufjs";
import { defaults, planOf, type FieldPlan, type MessagePlan } from "../../src/schema/index.js";

const INT32 = (v: unknown) => Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647;

/** Every place in `value` that contradicts the declared type of a message of `plan`, with its path. */
export function conformance(plan: MessagePlan, value: unknown, path = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path || "(top)"}: not an object`];
  const object = value as Record<string, unknown>;
  const problems: string[] = [];
  // The generated interface's keys, no more, no fewer (unknown fields live under a symbol).
  const expected = Object.keys(defaults(plan)).sort();
  const actual = Object.keys(object).sort();
  if (expected.join() !== actual.join()) problems.push(`${path || "(top)"}: keys ${actual.join()} where the type has ${expected.join()}`);
  for (const f of plan.fields) {
    const at = path === "" ? f.key : `${path}.${f.key}`;
    if (f.union !== undefined) {
      const held = object[f.union] as { $case?: unknown; value?: unknown } | undefined;
      if (held === undefined) continue;
      if (typeof held !== "object" || held === null) problems.push(`${f.union}: not a oneof union`);
      else if (held.$case === f.key) problems.push(...valueProblems(f, held.value, `${at} (oneof ${f.union})`));
      else if (!(f.oneof ?? []).some((m) => m.key === held.$case)) problems.push(`${f.union}: $case ${String(held.$case)} is no member`);
      continue;
    }
    const v = object[f.key];
    if (f.shape === "list") {
      if (!Array.isArray(v)) problems.push(`${at}: not an array`);
      else v.forEach((item, i) => problems.push(...valueProblems(f, item, `${at}[${i}]`)));
    } else if (f.shape === "map") {
      if (typeof v !== "object" || v === null) problems.push(`${at}: not a map`);
      else for (const [key, item] of Object.entries(v)) problems.push(...valueProblems(f, item, `${at}[${JSON.stringify(key)}]`));
    } else if (v === undefined) {
      if (!f.presence) problems.push(`${at}: undefined, but the field has no presence`);
    } else {
      problems.push(...valueProblems(f, v, at));
    }
  }
  return problems;
}

function valueProblems(f: FieldPlan, v: unknown, at: string): string[] {
  const fail = (what: string) => [`${at}: ${JSON.stringify(v)} is not ${what}`];
  switch (f.kind) {
    case "string":
      return typeof v === "string" ? [] : fail("a string");
    case "bool":
      return typeof v === "boolean" ? [] : fail("a boolean");
    case "bytes":
      return v instanceof Uint8Array ? [] : fail("a Uint8Array");
    case "int32":
      return INT32(v) ? [] : fail("an int32");
    case "uint32":
      return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4294967295 ? [] : fail("a uint32");
    case "int64":
    case "uint64":
      return Number.isSafeInteger(v) ? [] : fail("a safe integer");
    case "double":
    case "float":
      return typeof v === "number" ? [] : fail("a number");
    case "enum": {
      if (typeof v === "string") return f.enumNames.includes(v) ? [] : fail(`a name of ${f.typeName}`);
      if (typeof v !== "object" || v === null || !Object.isFrozen(v)) return fail("a declared name or a frozen { unknown }");
      const keys = Object.keys(v);
      const unknown = (v as { unknown?: unknown }).unknown;
      if (keys.join() !== "unknown") return fail("{ unknown } alone");
      if (typeof unknown === "string") return f.enumNames.includes(unknown) ? fail("{ unknown } of an undeclared name") : [];
      if (!INT32(unknown)) return fail("{ unknown } of an int32");
      return (f.enumType as protobuf.Enum).valuesById[unknown as number] === undefined ? [] : fail("{ unknown } of an undeclared number");
    }
    case "timestamp": {
      const t = v as { seconds?: unknown; nanos?: unknown };
      const ok =
        typeof v === "object" &&
        v !== null &&
        Object.keys(v).sort().join() === "nanos,seconds" &&
        Number.isSafeInteger(t.seconds) &&
        Number.isInteger(t.nanos) &&
        (t.nanos as number) >= 0 &&
        (t.nanos as number) <= 999999999;
      return ok ? [] : fail("a Timestamp { seconds, nanos }");
    }
    case "message":
      return conformance(planOf(f.messageType as protobuf.Type), v, at);
    default:
      return [];
  }
}
