// The protobuf binary encoding of messages in the shape validation returns, by reflection over
// any protobufjs message type.

import type protobuf from "protobufjs";
import { RbmEventError, argumentError, isObject } from "../errors.js";
import { planOf } from "../schema/index.js";
import type { Message, MessageName } from "../schema/index.js";
import { lookupMessage } from "../schema/index.js";
import { readBinary } from "./from-binary.js";
import { writeBinary } from "./to-binary.js";
import { checkConversionOptions, type ConversionOptions } from "./longs.js";
import { EncodeError } from "./value-check.js";

/**
 * Encodes a message of the schema (full or short name), such as `validate` or `decodeEvent`
 * returns it or the generated interface types it, to protobuf binary. Throws an
 * {@link RbmEventError}: `UNKNOWN_TYPE` for a name the schema does not have, `INVALID_EVENT`
 * (with the path) for a value that cannot be written (a value of another type than its
 * field's, an enum name this version does not know, a oneof `$case` that names no member),
 * `INVALID_ARGUMENT` for options that are not valid.
 */
export function toBinary<N extends MessageName>(typeName: N, message: Message<N>, options?: ConversionOptions): Uint8Array {
  // The plan reads the value by reflection, field by field.
  return toBinaryWith(lookupMessage(typeName), message as object as Record<string, unknown>, options);
}

/**
 * Encodes a message of any protobufjs type to protobuf binary, as {@link toBinary} does; fields
 * {@link fromBinaryWith} kept as unknown are written back. Throws an {@link RbmEventError}
 * (`INVALID_EVENT`, with the path) for a value the field cannot hold.
 */
export function toBinaryWith(type: protobuf.Type, message: Record<string, unknown>, options?: ConversionOptions): Uint8Array {
  if (!isObject(message)) throw argumentError("toBinary()", "message", "an object", message);
  checkConversionOptions("toBinary()", options);
  const plan = planOf(type);
  try {
    return writeBinary(plan, message);
  } catch (cause) {
    if (cause instanceof EncodeError) {
      const issues = [{ path: cause.path, message: cause.reason }];
      throw new RbmEventError("INVALID_EVENT", `cannot encode ${plan.name} to binary: ${cause.message}`, { cause, issues });
    }
    // Only a value built by hand nests deep enough to exhaust the stack: a decoded one stops at MAX_JSON_DEPTH.
    const reason =
      cause instanceof RangeError && /call stack/.test(cause.message)
        ? "too deeply nested"
        : `invalid value: ${cause instanceof Error ? cause.message : String(cause)}`;
    throw new RbmEventError("INVALID_EVENT", `cannot encode ${plan.name} to binary: ${reason}`, { cause });
  }
}

/**
 * Decodes protobuf binary into a message of the schema (full or short name), in the shape
 * `validate` returns. Throws an {@link RbmEventError}: `UNKNOWN_TYPE` for a name the schema does
 * not have, `INVALID_EVENT` for malformed bytes, `INVALID_ARGUMENT` for `bytes` that are not a
 * Uint8Array and for options that are not valid.
 */
export function fromBinary<N extends MessageName>(typeName: N, bytes: Uint8Array, options?: ConversionOptions): Message<N> {
  // The engine builds the value by reflection over the same schema the type is generated from.
  return fromBinaryWith(lookupMessage(typeName), bytes, options) as unknown as Message<N>;
}

/**
 * Decodes protobuf binary into a message of any protobufjs type, as {@link fromBinary} does.
 * Fields the type does not know are kept under {@link UNKNOWN_FIELDS}. Throws an
 * {@link RbmEventError} (`INVALID_EVENT`) for malformed bytes.
 */
export function fromBinaryWith(type: protobuf.Type, bytes: Uint8Array, options?: ConversionOptions): Record<string, unknown> {
  // A caller's mistake, not malformed input: the bytes of an event are always a Uint8Array.
  if (!(bytes instanceof Uint8Array)) throw argumentError("fromBinary()", "bytes", "a Uint8Array", bytes);
  const longs = checkConversionOptions("fromBinary()", options);
  const plan = planOf(type);
  try {
    return readBinary(plan, bytes, longs);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RbmEventError("INVALID_EVENT", `cannot decode ${plan.name} from binary: ${reason}`, { cause });
  }
}
