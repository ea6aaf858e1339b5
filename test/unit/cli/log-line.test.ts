import { Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { escapeLogText } from "../../../src/cli/io.js";
import { createLog } from "../../../src/cli/log-line.js";
import { LOG_TIME, untimed } from "../../support/serve-process.js";

const escape = suite("escapeLogText()");

const same = (text: string, expected: string) => assert.is(escapeLogText(text), expected, JSON.stringify(text));

escape("escapes C0 and C1 controls, U+2028 and U+2029", () => {
  same("a\nb\rc\td\u001be", "a\\u000ab\\u000dc\\u0009d\\u001be");
  same("\u0085\u009b\u007f", "\\u0085\\u009b\\u007f");
  same("x\u2028y\u2029z", "x\\u2028y\\u2029z");
});

escape("leaves other text alone", () => {
  same('401 POST /hook "é" ✓ \u00a0', '401 POST /hook "é" ✓ \u00a0');
  same("", "");
});

escape.run();

const log = suite("createLog()");

log("drops lines while the stream cannot take them, says how many, and never throws", () => {
  const written: string[] = [];
  let full = true;
  const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) });
  stream.write = ((chunk: string) => {
    if (full) throw Object.assign(new Error("full"), { code: "ENOSPC" });
    written.push(chunk);
    return true;
  }) as Writable["write"];
  const line = createLog(stream, "rbm-events serve");
  line("one");
  line("two");
  full = false;
  line("three\u2028");
  assert.is(written.length, 1);
  assert.is(untimed(written[0] ?? ""), "rbm-events serve: 2 log lines dropped while standard error could not take them\nthree\\u2028\n");
});

log("starts each text line with the time it was written, ISO 8601 in UTC, and keeps it one line", () => {
  const written: string[] = [];
  const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) });
  createLog(stream, "rbm-events serve")("401 POST /\nhook\u2028");
  const [line = ""] = written;
  const time = LOG_TIME.exec(line);
  assert.ok(time !== null, line);
  const iso = time[0].trimEnd();
  assert.is(new Date(iso).toISOString(), iso);
  assert.is(line.slice(time[0].length), "401 POST /\\u000ahook\\u2028\n");
});

log.run();

const json = suite("createLog() with format json");

/** The lines a JSON log writes for `calls`, parsed, with `time` checked and then left out. */
function jsonLines(level: "debug" | "info" | "warn" | "error" | undefined, calls: (log: ReturnType<typeof createLog>) => void): unknown[] {
  const written: string[] = [];
  const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) });
  calls(createLog(stream, "rbm-events serve", { format: "json", ...(level === undefined ? {} : { level }) }));
  return written
    .join("")
    .split("\n")
    .slice(0, -1)
    .map((line) => {
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      assert.match(String(time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      return rest;
    });
}

json("writes time, level, msg without the prefix, then the fields", () => {
  const lines = jsonLines(undefined, (log) => {
    log("rbm-events serve: listening on http://127.0.0.1:1/");
    log("401 POST /hook unauthorized", { level: "warn", status: 401, method: "POST", path: "/hook", code: "UNAUTHORIZED" });
  });
  assert.equal(lines, [
    { level: "info", msg: "listening on http://127.0.0.1:1/" },
    { level: "warn", msg: "401 POST /hook unauthorized", status: 401, method: "POST", path: "/hook", code: "UNAUTHORIZED" },
  ]);
});

json("writes only lines at its level and above", () => {
  const all = (log: ReturnType<typeof createLog>) => {
    for (const level of ["debug", "info", "warn", "error"] as const) log(level, { level });
  };
  assert.equal(
    jsonLines(undefined, all).map((line) => (line as { msg: string }).msg),
    ["info", "warn", "error"],
  );
  assert.equal(
    jsonLines("debug", all).map((line) => (line as { msg: string }).msg),
    ["debug", "info", "warn", "error"],
  );
  assert.equal(
    jsonLines("error", all).map((line) => (line as { msg: string }).msg),
    ["error"],
  );
});

json("keeps each line on one line: controls, U+2028 and U+2029 escaped", () => {
  const written: string[] = [];
  const stream = new Writable({ write: (chunk, _e, done) => (written.push(String(chunk)), done()) });
  createLog(stream, "p", { format: "json" })("a\nb\u0085c\u2028d\u2029e", { path: "/\r" });
  const [line] = written;
  assert.ok(line !== undefined && line.endsWith("\n") && !/[\n\r\u0085\u2028\u2029]/.test(line.slice(0, -1)), line);
  assert.match(line, '"msg":"a\\nb\\u0085c\\u2028d\\u2029e","path":"/\\r"');
  assert.equal(JSON.parse(line).msg, "a\nb\u0085c\u2028d\u2029e");
});

json.run();
