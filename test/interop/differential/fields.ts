// The fields of a message as the differential test sees them, read from the schema by reflection.

import protobuf from "protobufjs";
import { lookupMessage } from "../../../src/schema/registry.js";

/** One field: its two JSON spellings and the kind of value it takes. */
export interface TestField {
  readonly jsonName: string;
  readonly protoName: string;
  /** "other" for any kind the generator has no documents for (repeated, map, other types). */
  readonly kind: "string" | "enum" | "timestamp" | "other";
  /** Names of the enum's values, for an enum field. */
  readonly enumNames: readonly string[];
  /** Numbers of the enum's values, for an enum field. */
  readonly enumNumbers: readonly number[];
}

/** The fields of a message of the schema (full or short name), in field-number order. */
export function fieldsOf(typeName: string): TestField[] {
  return [...lookupMessage(typeName).fieldsArray].sort((a, b) => a.id - b.id).map((field) => {
    field.resolve();
    const resolved = field.resolvedType;
    const singular = !field.repeated && !field.map;
    const kind = !singular ? "other"
      : field.type === "string" ? "string"
      : resolved instanceof protobuf.Enum ? "enum"
      : resolved?.fullName === ".google.protobuf.Timestamp" ? "timestamp"
      : "other";
    const values = resolved instanceof protobuf.Enum ? resolved.values : {};
    return {
      jsonName: field.jsonName,
      protoName: field.protoName,
      kind,
      enumNames: Object.keys(values),
      enumNumbers: Object.values(values),
    };
  });
}
