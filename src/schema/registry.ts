// The shipped schema as protobufjs reflection: loaded once, and its messages by name.

import { fromBinary, toJson } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import protobuf from "protobufjs";
// Adds Root.fromDescriptor.
import "protobufjs/ext/descriptor.js";
import { descriptorSetBase64 } from "../../gen/descriptor-set.js";
import { RbmEventError, formatValue, jsonTypeOf } from "../errors.js";
import { fullName } from "./plan.js";

// The compiled plans moved to plan.ts; these stay importable from here.
export { defaults, fullName, planOf } from "./plan.js";
export type { FieldPlan, Kind, MessagePlan } from "./plan.js";

let root: protobuf.Root | undefined;
let fullNames: Map<string, protobuf.Type> | undefined;
/** Short names; null marks one that several messages share. */
let shortNames: Map<string, protobuf.Type | null> | undefined;

/**
 * Loads the shipped schema (gen/descriptor-set.ts, google/protobuf/timestamp.proto included)
 * into a resolved protobufjs Root, once; later calls return the same Root.
 */
export function loadSchema(): protobuf.Root {
  if (root === undefined) root = rootFromDescriptorSet(Uint8Array.from(atob(descriptorSetBase64), (c) => c.charCodeAt(0)));
  return root;
}

/**
 * A resolved protobufjs Root from the bytes of a FileDescriptorSet (`buf build -o`, `protoc
 * --descriptor_set_out --include_imports`). protobufjs would decode the bytes, and read options,
 * with code it generates at run time (`new Function`), which fetch runtimes such as Cloudflare
 * Workers forbid; @bufbuild/protobuf decodes them by reflection. Of the options, only
 * `map_entry` and the fields' `jstype` and `packed` mean something to conversion; the rest are left out.
 */
export function rootFromDescriptorSet(bytes: Uint8Array): protobuf.Root {
  const set = toJson(FileDescriptorSetSchema, fromBinary(FileDescriptorSetSchema, bytes), { enumAsInteger: true });
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

/**
 * Finds a message of the schema by full name (`rbm.events.v1.UserEvent`, a leading dot allowed)
 * or short name (`UserEvent`). Throws an {@link RbmEventError} (`UNKNOWN_TYPE`) for a name that
 * matches no message, or a short name that matches several.
 */
export function lookupMessage(name: string): protobuf.Type {
  if (typeof name !== "string") {
    throw new TypeError(`lookupMessage(): expected a string, received ${jsonTypeOf(name)}`);
  }
  if (fullNames === undefined) index();
  const type = fullNames?.get(name.startsWith(".") ? name.slice(1) : name) ?? shortNames?.get(name);
  if (type instanceof protobuf.Type) return type;
  const reason = type === null ? ": several messages have that name, use the full name" : "";
  throw new RbmEventError("UNKNOWN_TYPE", `unknown message type ${formatValue(name)}${reason}`);
}

/** Full names of the schema's own messages (package `rbm.*`, nested ones included), sorted. */
export function messageTypeNames(): string[] {
  if (fullNames === undefined) index();
  return [...(fullNames as Map<string, protobuf.Type>).keys()].filter((name) => name.startsWith("rbm.")).sort();
}

function index(): void {
  const types: protobuf.Type[] = [];
  collect(loadSchema(), types);
  const full = new Map<string, protobuf.Type>();
  const short = new Map<string, protobuf.Type | null>();
  for (const type of types) {
    full.set(fullName(type), type);
    short.set(type.name, short.has(type.name) ? null : type);
  }
  fullNames = full;
  shortNames = short;
}

function collect(namespace: protobuf.NamespaceBase, into: protobuf.Type[]): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) into.push(nested);
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Namespace) collect(nested, into);
  }
}
