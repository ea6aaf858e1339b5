// Reads the imports of TypeScript source files, to check the layering of src/ and to prove an
// entry point needs no Node API.
import { readFileSync } from "node:fs";

/** One import or re-export of a source file. */
export interface Import {
  /** The specifier as written: "./plan.js", "node:fs", "protobufjs". */
  spec: string;
  /** `import type` or `export type`: erased when compiled. */
  typeOnly: boolean;
}

/** Blanks out comments, keeping line breaks, so that commented-out imports are not read. */
function stripComments(source: string): string {
  // strings are matched first so that "//" or "/*" inside one is not taken for a comment
  return source.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (all, string) =>
    string !== undefined ? all : all.replace(/[^\n]/g, " "),
  );
}

/** The imports, re-exports and dynamic imports of a TypeScript source text. */
export function importsOf(source: string): Import[] {
  const code = stripComments(source);
  const found: Import[] = [];
  const statement = /^\s*(?:import\s*"([^"]+)"|(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s*"([^"]+)")/gm;
  for (const [, bare, type, spec] of code.matchAll(statement)) {
    found.push({ spec: (bare ?? spec)!, typeOnly: type !== undefined });
  }
  for (const [, spec] of code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push({ spec: spec!, typeOnly: false });
  return found;
}

/** Resolves a relative specifier of `from` to the URL of its .ts source. */
export function resolveSource(spec: string, from: URL): URL {
  return new URL(spec.replace(/\.js$/, ".ts"), from);
}

/** The source files reached from `entry` by runtime imports, and the bare packages they import. */
export function runtimeImports(entry: URL): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: URL) => {
    if (files.has(file.href)) return;
    files.add(file.href);
    // runtime imports only: `import type` and `export type` are erased
    for (const { spec, typeOnly } of importsOf(readFileSync(file, "utf8"))) {
      if (typeOnly) continue;
      if (spec.startsWith(".")) visit(resolveSource(spec, file));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}
