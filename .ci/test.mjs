#!/usr/bin/env node
// Runs the test tiers (folders under test/, each in its own uvu process) and,
// with --checks, the repository checks first; then prints one closing line
// `N passed, N failed[, N skipped]` for the whole run and exits non-zero on any
// failure. A check counts as one test; a tier whose process dies before uvu
// prints its totals counts as one failure more than it reported.
//
//   node .ci/test.mjs [--checks] <tier>... [-- <uvu file pattern>]
//
// Any `*.test.ts` file dropped into a tier folder is picked up.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHECKS = ["lint:proto", "check:breaking", "check:gen", "typecheck", "lint", "format:check"];

const argv = process.argv.slice(2);
const dash = argv.indexOf("--");
const args = dash < 0 ? argv : argv.slice(0, dash);
const pattern = dash < 0 ? "\\.test\\.ts$" : argv.slice(dash + 1).join(" ");
const withChecks = args.includes("--checks");
const tiers = args.filter((a) => a !== "--checks");
if (tiers.length === 0 && !withChecks) {
  console.error("usage: node .ci/test.mjs [--checks] <tier>... [-- <uvu file pattern>]");
  process.exit(2);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

/** Runs a command with inherited stderr, echoing stdout and returning it with the exit code. */
function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
      if (out.length > 65536) out = out.slice(-4096); // only the totals at the end are read
    });
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

const count = (out, label) => {
  const m = new RegExp(`^\\s*${label}:\\s+(\\d+)\\s*$`, "m").exec(out);
  return m ? Number(m[1]) : undefined;
};

if (withChecks) {
  for (const check of CHECKS) {
    console.log(`\n> ${check}`);
    const { code } = await run("npm", ["run", "--silent", check]);
    if (code === 0) totals.passed++;
    else {
      totals.failed++;
      failures.push(check);
    }
  }
}

for (const tier of tiers) {
  const dir = join("test", tier);
  if (!existsSync(join(root, dir))) {
    console.error(`no such tier: ${dir}`);
    totals.failed++;
    failures.push(tier);
    continue;
  }
  console.log(`\n> ${dir}`);
  // uvu colours its report unless told not to: only a terminal gets colours, a file or a pipe plain text.
  const color = process.stdout.isTTY ? [] : ["--no-color"];
  const { code, out } = await run(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", dir, pattern, ...color]);
  const text = stripVTControlCharacters(out);
  const total = count(text, "Total");
  const passed = count(text, "Passed");
  const skipped = count(text, "Skipped");
  if (total === undefined || passed === undefined || skipped === undefined) {
    totals.failed++; // died before printing totals
    failures.push(`${tier} (no totals)`);
    continue;
  }
  // uvu's Total counts tests that were due to run; the ones that did not pass failed
  // (an assertion, or a `before` hook that threw and skipped the rest of its suite).
  let failed = total - passed;
  if (code !== 0 && failed === 0) failed = 1; // exited non-zero after all tests passed
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (failed > 0) failures.push(tier);
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join(", ")}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
