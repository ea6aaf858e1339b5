// protobufjs's binary Reader, with the checks of the wire format that reading by reflection
// relies on, and 64-bit integers read exactly.

import protobuf from "protobufjs";
import { longFromBits } from "./longs.js";

/** The wire types of the protobuf encoding: the low three bits of a tag. */
export const WireType = { Varint: 0, Bit64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Bit32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** Thrown while reading; the caller turns it into an RbmEventError naming the message. */
export class BinaryReadError extends Error {}

/** The deepest nesting of groups that skipping one field follows. */
const MAX_GROUP_DEPTH = 100;

/**
 * protobufjs's Reader, plus what reading by reflection needs beyond it: tags checked and split,
 * fields skipped with their groups checked, lengths read as protoc reads them, strict UTF-8, and
 * 64-bit integers as exact bigints (its own int64() gives a Long, or a lossy number when no Long
 * class is configured).
 */
export class WireReader extends protobuf.Reader {
  /** The low and high 32 bits of the last varint64(). */
  private lo = 0;
  private hi = 0;

  /** The next tag, as field number and wire type; a field number 0 and wire types 6 and 7 are errors. */
  fieldTag(): [number, WireType] {
    const tag = this.tag();
    const number = tag >>> 3,
      wireType = tag & 7;
    if (number === 0 || wireType > 5) throw new BinaryReadError(`illegal tag: field no ${number} wire type ${wireType}`);
    return [number, wireType as WireType];
  }

  /** Skips one field of `wireType`; a group must end with the tag of its own `number`. */
  skipField(wireType: WireType, number: number, limit = MAX_GROUP_DEPTH): void {
    switch (wireType) {
      case WireType.Varint:
        this.skip();
        return;
      case WireType.Bit64:
        this.skip(8);
        return;
      case WireType.Bit32:
        this.skip(4);
        return;
      case WireType.LengthDelimited:
        this.pos = this.delimitedEnd();
        return;
      case WireType.StartGroup:
        if (limit <= 0) throw new BinaryReadError("maximum recursion depth reached");
        for (;;) {
          const [n, w] = this.fieldTag();
          if (w === WireType.EndGroup) {
            if (n !== number) throw new BinaryReadError("invalid end group tag");
            return;
          }
          this.skipField(w, n, limit - 1);
        }
      default:
        throw new BinaryReadError(`cant skip wire type ${wireType}`);
    }
  }

  /**
   * Reads a length and gives where the value it prefixes ends, checked against the input. The
   * length is any varint of up to ten bytes, as protoc reads it (Reader#size() refuses some).
   */
  delimitedEnd(): number {
    const end = this.uint32() + this.pos;
    if (end > this.len) throw new BinaryReadError("premature EOF");
    return end;
  }

  /** A string; invalid UTF-8 throws a TypeError. */
  override string(): string {
    const end = this.delimitedEnd(),
      start = this.pos;
    this.pos = end;
    return protobuf.util.utf8.readStrict(this.buf, start, end);
  }

  /** Bytes, copied into a plain Uint8Array (the input may be a Buffer): the value does not hold on to the input. */
  override bytes(): Uint8Array {
    const end = this.delimitedEnd(),
      start = this.pos;
    this.pos = end;
    return new Uint8Array(this.buf.subarray(start, end));
  }

  /** A bool: any varint but 0 is true, whatever its length (protobufjs's would also count bits past the 64th). */
  override bool(): boolean {
    this.varint64();
    return (this.lo | this.hi) !== 0;
  }

  /** An int64, uint64 or sint64 (a varint) or a fixed64 or sfixed64, by its proto type name. */
  long(typeName: string): bigint {
    if (typeName === "fixed64" || typeName === "sfixed64") {
      const lo = this.fixed32();
      return longFromBits(lo, this.fixed32(), typeName === "sfixed64");
    }
    this.varint64();
    const { lo, hi } = this;
    if (typeName !== "sint64") return longFromBits(lo, hi, typeName === "int64");
    // zigzag: 2n is n, 2n + 1 is -n - 1
    const sign = -(lo & 1);
    return longFromBits(((lo >>> 1) | (hi << 31)) ^ sign, (hi >>> 1) ^ sign, true);
  }

  /** Reads a varint of up to ten bytes into `lo` and `hi`, every one of its 64 bits kept. */
  private varint64(): void {
    let lo = 0,
      hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.len) throw new BinaryReadError("premature EOF");
      const b = this.buf[this.pos++] as number;
      if (i < 4) {
        lo |= (b & 0x7f) << (7 * i);
      } else if (i === 4) {
        // the fifth byte holds bits 28 to 34: four in the low half, three in the high
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else {
        hi |= (b & 0x7f) << (7 * i - 32);
      }
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new BinaryReadError("invalid varint");
  }
}

/** protobufjs's reader errors in the engine's words: reading past the end is a premature EOF. */
export function wireError(error: unknown): unknown {
  if (error instanceof BinaryReadError || !(error instanceof Error)) return error;
  if (error instanceof RangeError && error.message.startsWith("index out of range")) return new BinaryReadError("premature EOF", { cause: error });
  if (error.message === "invalid tag encoding") return new BinaryReadError("illegal tag: varint overflows uint32", { cause: error });
  if (error.message === "invalid varint encoding") return new BinaryReadError("invalid varint", { cause: error });
  return error;
}
