// A message's codec with binary conversion too: what the Node entry point exports under its name.

import { fromBinary, toBinary } from "./binary-conversion.js";
import { messageCodec, type MessageCodec } from "./json-codec.js";
import type { FullMessageName, Message } from "../schema/index.js";

/**
 * What the Node entry point exports under a message's name: a {@link MessageCodec} that also
 * reads and writes the protobuf binary encoding.
 */
export interface BinaryMessageCodec<N extends FullMessageName> extends MessageCodec<N> {
  /** Writes the protobuf binary encoding, as `toBinary` does. */
  encode(message: Message<N>): Uint8Array;
  /** Reads the protobuf binary encoding, as `fromBinary` does. */
  decode(bytes: Uint8Array): Message<N>;
}

/** The {@link BinaryMessageCodec} of a message of the schema. The schema is loaded on first use. */
export function binaryMessageCodec<N extends FullMessageName>(typeName: N): BinaryMessageCodec<N> {
  return {
    ...messageCodec(typeName),
    encode: (message) => toBinary(typeName, message),
    decode: (bytes) => fromBinary(typeName, bytes),
  };
}
