// The TypeScript compilers the tests run. The project builds with `typescript` (7); consumers are
// promised `typescript-5.0` (5.0.4) and newer, which test/integration/package.test.ts compiles with.
// Both packages declare a `tsc` bin, so node_modules/.bin/tsc may be either: name the package.
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** The compiler the project builds with. */
export const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** The oldest compiler a consumer may use, as package.json's `typescript-5.0` alias pins it. */
export const tscMinimum = join(root, "node_modules", "typescript-5.0", "bin", "tsc");
