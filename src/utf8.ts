// Strict UTF-8 decoding: invalid bytes are an error, never U+FFFD.

import { RbmEventError } from "./errors.js";

// Node's Buffer checks and decodes natively and fastest; TextDecoder is the portable fallback.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const isUtf8: ((bytes: Uint8Array) => boolean) | undefined = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => { isUtf8?: (b: Uint8Array) => boolean } } }
).process?.getBuiltinModule?.("node:buffer")?.isUtf8;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 bytes to a string, rejecting malformed sequences with an
 * {@link RbmEventError} (`INVALID_UTF8`) whose issue names `path`.
 */
export function utf8Decode(bytes: Uint8Array, path = ""): string {
  if (NodeBuffer !== undefined && isUtf8 !== undefined) {
    if (isUtf8(bytes)) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  } else {
    try {
      return decoder.decode(bytes);
    } catch {
      // fall through to the error below
    }
  }
  const reason = "invalid UTF-8";
  throw new RbmEventError("INVALID_UTF8", `cannot decode ${path || "input"}: ${reason}`, {
    issues: [{ path, message: reason }],
  });
}
