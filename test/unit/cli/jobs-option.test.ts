// jobsOption() and inputBytes(): how many worker threads `decode` and `validate` start, and
// what they know of the input's size before reading it.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { UsageError } from "../../../src/cli/io.js";
import { MAX_JOBS, inputBytes, jobsOption } from "../../../src/cli/jobs-option.js";

const test = suite("jobsOption()");

test("takes a whole number from 1 to 64, whatever the load", () => {
  assert.is(jobsOption("1", 0), 1);
  assert.is(jobsOption("2", 50), 2);
  assert.is(jobsOption("64", 0), MAX_JOBS);
  for (const bad of ["0", "65", "x", "1.5", "", "-1"]) {
    assert.throws(
      () => jobsOption(bad, 0),
      (error: unknown) => error instanceof UsageError && /from 1 to 64/.test((error as Error).message),
      bad,
    );
  }
});

test("by default, the cores the load leaves idle, rounded; none on a busy machine", () => {
  const cores = availableParallelism();
  assert.is(jobsOption(undefined, 0), Math.min(cores, MAX_JOBS));
  if (cores >= 2) assert.is(jobsOption(undefined, cores - 1.6), 2);
  assert.is(jobsOption(undefined, cores - 0.7), 1);
  assert.is(jobsOption(undefined, cores), 1);
  assert.is(jobsOption(undefined, cores * 4), 1);
});

test.run();

const bytes = suite("inputBytes()");

bytes("adds up the sizes of the regular files, standard input too when it is one; a pipe or a device counts nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "rbm-events-jobs-option-"));
  const stdinOf = (fd?: number) => ({ stdin: Object.assign(new Readable({ read() {} }), fd === undefined ? {} : { fd }) });
  try {
    writeFileSync(join(dir, "a.ndjson"), "x".repeat(1000));
    writeFileSync(join(dir, "b.ndjson"), "y".repeat(24));
    assert.is(inputBytes([join(dir, "a.ndjson"), "-", join(dir, "b.ndjson")], stdinOf()), 1024);
    assert.is(inputBytes(["-", "/dev/null"], stdinOf()), 0);
    const fd = openSync(join(dir, "a.ndjson"), "r");
    try {
      assert.is(inputBytes(["-", join(dir, "b.ndjson")], stdinOf(fd)), 1024);
      // Given the descriptor, the stream is never asked for: asking would make process.stdin.
      const untouched = {
        get stdin(): Readable {
          throw new Error("the stream was asked for");
        },
        stdinFd: fd,
      };
      assert.is(inputBytes(["-", join(dir, "b.ndjson")], untouched), 1024);
    } finally {
      closeSync(fd);
    }
    const devNull = openSync("/dev/null", "r");
    try {
      assert.is(inputBytes(["-"], stdinOf(devNull)), 0);
    } finally {
      closeSync(devNull);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bytes.run();
