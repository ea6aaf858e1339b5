// Idempotency for webhook deliveries: RBM redelivers until it sees a 200, so the same
// event may arrive twice, even twice at once. A store answers which delivery handles it.

import { formatValue } from "../errors.js";

/**
 * What {@link IdempotencyStore.claim} answers: `"new"` when the caller now holds the key and
 * must handle the event, `"done"` when it was handled already, `"busy"` when another delivery
 * holds the key and may still fail.
 */
export type IdempotencyClaim = "new" | "done" | "busy";

/**
 * Where a webhook handler remembers which events it handled. `claim` must be atomic: of two
 * concurrent claims of one key, at most one answers `"new"`. A shared store (Redis `SET NX`,
 * a database row) should let a claim lapse after a lease, so a crashed process cannot hold a
 * key forever.
 */
export interface IdempotencyStore {
  /** Claims `key` for handling; see {@link IdempotencyClaim}. */
  claim(key: string): IdempotencyClaim | Promise<IdempotencyClaim>;
  /** Marks a claimed key handled: later claims answer `"done"`. */
  complete(key: string): void | Promise<void>;
  /** Gives a claimed key up after a failure: the next claim answers `"new"` again. */
  release(key: string): void | Promise<void>;
}

/** Options for {@link MemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** How many handled keys to remember; the least recently seen go first. Defaults to 10,000. */
  maxKeys?: number;
}

/**
 * An {@link IdempotencyStore} in this process's memory, remembering the most recently seen
 * `maxKeys` handled keys. Keys being handled are kept apart and never evicted, so a duplicate
 * arriving during a slow handler is always answered `"busy"`.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #maxKeys: number;
  // Map iteration order is insertion order: the first key is the least recently seen.
  readonly #done = new Map<string, true>();
  readonly #busy = new Set<string>();

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new TypeError(`invalid argument: maxKeys: expected a positive integer, received ${formatValue(maxKeys)}`);
    }
    this.#maxKeys = maxKeys;
  }

  /** How many keys the store holds, handled and being handled. */
  get size(): number {
    return this.#done.size + this.#busy.size;
  }

  /** Claims `key`: `"new"` once, then `"busy"` until it is completed or released. */
  claim(key: string): IdempotencyClaim {
    if (this.#busy.has(key)) return "busy";
    if (this.#done.delete(key)) {
      this.#done.set(key, true); // re-inserted as the most recently seen
      return "done";
    }
    this.#busy.add(key);
    return "new";
  }

  /** Marks `key` handled, evicting the least recently seen handled key beyond `maxKeys`. */
  complete(key: string): void {
    this.#busy.delete(key);
    this.#done.delete(key);
    this.#done.set(key, true);
    if (this.#done.size > this.#maxKeys) this.#done.delete(this.#done.keys().next().value as string);
  }

  /** Forgets the claim on `key`, so the next delivery handles it. */
  release(key: string): void {
    this.#busy.delete(key);
  }
}
