// .ci/check-breaking, run on a temporary git repository holding a copy of the
// schema, must fail on a renumbered field and pass on a compatible addition.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const root = resolve(import.meta.dirname, "../..");
const schema = "proto/rbm/events/v1/user_event.proto";

function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-breaking-"));
  for (const entry of ["proto", "buf.yaml", ".ci"]) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  git(dir, "init", "-q", "-b", "main");
  commit(dir, "schema");
  return dir;
}

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: dir });
}

function commit(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
}

function edit(dir: string, from: string, to: string): void {
  const path = join(dir, schema);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${schema} should contain ${from}`);
  writeFileSync(path, text.replace(from, to));
}

function checkBreaking(dir: string) {
  return spawnSync("bash", [".ci/check-breaking"], { cwd: dir, encoding: "utf8" });
}

const test = suite("check-breaking");

test("skips with a reason when there is no previous commit", () => {
  const dir = tempRepo();
  try {
    const run = checkBreaking(dir);
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, "skipped: HEAD is the first commit");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fails on a committed field renumbering, naming the field", () => {
  const dir = tempRepo();
  try {
    edit(dir, "string event_id = 3;", "string event_id = 7;");
    commit(dir, "renumber event_id");
    const run = checkBreaking(dir);
    assert.is(run.status, 1);
    assert.match(run.stdout + run.stderr, /"event_id"/);
    assert.match(run.stderr, "breaking change in proto/ against HEAD~1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fails on an uncommitted removal of an enum value", () => {
  const dir = tempRepo();
  try {
    commit(dir, "second commit");
    edit(dir, "    SUBSCRIBE = 5;\n", "");
    const run = checkBreaking(dir);
    assert.is(run.status, 1);
    assert.match(run.stdout + run.stderr, /enum value "5" on enum "EventType" was deleted/);
    assert.match(run.stderr, "against HEAD:");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("passes a compatible change: a new field with a new number", () => {
  const dir = tempRepo();
  try {
    edit(dir, "  string agent_id = 6;\n", "  string agent_id = 6;\n\n  // A new field.\n  string note = 7;\n");
    commit(dir, "add note");
    const run = checkBreaking(dir);
    assert.is(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, "against HEAD~1: no breaking change");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
