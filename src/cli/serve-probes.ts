// The operational endpoints of `rbm-events serve`, on the webhook's own port: GET /healthz
// (alive), GET /readyz (ready to take events) and, with --metrics, GET /metrics. RBM only POSTs,
// so any other request, and a POST to these paths, goes to the webhook handler as before.

import type { IncomingMessage, ServerResponse } from "node:http";

/** What the probes ask of the running server. */
export interface ProbeTargets {
  /** Whether the server has begun stopping. */
  stopping(): boolean;
  /** Resolves to undefined when the store answers, or to the reason it does not; absent for the in-memory store. */
  storeReady?: () => Promise<string | undefined>;
  /** The metrics to expose on /metrics, or undefined for none (then /metrics is the webhook's, as before). */
  metrics?: MetricsText;
}

/** What /metrics answers: a prom-client `Registry` is one. */
export interface MetricsText {
  /** The media type of the text. */
  readonly contentType: string;
  /** The metrics, written in the text exposition format. */
  metrics(): Promise<string>;
}

/** Answers `req` if it is a probe (GET or HEAD of /healthz, /readyz or /metrics), and tells whether it was. */
export function answerProbe(req: IncomingMessage, res: ServerResponse, targets: ProbeTargets): boolean {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const path = (req.url ?? "").split("?", 1)[0];
  if (path === "/healthz") {
    if (targets.stopping()) send(req, res, 503, "stopping\n");
    else send(req, res, 200, "ok\n");
    return true;
  }
  if (path === "/readyz") {
    void ready(targets).then((reason) => send(req, res, reason === undefined ? 200 : 503, reason === undefined ? "ready\n" : `not ready: ${reason}\n`));
    return true;
  }
  const { metrics } = targets;
  if (path === "/metrics" && metrics !== undefined) {
    metrics.metrics().then(
      (text) => send(req, res, 200, text, metrics.contentType),
      (error: unknown) => send(req, res, 500, `cannot collect the metrics: ${error instanceof Error ? error.message : String(error)}\n`),
    );
    return true;
  }
  return false;
}

/** Undefined when ready, else why not: stopping, or the store's reason. */
async function ready(targets: ProbeTargets): Promise<string | undefined> {
  if (targets.stopping()) return "stopping";
  const reason = await targets.storeReady?.();
  // Stopping may have begun while the store was asked.
  return targets.stopping() ? "stopping" : reason;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  if (res.headersSent || res.destroyed) return;
  const headers = { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store" };
  // A body sent with the head is ignored by any client; HEAD gets the head alone.
  res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : body);
}
