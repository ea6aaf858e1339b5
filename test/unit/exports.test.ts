// The API reference's table of exports (docs/api.md) lists exactly what the entry points export, values and types,
// each under the entry points that export it.
import { readFileSync } from "node:fs";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import * as node from "../../src/index.js";
import * as redis from "../../src/redis.js";
import * as web from "../../src/web.js";

const test = suite("docs/api.md exports table");
const root = new URL("../../", import.meta.url);
const source = (file: string) => readFileSync(new URL(file, root), "utf8");
/** The API reference, whose table lists the exports that are not a message or an enum. */
const API = "docs/api.md";

/** The type-only exports of an entry point's source: `export type { A, B } from …`. */
function typeExports(file: string): string[] {
  return [...source(file).matchAll(/^export type \{([^}]*)\}/gm)].flatMap((m) =>
    (m[1] as string)
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  );
}

/** Every name an entry point exports, values and types. */
const entries: Record<string, Set<string>> = {
  "rbm-events": new Set([...Object.keys(node), ...typeExports("src/index.ts"), ...typeExports("src/common.ts")]),
  "rbm-events/web": new Set([...Object.keys(web), ...typeExports("src/web.ts"), ...typeExports("src/common.ts")]),
  "rbm-events/redis": new Set([...Object.keys(redis), ...typeExports("src/redis.ts")]),
};

/** The rows of an exports table: the name and the entry points it names. */
function rowsOf(file: string, heading: string, into: Map<string, string[]>): void {
  const text = source(file);
  const start = text.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `${file} has a ${heading} section`);
  const end = text.indexOf(`\n${heading.split(" ")[0]} `, start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  for (const [, name, from] of section.matchAll(/^\| `([^`]+)` \| [^|]+ \| ([^|]+) \|/gm)) {
    assert.not.ok(into.has(name as string), `${name} is listed twice`);
    into.set(
      name as string,
      [...(from as string).matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
    );
  }
}

/**
 * The rows of the API reference's "## Exports" table and of the schema reference's generated "## Exports"
 * table (docs/schema/README.md, which lists each message and enum): the name and its entry points.
 */
function tableRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  rowsOf(API, "## Exports", rows);
  rowsOf("docs/schema/README.md", "## Exports", rows);
  return rows;
}

test("lists every export of every entry point, under the entry points that export it", () => {
  const rows = tableRows();
  for (const [entry, names] of Object.entries(entries)) {
    for (const name of names) {
      assert.ok(rows.has(name), `${name} (${entry}) is not in ${API}'s exports table`);
      assert.ok(rows.get(name)?.includes(entry), `${API} does not list ${name} under ${entry}`);
    }
  }
});

test("lists nothing the entry points do not export", () => {
  for (const [name, from] of tableRows()) {
    assert.ok(from.length > 0, `${name} names no entry point`);
    for (const entry of from) assert.ok(entries[entry]?.has(name), `${API} lists ${name} under ${entry}, which does not export it`);
  }
});

test("finds the type exports it checks", () => {
  assert.ok(entries["rbm-events"]?.has("UnknownEnumValue"));
  assert.ok(entries["rbm-events"]?.has("WebhookHandler"));
  assert.not.ok(entries["rbm-events/web"]?.has("WebhookHandler"));
});

test.run();
