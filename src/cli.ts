#!/usr/bin/env node
// The rbm-events command line.
import { readFileSync } from "node:fs";

const usage = `usage: rbm-events <command> [options]

commands:
  --version  print the version
  --help     print this help
`;

const [command] = process.argv.slice(2);
if (command === "--version") {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else if (command === undefined || command === "--help" || command === "-h") {
  process.stdout.write(usage);
} else {
  process.stderr.write(`rbm-events: unknown command "${command}"\n${usage}`);
  process.exitCode = 2;
}
