import fc from "fast-check";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { MemoryIdempotencyStore, type IdempotencyClaim } from "../../../src/webhook/index.js";
import { storeContract } from "../../support/store-contract.js";

const test = suite("new MemoryIdempotencyStore()");

/** Runs `steps` ("claim a", "complete a", "release a") and returns the claims' answers. */
function play(store: MemoryIdempotencyStore, steps: string[]): IdempotencyClaim[] {
  const answers: IdempotencyClaim[] = [];
  for (const step of steps) {
    const [action, key] = step.split(" ") as ["claim" | "complete" | "release", string];
    if (action === "claim") answers.push(store.claim(key));
    else store[action](key);
  }
  return answers;
}

const answers = (steps: string[], expected: IdempotencyClaim[], maxKeys?: number) =>
  assert.equal(play(new MemoryIdempotencyStore(maxKeys === undefined ? {} : { maxKeys }), steps), expected, steps.join(", "));

test("answers new, then busy while the key is held, then done once completed", () => {
  answers(["claim a", "claim a", "complete a", "claim a", "claim a"], ["new", "busy", "done", "done"]);
});

test("answers new again after a release, so a failed delivery is handled on redelivery", () => {
  answers(["claim a", "release a", "claim a", "claim a"], ["new", "new", "busy"]);
  answers(["release never-claimed", "claim a"], ["new"]);
});

test("keeps keys apart", () => {
  answers(["claim a", "claim b", "complete a", "claim a", "claim b"], ["new", "new", "done", "busy"]);
  const store = new MemoryIdempotencyStore();
  assert.equal([store.claim(""), store.claim(" "), store.claim("")], ["new", "new", "busy"]);
});

test("forgets the least recently seen handled key beyond maxKeys", () => {
  answers(["claim a", "complete a", "claim b", "complete b", "claim c", "complete c", "claim a"], ["new", "new", "new", "new"], 2);
  // seeing "a" again makes "b" the least recently seen
  answers(
    ["claim a", "complete a", "claim b", "complete b", "claim a", "claim c", "complete c", "claim a", "claim b"],
    ["new", "new", "done", "new", "done", "new"],
    2,
  );
  answers(["claim a", "complete a", "claim b", "complete b", "claim b"], ["new", "new", "done"], 1);
});

test("never evicts a key being handled, whatever the number of handled keys", () => {
  const store = new MemoryIdempotencyStore({ maxKeys: 1 });
  assert.is(store.claim("held"), "new");
  for (let i = 0; i < 100; i++) {
    store.claim(`k${i}`);
    store.complete(`k${i}`);
  }
  assert.is(store.claim("held"), "busy");
  assert.is(store.size, 2);
});

test("stays within maxKeys handled keys plus those in flight", () => {
  const store = new MemoryIdempotencyStore({ maxKeys: 1_000 });
  for (let i = 0; i < 50_000; i++) {
    store.claim(`event-${i}`);
    store.complete(`event-${i}`);
  }
  assert.is(store.size, 1_000);
  assert.is(store.claim("event-49999"), "done");
  assert.is(store.claim("event-0"), "new");
  assert.is(store.size, 1_001);
});

test("defaults to 10,000 keys", () => {
  const store = new MemoryIdempotencyStore();
  for (let i = 0; i <= 10_000; i++) {
    store.claim(String(i));
    store.complete(String(i));
  }
  assert.equal([store.size, store.claim("0"), store.claim("1")], [10_000, "new", "done"]);
});

/** Waits (without timers) until the clock has moved past `ms` from now. */
function pass(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() <= end);
}

test("answers new again once a claim's lease lapsed without complete or release", () => {
  const store = new MemoryIdempotencyStore();
  assert.is(store.claim("hung", 1), "new");
  assert.is(store.claim("held", 60_000), "new");
  pass(2);
  assert.equal([store.claim("hung", 60_000), store.claim("hung", 1), store.claim("held", 1)], ["new", "busy", "busy"]);
});

