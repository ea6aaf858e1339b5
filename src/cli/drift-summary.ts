// The summary `rbm-events drift` prints: what deliveries held that this build's schema does not
// know, counted over all of them, so that a team sees when RBM changed and it is time to regenerate.

import type { DecodedEvent, EventKind } from "../events/index.js";
import { pathKey } from "../errors.js";

/** One thing this build does not know, counted over the deliveries read. */
export interface DriftEntry {
  /** What was unknown: a field, an enum value, or a whole payload that no kind describes. */
  readonly kind: "field" | "enumValue" | "payload";
  /** The kind of payload it was found in; `unknown` for a payload no kind describes. */
  readonly in: EventKind;
  /** Where in the payload, written as issue paths are (`userFile.payload.newThing`); "" for a payload. */
  readonly path: string;
  /** An enum value's name or number; a payload's top-level keys (`{a,b}`). Absent for a field. */
  readonly value?: string | number;
  /** How many deliveries carried it. */
  readonly deliveries: number;
  /** Where the first of them was read: `FILE:LINE`. */
  readonly example: string;
}

/** The deliveries that failed to decode with one error code. */
export interface DriftFailure {
  readonly code: string;
  readonly deliveries: number;
  /** Where the first of them was read: `FILE:LINE`. */
  readonly example: string;
  /** The first one's error message, at most 120 characters. */
  readonly message: string;
}

/** The most distinct unknown parts a summary keeps; beyond it they are counted as omitted. */
export const MAX_ENTRIES = 1000;
/** The longest value, and failure message, a summary shows; a longer one loses its end to `…`. */
const MAX_SHOWN = 120;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** An entry being counted, with the number of the last delivery that carried it. */
type Counted = Mutable<DriftEntry> & { last: number };

/** Counts, over the deliveries read, every unknown part and every failure, by kind. */
export class DriftSummary {
  /** Deliveries read, decoded or not (blank lines are not deliveries). */
  deliveries = 0;
  /** Deliveries that held something unknown, a payload no kind describes included. */
  withUnknown = 0;
  /** Deliveries that failed to decode. */
  failed = 0;
  /** Distinct unknown parts beyond {@link MAX_ENTRIES}, not listed. */
  omitted = 0;
  // Keyed by a string built from the part, never by a property of a plain object, so that any
  // key the input holds ("__proto__" among them) is only ever data.
  readonly #entries = new Map<string, Counted>();
  readonly #failures = new Map<string, Mutable<DriftFailure>>();

  /** Counts a decoded delivery, read at `at` (`FILE:LINE`), and what it held that the schema does not know. */
  add(decoded: DecodedEvent, at: string): void {
    this.deliveries++;
    if (decoded.kind === "unknown") {
      this.withUnknown++;
      this.#count({ kind: "payload", in: decoded.kind, path: "", value: payloadKeys(decoded.json) }, at);
      return;
    }
    if (decoded.unknown === undefined) return;
    this.withUnknown++;
    for (const part of decoded.unknown) this.#count({ ...part, in: decoded.kind }, at);
  }

  /** Counts a delivery, read at `at`, that failed to decode with `code` and `message`. */
  fail(code: string, message: string, at: string): void {
    this.deliveries++;
    this.failed++;
    const failure = this.#failures.get(code);
    if (failure !== undefined) failure.deliveries++;
    else this.#failures.set(code, { code, deliveries: 1, example: at, message: clip(message) });
  }

  /** Whether anything unknown was read. */
  get drift(): boolean {
    return this.withUnknown > 0;
  }

  /** The unknown parts, the most frequent first. */
  entries(): DriftEntry[] {
    const all = [...this.#entries.values()].sort((a, b) => b.deliveries - a.deliveries || compare(sortKey(a), sortKey(b)));
    // One key order for every entry, whatever order the parts came in.
    return all.map(({ deliveries, in: kind, kind: what, path, value, example }) =>
      value === undefined ? { deliveries, in: kind, kind: what, path, example } : { deliveries, in: kind, kind: what, path, value, example },
    );
  }

  /** The failures, one per error code, the most frequent first. */
  failures(): DriftFailure[] {
    const all = [...this.#failures.values()].sort((a, b) => b.deliveries - a.deliveries || compare(a.code, b.code));
    return all.map(({ code, deliveries, example, message }) => ({ code, deliveries, example, message }));
  }

  /** The summary as plain JSON: the counts, `unknown` (the entries) and `failures`. */
  toJson(): Record<string, unknown> {
    const { deliveries, withUnknown, failed, omitted } = this;
    return { deliveries, withUnknown, failed, ...(omitted > 0 ? { omitted } : {}), unknown: this.entries(), failures: this.failures() };
  }

  /** The summary as text: a line of counts, a table of the unknown parts, a line per failure code. */
  toText(): string {
    const lines = [`deliveries: ${this.deliveries} read, ${this.withUnknown} with unknown parts, ${this.failed} failed to decode`];
    const entries = this.entries();
    if (entries.length === 0) {
      lines.push("nothing unknown: every field and enum value read is in this build's schema");
    } else {
      const rows = entries.map((e) => [String(e.deliveries), e.in, e.kind, shownPath(e), e.example]);
      lines.push(...table([["deliveries", "in", "kind", "path", "example"], ...rows]));
      if (this.omitted > 0) lines.push(`and ${this.omitted} more distinct unknown parts, not listed`);
    }
    for (const f of this.failures()) lines.push(`failed with ${f.code}: ${f.deliveries}, first at ${f.example}: ${f.message}`);
    return `${lines.join("\n")}\n`;
  }

  #count(part: Omit<DriftEntry, "deliveries" | "example">, at: string): void {
    const value = part.value === undefined ? "" : `${typeof part.value}:${part.value}`;
    const key = `${part.in}\n${part.kind}\n${part.path}\n${value}`;
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      if (this.#entries.size >= MAX_ENTRIES) this.omitted++;
      else this.#entries.set(key, { ...part, deliveries: 1, example: at, last: this.deliveries });
    } else if (entry.last !== this.deliveries) {
      // A delivery counts once for each part, however often it holds it.
      entry.deliveries++;
      entry.last = this.deliveries;
    }
  }
}

/** A payload's top-level keys, sorted, as paths write them: `{agentId,capabilities}`. */
function payloadKeys(json: Record<string, unknown>): string {
  return clip(
    `{${Object.keys(json)
      .sort()
      .map((key) => pathKey("", key))
      .join(",")}}`,
  );
}

/** The path column: the path, with ` = value` for an enum value; a payload's keys. */
function shownPath(e: DriftEntry): string {
  if (e.kind === "payload") return String(e.value);
  return e.value === undefined ? e.path : `${e.path} = ${clip(typeof e.value === "string" ? JSON.stringify(e.value) : String(e.value))}`;
}

function sortKey(e: DriftEntry): string {
  return `${e.in}\n${e.kind}\n${e.path}\n${e.value ?? ""}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cuts text over {@link MAX_SHOWN} characters to that many, `…` last, never inside a surrogate pair. */
function clip(text: string): string {
  if (text.length <= MAX_SHOWN) return text;
  const end = /[\ud800-\udbff]/.test(text.charAt(MAX_SHOWN - 2)) ? MAX_SHOWN - 2 : MAX_SHOWN - 1;
  return `${text.slice(0, end)}…`;
}

/** Rows as columns two spaces apart, the first (counts) aligned right, the last not padded. */
function table(rows: string[][]): string[] {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padStart(widths[i] as number) : i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join("  "),
  );
}
