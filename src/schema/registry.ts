// The shipped schema as protobufjs reflection: loaded once, and its messages by name.

import protobuf from "protobufjs";
import { descriptorSetJson } from "../../gen/descriptor-set.js";
import { fullMessageNames } from "../../gen/message-types.js";
import type { FullMessageName } from "./message-types.js";
import { rootFromDescriptorJson } from "./descriptor.js";
import { RbmEventError, argumentError, formatValue } from "../errors.js";
import { fullName } from "./plan.js";

let root: protobuf.Root | undefined;
let fullNames: Map<string, protobuf.Type> | undefined;
/** Short names; null marks one that several messages share. */
let shortNames: Map<string, protobuf.Type | null> | undefined;

/**
 * Loads the shipped schema (gen/descriptor-set.ts, google/protobuf/timestamp.proto included)
 * into a resolved protobufjs Root, once; later calls return the same Root.
 */
export function loadSchema(): protobuf.Root {
  // The JSON form, generated with the binary one: no protobuf decoder is loaded at start-up.
  if (root === undefined) root = rootFromDescriptorJson(JSON.parse(descriptorSetJson));
  return root;
}

/**
 * Finds a message of the schema by full name (`rbm.events.v1.UserEvent`, a leading dot allowed)
 * or short name (`UserEvent`): one of {@link messageTypeNames}, as `MessageName` types them. Throws
 * an {@link RbmEventError} (`UNKNOWN_TYPE`) for a name that matches no message, a short name that
 * matches several, and a well-known type the schema imports (`google.protobuf.Timestamp`), whose
 * JSON form is no object, as `rbm-events validate --type` refuses it too.
 */
export function lookupMessage(name: string): protobuf.Type {
  if (typeof name !== "string") throw argumentError("lookupMessage()", "typeName", "a string", name);
  if (fullNames === undefined) index();
  const full = name.startsWith(".") ? name.slice(1) : name;
  const type = fullNames?.get(full) ?? shortNames?.get(name);
  if (type instanceof protobuf.Type) return type;
  const reason =
    type === null
      ? ": several messages have that name, use the full name"
      : full.startsWith("google.protobuf.")
        ? ": a well-known type, not a message of the schema"
        : "";
  throw new RbmEventError("UNKNOWN_TYPE", `unknown message type ${formatValue(name)}${reason}`);
}

/** Full names of the schema's own messages (nested ones included, imports left out), sorted. */
export function messageTypeNames(): FullMessageName[] {
  return [...fullMessageNames];
}

function index(): void {
  const types: protobuf.Type[] = [];
  collect(loadSchema(), types);
  // The schema's own messages only, as messageTypeNames lists them: not the well-known types it imports.
  const own = new Set<string>(fullMessageNames);
  const full = new Map<string, protobuf.Type>();
  const short = new Map<string, protobuf.Type | null>();
  for (const type of types) {
    if (!own.has(fullName(type))) continue;
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
