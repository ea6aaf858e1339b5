// `npm run vectors`: rewrites test/interop/vectors/<message>.json from the schema and prints what changed.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vectorFiles } from "./vectors.js";

// Only as a script: a test runner that loads every file under test/ must not rewrite the vectors.
if (process.argv[1] === fileURLToPath(import.meta.url)) generate(import.meta.dirname);

function generate(dir: string): void {
  const files = vectorFiles();
  for (const [name, text] of files) {
    const path = join(dir, name);
    const old = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (old === text) continue;
    writeFileSync(path, text);
    console.log(`${old === undefined ? "wrote" : "updated"} test/interop/vectors/${name}`);
  }
  // A message that left the schema takes its vectors with it.
  for (const name of readdirSync(dir)) {
    if (name.endsWith(".json") && !files.has(name)) {
      rmSync(join(dir, name));
      console.log(`removed test/interop/vectors/${name}`);
    }
  }
}
