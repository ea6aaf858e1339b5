// Idempotency for webhook deliveries: RBM redelivers until it sees a 200, so the same
// event may arrive twice, even twice at once. A store answers which delivery handles it.

import { formatValue, unknownOption } from "../errors.js";

/**
 * What {@link IdempotencyStore.claim} answers: `"new"` when the caller now holds the key and
 * must handle the event, `"done"` when it was handled already, `"busy"` when another delivery
 * holds the key, its lease has not lapsed, and it may still fail.
 */
export type IdempotencyClaim = "new" | "done" | "busy";

/**
 * Where a webhook handler remembers which events it handled. `claim` must be atomic: of two
 * concurrent claims of one key, at most one answers `"new"`. A claim is a lease of `leaseMs`
 * milliseconds: once it lapses without `complete` or `release`, the next claim of the key
 * answers `"new"` again, so a hung handler or a crashed process cannot hold a key forever
 * (Redis: `SET key busy NX PX leaseMs`).
 */
export interface IdempotencyStore {
  /** Claims `key` for handling for `leaseMs` milliseconds (a positive integer); see {@link IdempotencyClaim}. */
  claim(key: string, leaseMs: number): IdempotencyClaim | Promise<IdempotencyClaim>;
  /** Marks a claimed key handled: later claims answer `"done"`. Also called after the lease lapsed. */
  complete(key: string): void | Promise<void>;
  /** Gives a claimed key up after a failure: the next claim answers `"new"` again. Only called within the lease. */
  release(key: string): void | Promise<void>;
}

/** Options for {@link MemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** How many handled keys to remember; the least recently seen go first. Defaults to 10,000. */
  maxKeys?: number;
}

/**
 * An {@link IdempotencyStore} in this process's memory, remembering the most recently seen
 * `maxKeys` handled keys. Keys being handled are kept apart and never evicted before their
 * lease lapses, so a duplicate arriving during a slow handler is answered `"busy"` until then.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #maxKeys: number;
  // Map iteration order is insertion order: the first key is the least recently seen.
  readonly #done = new Map<string, true>();
  // Walks #done from the oldest key as keys are evicted. A Map keeps a deleted entry's slot until
  // it is rehashed, so a fresh keys() iterator would step over every slot evicted since: up to
  // thousands per eviction. Every key behind this live iterator was evicted or seen again (and
  // moved to the end), so the next key it yields is always the least recently seen.
  readonly #oldest: Iterator<string> = this.#done.keys();
  // Key → when its lease lapses (Date.now() ms), in claim order.
  readonly #busy = new Map<string, number>();

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const unknown = typeof options === "object" && options !== null ? unknownOption(options, ["maxKeys"]) : undefined;
    if (unknown !== undefined) throw new TypeError(`invalid argument: options: ${unknown}`);
    const maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new TypeError(`invalid argument: maxKeys: expected a positive integer, received ${formatValue(maxKeys)}`);
    }
    this.#maxKeys = maxKeys;
  }

  /** How many keys the store holds, handled and being handled (lapsed leases included until swept). */
  get size(): number {
    return this.#done.size + this.#busy.size;
  }

  /**
   * Claims `key` for `leaseMs` (default 30,000): `"new"` once, then `"busy"` until it is
   * completed, released, or the lease lapses.
   */
  claim(key: string, leaseMs = 30_000): IdempotencyClaim {
    if (typeof leaseMs !== "number" || !(leaseMs > 0)) {
      throw new TypeError(`invalid argument: leaseMs: expected a positive number, received ${formatValue(leaseMs)}`);
    }
    const now = Date.now();
    this.#sweep(now);
    const until = this.#busy.get(key);
    if (until !== undefined && until > now) return "busy";
    if (this.#done.delete(key)) {
      this.#done.set(key, true); // re-inserted as the most recently seen
      return "done";
    }
    this.#busy.delete(key); // a lapsed lease: re-inserted last, in claim order
    this.#busy.set(key, now + leaseMs);
    return "new";
  }

  /** Marks `key` handled, evicting the least recently seen handled key beyond `maxKeys`. */
  complete(key: string): void {
    this.#busy.delete(key);
    this.#done.delete(key);
    this.#done.set(key, true);
    if (this.#done.size > this.#maxKeys) this.#done.delete(this.#leastRecent());
  }

  // Called with more than maxKeys (at least 2) keys, all ahead of the iterator: it never runs out.
  #leastRecent(): string {
    return this.#oldest.next().value as string;
  }

  /** Forgets the claim on `key`, so the next delivery handles it. */
  release(key: string): void {
    this.#busy.delete(key);
  }

  /** Drops a few lapsed leases from the oldest end, so abandoned claims do not pile up. */
  #sweep(now: number): void {
    let budget = 4;
    for (const [key, until] of this.#busy) {
      if (until > now || budget-- === 0) return;
      this.#busy.delete(key);
    }
  }
}