test("defaults the lease to 30 s", () => {
  const store = new MemoryIdempotencyStore();
  const before = Date.now();
  assert.is(store.claim("a"), "new");
  pass(1);
  assert.is(store.claim("a", 1), "busy");
  assert.ok(Date.now() - before < 30_000);
});

test("keeps a completed key done after its lease lapsed", () => {
  const store = new MemoryIdempotencyStore();
  store.claim("late", 1);
  pass(2);
  store.complete("late");
  assert.is(store.claim("late", 1), "done");
});

test("sweeps lapsed claims, so abandoned ones do not pile up", () => {
  const store = new MemoryIdempotencyStore();
  for (let i = 0; i < 1_000; i++) store.claim(`abandoned-${i}`, 1);
  pass(2);
  for (let i = 0; i < 300; i++) store.claim(`fresh-${i}`, 60_000);
  assert.is(store.size, 300);
});

test("throws a TypeError for a lease that is not a positive number", () => {
  for (const [leaseMs, shown] of [
    [0, "0"],
    [-5, "-5"],
    [Number.NaN, "NaN"],
    ["10", '"10"'],
  ] as const) {
    assert.throws(
      () => new MemoryIdempotencyStore().claim("k", leaseMs as number),
      (e: Error) => e instanceof TypeError && e.message === `invalid argument: leaseMs: expected a positive number, received ${shown}`,
    );
  }
});

test("throws a TypeError for a maxKeys that is not a positive integer", () => {
  for (const [maxKeys, shown] of [
    [0, "0"],
    [-1, "-1"],
    [1.5, "1.5"],
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    ["10", '"10"'],
  ] as const) {
    assert.throws(
      () => new MemoryIdempotencyStore({ maxKeys: maxKeys as number }),
      (e: Error) => e instanceof TypeError && e.message === `invalid argument: maxKeys: expected a positive integer, received ${shown}`,
    );
  }
});

test("forgets handled keys in least-recently-seen order, as a model list does, over long runs", () => {
  const step = fc.tuple(fc.constantFrom("claim", "complete", "release"), fc.integer({ min: 0, max: 7 }));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 400 }), fc.integer({ min: 1, max: 5 }), (steps, maxKeys) => {
      const store = new MemoryIdempotencyStore({ maxKeys });
      const done: string[] = []; // least recently seen first
      const busy = new Set<string>();
      const see = (key: string) => {
        done.splice(done.indexOf(key), 1);
        done.push(key);
      };
      for (const [action, n] of steps) {
        const key = `k${n}`;
        if (action === "claim") {
          const expected = busy.has(key) ? "busy" : done.includes(key) ? "done" : "new";
          assert.is(store.claim(key, 60_000), expected);
          if (expected === "done") see(key);
          if (expected === "new") busy.add(key);
        } else if (action === "release") {
          store.release(key);
          busy.delete(key);
        } else {
          store.complete(key);
          busy.delete(key);
          if (!done.includes(key)) done.push(key);
          see(key);
          if (done.length > maxKeys) done.shift();
        }
      }
    }),
  );
});

test("answers new to at most one of any interleaving of claims, as a model store does", () => {
  const step = fc.tuple(fc.constantFrom("claim", "complete", "release"), fc.constantFrom("a", "b", "c"));
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (steps, maxKeys) => {
      const store = new MemoryIdempotencyStore({ maxKeys });
      const busy = new Set<string>();
      for (const [action, key] of steps) {
        if (action === "claim") {
          const claim = store.claim(key);
          assert.is(claim === "busy", busy.has(key));
          if (claim === "new") busy.add(key);
        } else {
          store[action](key);
          busy.delete(key);
        }
        assert.ok(store.size <= maxKeys + busy.size);
      }
    }),
  );
});

test.run();

storeContract("MemoryIdempotencyStore", { make: () => new MemoryIdempotencyStore() });
