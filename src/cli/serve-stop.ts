// How `rbm-events serve` stops: on the first signal (or once its output is gone) it stops taking
// requests, answers those in flight within the grace period, 503 for any still waiting then;
// a second signal ends it at once.

import type { Server, ServerResponse } from "node:http";
import type { Log } from "./log-line.js";

/** A server that stops gracefully, within a bound. */
export interface Stopping {
  /** Whether stopping has begun: a response then closes its connection. */
  readonly stopping: boolean;
  /** Tracks a request's response until it is answered. */
  track(res: ServerResponse): void;
  /** Begins stopping (once) with `message` on the log; `code` becomes the exit code unless a second signal comes. */
  begin(message: string, code: number): void;
  /** Resolves to the exit code once the server has closed, or at once on a second signal. */
  readonly done: Promise<number>;
  /** Stops listening for signals. */
  dispose(): void;
}

/** The answer to a request still waiting when the grace period ends: RBM delivers the event again. */
const STOPPED_BODY = JSON.stringify({
  error: { code: "HANDLER_FAILED", message: "handler failed: stopping, and the event was not written within the grace period", issues: [] },
});

/**
 * Watches `server` for SIGINT and SIGTERM. Stopping closes idle connections at once; after
 * `graceMs`, every request not answered yet is answered 503 (with `Retry-After`), `onGraceEnd`
 * runs and every connection is closed. A second signal resolves `done` at once with 128 + its
 * number.
 */
export function stopOnSignals(server: Server, graceMs: number, log: Log, onGraceEnd: () => void): Stopping {
  // The responses not closed yet, each in a slot of its own, and the slots free for the next ones.
  // Not a Set: hashing a ServerResponse to add it to one made each request some 20% dearer.
  const open: Array<ServerResponse | undefined> = [];
  const free: number[] = [];
  let stopping = false;
  let exitCode = 0;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let firstSignal: { name: NodeJS.Signals; at: number } | undefined;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  server.once("close", () => finish(exitCode));

  const endGrace = () => {
    let refused = 0;
    for (const res of open) {
      if (res === undefined || res.headersSent || res.destroyed) continue;
      refused++;
      const headers = { "content-type": "application/json; charset=utf-8", "retry-after": "5", connection: "close" };
      res.writeHead(503, { ...headers, "content-length": Buffer.byteLength(STOPPED_BODY) }).end(STOPPED_BODY);
    }
    const seconds = graceMs / 1000;
    if (refused > 0) log(`rbm-events serve: answered ${refused} request${refused === 1 ? "" : "s"} 503: not handled within ${seconds} s`, { level: "warn" });
    log(`rbm-events serve: closing the connections still open after ${seconds} s`);
    onGraceEnd();
    // The answers above are handed to the sockets first.
    setImmediate(() => server.closeAllConnections());
  };

  const begin = (message: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log(message);
    // server.close() also stops Node's header and request timeouts, so a client that sent half
    // its headers, or keeps a connection open, would hold the server for ever without the grace.
    server.close();
    server.closeIdleConnections();
    grace = setTimeout(endGrace, graceMs);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignal !== undefined) {
      // npx forwards Ctrl-C's SIGINT, which then arrives twice at once: that is still one.
      if (signal === "SIGINT" && firstSignal.name === "SIGINT" && Date.now() - firstSignal.at < 500) return;
      log(`rbm-events serve: ${signal} again, closing every connection now`, { level: "warn" });
      exitCode = 128 + (signal === "SIGINT" ? 2 : 15);
      server.closeAllConnections();
      finish(exitCode);
      return;
    }
    firstSignal = { name: signal, at: Date.now() };
    begin("rbm-events serve: stopping once requests in flight are answered", exitCode);
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);

  return {
    get stopping() {
      return stopping;
    },
    track(res) {
      // Once stopping, a connection is closed after its response instead of kept alive.
      if (stopping) res.setHeader("connection", "close");
      const slot = free.pop() ?? open.length;
      open[slot] = res;
      // "close" follows "finish" (or an early end of the connection): the connection may be idle now.
      res.once("close", () => {
        open[slot] = undefined;
        free.push(slot);
        if (stopping) setImmediate(() => server.closeIdleConnections());
      });
    },
    begin,
    done,
    dispose() {
      clearTimeout(grace);
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    },
  };
}
