// Strict UTF-8 decoding: invalid bytes are an error, never U+FFFD.

import { RbmEventError } from "../errors.js";

// A fatal TextDecoder rejects what a lenient one replaces; in Node.js (20 and later) it checks and
// decodes natively in one call, and reads any Uint8Array without wrapping it in a Buffer first.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 bytes to a string, rejecting malformed sequences with an
 * {@link RbmEventError} (`INVALID_UTF8`) whose issue names `path`. A byte order mark is kept.
 */
export function utf8Decode(bytes: Uint8Array, path = ""): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    const reason = "invalid UTF-8";
    throw new RbmEventError("INVALID_UTF8", `cannot decode ${path || "input"}: ${reason}`, {
      issues: [{ path, message: reason }],
      cause,
    });
  }
}
