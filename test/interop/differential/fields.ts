// The fields of a message as the differential test sees them, read from the schema by reflection.

import protobuf from "protobufjs";
import { lookupMessage } from "../../../src/schema/index.js";

/** One field: its two JSON spellings and the kind of value it takes. */
export interface TestField {
  readonly jsonName: string;
  readonly protoName: string;
  /** "other" for any kind the generator has no documents for (repeated, map, other types). */
  readonly kind: "string" | "enum" | "timestamp" | "int32" | "double" | "message" | "other";
  /** Names of the enum's values, for an enum field. */
  readonly enumNames: readonly string[];
  /** Numbers of the enum's values, for an enum field. */
  readonly enumNumbers: readonly number[];
  /** The full name of the message type, for a message field. */
  readonly messageType: string | undefined;
  /** The name of the oneof the field is a member of (not the synthetic one of `optional`). */
  readonly oneof: string | undefined;
}

const KINDS: Record<string, TestField["kind"]> = { string: "string", int32: "int32", double: "double" };

/** The fields of a message of the schema (full or short name), in field-number order. */
export function fieldsOf(typeName: string): TestField[] {
  return [...lookupMessage(typeName).fieldsArray]
    .sort((a, b) => a.id - b.id)
    .map((field) => {
      field.resolve();
      const resolved = field.resolvedType;
      const singular = !field.repeated && !field.map;
      const kind = !singular
        ? "other"
        : resolved instanceof protobuf.Enum
          ? "enum"
          : resolved?.fullName === ".google.protobuf.Timestamp"
            ? "timestamp"
            : resolved instanceof protobuf.Type && !resolved.fullName.startsWith(".google.")
              ? "message"
              : (KINDS[field.type] ?? "other");
      const values = resolved instanceof protobuf.Enum ? resolved.values : {};
      return {
        jsonName: field.jsonName,
        protoName: field.protoName,
        kind,
        enumNames: Object.keys(values),
        enumNumbers: Object.values(values),
        messageType: kind === "message" ? (resolved as protobuf.Type).fullName.slice(1) : undefined,
        oneof: field.partOf !== null && !field.partOf.isProto3Optional ? field.partOf.name : undefined,
      };
    });
}
