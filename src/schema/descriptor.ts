// A protobufjs Root from a FileDescriptorSet's JSON form, without the options it cannot read safely.

import protobuf from "protobufjs";
// Adds Root.fromDescriptor.
import "protobufjs/ext/descriptor.js";

/**
 * A resolved protobufjs Root from a FileDescriptorSet in its proto3 JSON form, enums as numbers.
 * Of the options, only `map_entry` and the fields' `jstype` and `packed` mean something to
 * conversion; the rest are left out.
 */
export function rootFromDescriptorJson(set: unknown): protobuf.Root {
  const kept: FieldOptions[] = [];
  collectFieldOptions(set, "", kept);
  const loaded = protobuf.Root.fromDescriptor(withoutOptions(set) as Parameters<typeof protobuf.Root.fromDescriptor>[0]);
  for (const { typeName, number, jstype, packed } of kept) {
    const field = loaded.lookupType(typeName).fieldsArray.find((f) => f.id === number);
    if (jstype !== undefined) field?.setOption("jstype", jstype === 1 ? "JS_STRING" : jstype === 2 ? "JS_NUMBER" : "JS_NORMAL");
    if (packed !== undefined) field?.setOption("packed", packed);
  }
  loaded.resolveAll();
  return loaded;
}

interface FieldOptions {
  typeName: string;
  number: number;
  jstype: unknown;
  packed: boolean | undefined;
}

/** The `jstype` and `packed` options of every message field, found in the JSON form of a FileDescriptorSet. */
function collectFieldOptions(node: unknown, scope: string, into: FieldOptions[]): void {
  if (node === null || typeof node !== "object") return;
  const { file, messageType, nestedType, field, name, package: pkg } = node as Record<string, unknown>;
  for (const f of Array.isArray(file) ? file : []) collectFieldOptions(f, "", into);
  const inner = typeof pkg === "string" ? pkg : scope;
  for (const m of Array.isArray(messageType) ? messageType : []) collectFieldOptions(m, inner, into);
  if (typeof name !== "string" || Array.isArray(file) || typeof pkg === "string" || Array.isArray(messageType)) return;
  const typeName = scope === "" ? name : `${scope}.${name}`;
  for (const f of (Array.isArray(field) ? field : []) as { number?: number; options?: { jstype?: unknown; packed?: boolean } }[]) {
    if (f.options?.jstype === undefined && f.options?.packed === undefined) continue;
    into.push({ typeName, number: f.number ?? 0, jstype: f.options.jstype, packed: f.options.packed });
  }
  for (const m of Array.isArray(nestedType) ? nestedType : []) collectFieldOptions(m, typeName, into);
}

function withoutOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOptions);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, nested] of Object.entries(value)) {
    // A map's entry message keeps `map_entry`, which protobufjs reads itself to make a map field.
    if (key === "options") {
      if ((nested as { mapEntry?: unknown }).mapEntry === true) copy[key] = { mapEntry: true };
    } else {
      copy[key] = withoutOptions(nested);
    }
  }
  return copy;
}
