// What `rbm-events serve` learns about each webhook request (its event's kind and key, whether
// it was a duplicate), counted as Prometheus metrics (prom-client) and told in debug log lines.
// serve loads this module only with --metrics or --log-level debug.

import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Log } from "./log-line.js";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { IdempotencyClaim, IdempotencyStore } from "../webhook/index.js";

/** What is known of one webhook request while it is handled. */
export interface RequestFacts {
  /** The payload's kind once handed on, or `dead_letter`. */
  kind?: string;
  /** The idempotency key the store was asked about. */
  eventId?: string;
  /** Whether the store answered that the event was handled already. */
  duplicate?: boolean;
}

/** Request latency buckets, in seconds: a webhook answers in milliseconds, a slow store in seconds. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Store latency buckets, in seconds: the in-memory store answers in microseconds, Redis in about a millisecond. */
const STORE_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The metrics of `serve`, and the request facts they are taken from. */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly #facts = new AsyncLocalStorage<RequestFacts>();
  readonly deliveries = new Counter({
    name: "rbm_events_deliveries_total",
    help: "Webhook requests answered, by what they carried and the status answered.",
    labelNames: ["kind", "status"] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: "rbm_events_duplicates_total",
    help: "Deliveries answered 200 without printing, their event handled already.",
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: "rbm_events_dead_letters_total",
    help: "Authentic deliveries that could not be decoded, answered 200 and kept as dead letters.",
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: "rbm_events_store_errors_total",
    help: "Calls to the idempotency store that failed (claim, complete or release).",
    registers: [this.registry],
  });
  readonly storeLatency = new Histogram({
    name: "rbm_events_store_latency_seconds",
    help: "Time the idempotency store took to answer, by operation.",
    buckets: STORE_BUCKETS,
    labelNames: ["operation"] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: "rbm_events_request_duration_seconds",
    help: "Time from a webhook request's head to its answer.",
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  /** Whether anything is counted: without `--metrics` only the facts debug lines need are kept. */
  readonly #counting: boolean;
  /** Where each request answered 200 is told, at level debug; undefined for nowhere. */
  readonly #debug: Log | undefined;

  constructor(options: { counting: boolean; debug: Log | undefined }) {
    this.#counting = options.counting;
    this.#debug = options.debug;
    // The process's CPU, memory, start time, event loop lag and heap, as every Node.js exporter has them.
    if (options.counting) collectDefaultMetrics({ register: this.registry });
  }

  /** The facts of the request being handled now, if any. */
  get current(): RequestFacts | undefined {
    return this.#facts.getStore();
  }

  /** Runs `handler` for one webhook request, recording its facts, and counts it once answered. */
  observe(req: IncomingMessage, res: ServerResponse, handler: () => void): void {
    const facts: RequestFacts = {};
    const start = performance.now();
    res.once("finish", () => this.#answered(req, res.statusCode, facts, (performance.now() - start) / 1000));
    this.#facts.run(facts, handler);
  }

  #answered(req: IncomingMessage, status: number, facts: RequestFacts, seconds: number): void {
    // A 200 that was neither handed on nor a dead letter nor a duplicate is the registration handshake.
    const kind = facts.duplicate === true ? "duplicate" : (facts.kind ?? (status === 200 ? "handshake" : "none"));
    if (this.#counting) {
      this.deliveries.inc({ kind, status: String(status) });
      this.requestDuration.observe(seconds);
      if (status === 200 && kind === "duplicate") this.duplicates.inc();
      if (status === 200 && kind === "dead_letter") this.deadLetters.inc();
    }
    // A dead letter has a line of its own already.
    if (this.#debug !== undefined && status < 400 && kind !== "dead_letter") {
      const { eventId } = facts;
      const what = kind === "duplicate" ? `duplicate of ${eventId}` : kind === "handshake" ? "handshake" : `${kind} ${eventId ?? "without an eventId"}`;
      this.#debug(`${status} ${req.method} ${pathOf(req.url)} ${what}`, {
        level: "debug",
        status,
        method: req.method ?? "",
        path: pathOf(req.url),
        kind,
        ...(eventId === undefined ? {} : { eventId }),
      });
    }
  }

  /** `store` with each call timed and each failure counted; the key of the request's event is recorded. */
  watchStore(store: IdempotencyStore): IdempotencyStore {
    const timed = <T>(operation: string, call: () => T | Promise<T>, seen?: (value: T) => void): T | Promise<T> => {
      const start = performance.now();
      const measured = (value: T) => {
        if (this.#counting) this.storeLatency.observe({ operation }, (performance.now() - start) / 1000);
        seen?.(value);
        return value;
      };
      const failed = (error: unknown): never => {
        if (this.#counting) this.storeErrors.inc();
        throw error;
      };
      let answer: T | Promise<T>;
      try {
        answer = call();
      } catch (error) {
        return failed(error);
      }
      // A store that answers at once (the in-memory one) stays synchronous.
      return typeof (answer as Promise<T> | undefined)?.then === "function" ? Promise.resolve(answer).then(measured, failed) : measured(answer as T);
    };
    return {
      claim: (key, leaseMs) => {
        const facts = this.current;
        if (facts !== undefined) facts.eventId = key;
        return timed(
          "claim",
          () => store.claim(key, leaseMs),
          (claim: IdempotencyClaim) => {
            if (claim === "done" && facts !== undefined) facts.duplicate = true;
          },
        );
      },
      complete: (key) => timed("complete", () => store.complete(key)),
      release: (key) => timed("release", () => store.release(key)),
    };
  }
}

function pathOf(url: string | undefined): string {
  const path = (url ?? "").split("?", 1)[0] ?? "";
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
