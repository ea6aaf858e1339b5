// Walks the runtime import graph of a source file, to prove an entry point needs no Node API.
import { readFileSync } from "node:fs";

/** The source files reached from `entry` by runtime imports, and the bare packages they import. */
export function runtimeImports(entry: URL): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL) => {
    if (files.has(file.href)) return;
    files.add(file.href);
    const source = readFileSync(file, "utf8");
    // runtime imports only: `import type` and `export type` are erased
    for (const [, spec] of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;]*?from\s+)?"([^"]+)"/gms)) {
      if (spec!.startsWith(".")) visit(new URL(spec!.replace(/\.js$/, ".ts"), file));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return { files, packages };
}
