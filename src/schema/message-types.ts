// The typed view of the schema: message names, and the value each message has at run time.

import type { GeneratedMessages, ShortMessageNames } from "../../gen/message-types.js";

/** The full name of a message of the schema, such as `"rbm.events.v1.UserEvent"`. */
export type FullMessageName = keyof GeneratedMessages;

/**
 * A message of the schema by full name (a leading dot allowed, as in descriptors), or by short
 * name (`"UserEvent"`) where that names one message.
 */
export type MessageName = FullMessageName | `.${FullMessageName}` | keyof ShortMessageNames;

/** The full name a {@link MessageName} stands for. */
export type FullNameOf<N extends MessageName> = N extends FullMessageName
  ? N
  : N extends `.${infer F extends FullMessageName}`
    ? F
    : N extends keyof ShortMessageNames
      ? ShortMessageNames[N]
      : never;

/**
 * An enum value this version of the schema does not declare, kept as it came: its number (from
 * binary, or a JSON number), or its name when decoding leniently (`decodeEvent` without
 * `strict`, or `keepUnknownEnumNames`). Written back as it came; a name cannot be written to
 * binary.
 */
export interface UnknownEnumValue {
  readonly unknown: number | string;
}

/** An {@link UnknownEnumValue}, frozen. */
export function unknownEnumValue(unknown: number | string): UnknownEnumValue {
  return Object.freeze({ unknown });
}

/** Tells an {@link UnknownEnumValue} from a declared enum name. */
export function isUnknownEnumValue(value: unknown): value is UnknownEnumValue {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, "unknown")) return false;
  const unknown: unknown = (value as { unknown: unknown }).unknown;
  return typeof unknown === "number" || typeof unknown === "string";
}

type Scalar = string | number | boolean | bigint | Uint8Array | null | undefined;

/**
 * A type ts-proto generates, with every enum field (a union of string literals) open to an
 * {@link UnknownEnumValue}, in nested messages, lists and maps too. `any` (Struct, Value) and a
 * oneof's `$case` stay as they are.
 */
export type OpenEnums<T> = 0 extends 1 & T
  ? T
  : T extends string
    ? string extends T
      ? T
      : T | UnknownEnumValue
    : T extends Scalar
      ? T
      : T extends readonly (infer U)[]
        ? OpenEnums<U>[]
        : { [K in keyof T]: K extends "$case" ? T[K] : OpenEnums<T[K]> };

/** The value of the message `N` at run time: the interface ts-proto generates, with open enums. */
export type Message<N extends MessageName> = OpenEnums<GeneratedMessages[FullNameOf<N>]>;
