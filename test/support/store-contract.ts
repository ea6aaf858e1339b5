// The contract every IdempotencyStore keeps, as one suite run against each store: the in-memory
// one in test/unit, the Redis one in test/integration.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import type { IdempotencyClaim, IdempotencyStore } from "../../src/webhook/index.js";

/** How the suite gets a fresh, empty store, and gives it back. */
export interface StoreUnderTest {
  /** A store that holds no key. */
  make(): Promise<IdempotencyStore> | IdempotencyStore;
  /** Called after each test. Defaults to nothing. */
  dispose?(store: IdempotencyStore): Promise<void> | void;
}

const LONG = 60_000;
// Long enough that the claim is surely still held when checked right after; short enough to wait out.
const SHORT = 1_000;

/** Keys that a careless store would mix up: empty, blank, prototype names, patterns, huge. */
const oddKeys = ["", " ", "__proto__", "constructor", "toString", "a*", "a:b", "done", "*", "é\u{1F600}\u0000", "k".repeat(10_000)];

/** Polls `claim` until it answers "new", failing after a generous bound. */
async function untilNew(store: IdempotencyStore, key: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await store.claim(key, LONG);
    if (answer === "new") return;
    assert.is(answer, "busy", `while waiting for ${key}'s lease to lapse`);
    assert.ok(Date.now() < deadline, `the lease of ${key} did not lapse`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the contract suite, named `name`, against the stores `target` makes. */
export function storeContract(name: string, target: StoreUnderTest): void {
  const test = suite(`${name}: the IdempotencyStore contract`);
  let store: IdempotencyStore;

  test.before.each(async () => {
    store = await target.make();
  });
  test.after.each(async () => {
    await target.dispose?.(store);
  });

  const claims = async (steps: string[]): Promise<IdempotencyClaim[]> => {
    const answers: IdempotencyClaim[] = [];
    for (const step of steps) {
      const [action, key] = step.split(" ") as ["claim" | "complete" | "release", string];
      if (action === "claim") answers.push(await store.claim(key, LONG));
      else await store[action](key);
    }
    return answers;
  };

  test("answers new, then busy while the key is held, then done once completed", async () => {
    assert.equal(await claims(["claim a", "claim a", "complete a", "claim a", "claim a"]), ["new", "busy", "done", "done"]);
  });

  test("answers new again after a release, so a failed delivery is handled on redelivery", async () => {
    assert.equal(await claims(["claim a", "release a", "claim a", "claim a"]), ["new", "new", "busy"]);
  });

  test("keeps keys apart, whatever their characters", async () => {
    for (const key of oddKeys) assert.is(await store.claim(key, LONG), "new", JSON.stringify(key.slice(0, 20)));
    for (const key of oddKeys) assert.is(await store.claim(key, LONG), "busy", JSON.stringify(key.slice(0, 20)));
    await store.complete("done");
    await store.release("a*");
    assert.equal(await claims(["claim done", "claim a*", "claim *", "claim a", "claim b"]), ["done", "new", "busy", "new", "new"]);
  });

  test("answers new to exactly one of many concurrent claims of a key", async () => {
    for (const key of ["race-1", "race-2", "__proto__"]) {
      // oxlint-disable-next-line typescript/await-thenable -- claim() answers a value or a promise, so some may be promises
      const answers = await Promise.all(Array.from({ length: 50 }, () => store.claim(key, LONG)));
      assert.is(answers.filter((a) => a === "new").length, 1, key);
      assert.is(answers.filter((a) => a === "busy").length, 49, key);
    }
  });

  test("lets a claim lapse after its lease, not before: a dead delivery holds the key no longer", async () => {
    const claimed = Date.now();
    assert.is(await store.claim("lapsing", SHORT), "new");
    const held = await store.claim("lapsing", LONG);
    // Checked only when the machine was not stalled for the whole lease in between.
    if (Date.now() - claimed < SHORT) assert.is(held, "busy");
    await untilNew(store, "lapsing");
    // 10 ms of slack: a store may round or count the lease from a few ms after the call started.
    assert.ok(Date.now() - claimed >= SHORT - 10, `lapsed after ${Date.now() - claimed} ms`);
    assert.is(await store.claim("lapsing", LONG), "busy", "the new claim holds the key for its own lease");
  });

  test("records done when completed after the lease lapsed", async () => {
    assert.is(await store.claim("late", SHORT), "new");
    await untilNew(store, "late");
    await store.complete("late");
    assert.is(await store.claim("late", LONG), "done");
  });

  test("answers done for a key completed without a claim of its own, as a late completion does", async () => {
    await store.complete("unclaimed");
    assert.equal(await claims(["claim unclaimed", "release unclaimed", "claim unclaimed"]), ["done", "done"]);
  });

  test.run();
}
