// Standard input for the commands that read it: a file or a pipe read from its descriptor into
// one reused buffer, anything else (a terminal, a test's stream) as the stream it is.

import { fstatSync, type Stats } from "node:fs";
import { Socket, type ConnectOpts, type SocketConstructorOpts } from "node:net";
import type { CliIo } from "./io.js";

/** Standard input as a command gets it: the stream, and the descriptor when it is the process's own. */
export type StdinSource = Pick<CliIo, "stdin" | "stdinFd">;

/** The file descriptor of standard input when it is a regular file (`< FILE`), else undefined. */
export function stdinFile(source: StdinSource): number | undefined {
  // The stream is asked for its descriptor only when none was given: asking makes the stream.
  const fd = source.stdinFd ?? (source.stdin as { fd?: unknown }).fd;
  return typeof fd === "number" && statOf(fd)?.isFile() === true ? fd : undefined;
}

/**
 * The file descriptor of standard input when it is a pipe or a socket that no stream reads yet
 * (`cat FILE |`, or a parent's pipe), else undefined.
 */
export function stdinPipe(source: StdinSource): number | undefined {
  const fd = source.stdinFd;
  const stats = fd === undefined ? undefined : statOf(fd);
  return stats !== undefined && (stats.isFIFO() || stats.isSocket()) ? fd : undefined;
}

/** What the descriptor is open on; undefined when it is not open. */
function statOf(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/**
 * Reads a pipe or a socket into `buffer`, reused: each chunk is valid only until the next is asked
 * for, and nothing is read before it is. A stream would read each chunk into an ArrayBuffer of its
 * own, outside the heap, which a thread that hardly allocates collects late: piped into
 * `validate --jobs 2`, a million lines peaked at 158 MB that way, and at 93 MB from a file.
 * Undefined when the descriptor cannot be read so (a datagram socket).
 */
export function readPipe(fd: number, buffer: Uint8Array): AsyncGenerator<Uint8Array> | undefined {
  let chunk: Uint8Array | undefined;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  // Node's documentation gives the constructor `onread` (nodejs/node#54194); @types/node 20 has it
  // on connect()'s options only.
  const options: SocketConstructorOpts & ConnectOpts = {
    fd,
    readable: true,
    writable: false,
    // Returning false stops reading until resume(): the buffer holds one chunk at a time.
    onread: {
      buffer,
      callback: (bytes, into) => {
        chunk = into.subarray(0, bytes);
        wake?.();
        return false;
      },
    },
  };
  let socket: Socket;
  try {
    socket = new Socket(options);
  } catch {
    return undefined;
  }
  socket.on("end", () => {
    ended = true;
    wake?.();
  });
  socket.on("error", (error: unknown) => {
    failure = { error };
    wake?.();
  });
  return (async function* chunks() {
    try {
      for (;;) {
        if (chunk !== undefined) {
          const next = chunk;
          chunk = undefined;
          yield next;
          socket.resume();
        } else if (failure !== undefined) {
          throw failure.error;
        } else if (ended) {
          return;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      }
    } finally {
      socket.destroy();
    }
  })();
}
