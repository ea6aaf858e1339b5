// The openssl known-answer vectors of test/fixtures/signatures.json, and what the signature
// tests derive from them. Buffer-free, so the Web Crypto tests can use it too.
import { readFileSync } from "node:fs";
import { base64Decode, base64Encode } from "../../src/encoding/index.js";

/** One vector: a token, a payload (as message.data, or a block repeated), and its signature. */
export interface Vector {
  name: string;
  token: string;
  data?: string;
  block?: string;
  repeat?: number;
  signature: string;
}

/** Every vector, in file order. */
export const vectors = JSON.parse(readFileSync(new URL("../fixtures/signatures.json", import.meta.url), "utf8")) as Vector[];

/** The first vector, a DELIVERED UserEvent; it always carries its data. */
export const delivered = ((v) => {
  if (v?.data === undefined) throw new Error("signatures.json: the first vector must carry data");
  return { ...v, data: v.data };
})(vectors[0]);

/** The payload of a vector as bytes and as message.data; the 1 MiB one is built from its block. */
export function payload(v: Vector): { bytes: Uint8Array; data: string } {
  if (v.data !== undefined) return { bytes: base64Decode(v.data), data: v.data };
  const block = base64Decode(v.block ?? "");
  const bytes = new Uint8Array(block.length * (v.repeat ?? 0));
  for (let at = 0; at < bytes.length; at += block.length) bytes.set(block, at);
  return { bytes, data: base64Encode(bytes) };
}

/** Flips one bit of a base64 signature's bytes and re-encodes it canonically. */
export function flipBit(sig: string, bit: number): string {
  const mac = base64Decode(sig);
  mac[bit >> 3]! ^= 1 << (bit & 7);
  return base64Encode(mac);
}

/** Tokens that give the same HMAC key: trailing NULs are the key's zero padding. */
export function sameKey(a: string, b: string): boolean {
  return a.replace(/\0+$/, "") === b.replace(/\0+$/, "");
}
