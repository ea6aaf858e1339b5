// The line rules `decode` and `validate` share: every body its own verdict, blank lines, the line
// cap, byte order marks and empty input.

import { Readable, Writable } from "node:stream";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { main } from "../../src/cli/main.js";
import { MAX_LINE_BYTES } from "../../src/cli/ndjson.js";
import { runCli } from "../support/cli.js";

const userEvent = '{"senderPhoneNumber":"+14155550123","eventType":"READ","messageId":"m1","sendTime":"2014-10-02T15:01:23+05:30"}';
const push = (event: string) => JSON.stringify({ message: { data: Buffer.from(event).toString("base64") } });
const BOM = "\ufeff";

async function lines(args: string[], stdin: string | Uint8Array) {
  const { code, stdout, stderr } = await runCli(args, stdin);
  return {
    code,
    stderr,
    lines:
      stdout === ""
        ? []
        : stdout
            .trimEnd()
            .split("\n")
            .map((l) => JSON.parse(l) as Record<string, any>),
  };
}

const decode = suite("rbm-events decode, line rules");

decode("a truncated first line gets its verdict, and every body after it its own", async () => {
  const { code, lines: out } = await lines(["decode"], [push(userEvent).slice(0, 20), push(userEvent), push(userEvent)].join("\n"));
  assert.is(code, 1);
  assert.equal(
    out.map((l) => l.kind ?? l.error.code),
    ["INVALID_JSON", "userEvent", "userEvent"],
  );
});

decode("a malformed first line followed by bare base64 bodies: one verdict each", async () => {
  const base64 = Buffer.from(userEvent).toString("base64");
  const { lines: out } = await lines(["decode"], ['{"message": {', base64, base64, ""].join("\n"));
  assert.equal(
    out.map((l) => l.kind ?? l.error.code),
    ["INVALID_JSON", "userEvent", "userEvent"],
  );
});

decode("a pretty-printed body that is the whole input is one body", async () => {
  const pretty = JSON.stringify(JSON.parse(push(userEvent)), null, 2);
  for (const input of [pretty, `${pretty}\n`, `\n${pretty}\n\n`, pretty.replaceAll("\n", "\r\n")]) {
    const { code, lines: out } = await lines(["decode"], input);
    assert.is(code, 0, JSON.stringify(input.slice(0, 10)));
    assert.equal(
      out.map((l) => l.kind),
      ["userEvent"],
    );
  }
});

decode("a pretty-printed body followed by more input: each line its own verdict", async () => {
  const pretty = JSON.stringify(JSON.parse(push(userEvent)), null, 2);
  const { lines: out } = await lines(["decode"], `${pretty}\n${push(userEvent)}\n`);
  assert.is(out.length, pretty.split("\n").length + 1);
  assert.equal(out.at(-1)!.kind, "userEvent");
  assert.ok(out.slice(0, -1).every((l) => l.error !== undefined));
});

decode("a body open for too long stops being held: its lines get verdicts, in constant memory", async () => {
  const { lines: out } = await lines(["decode"], `{\n${'  "x": 1,\n'.repeat(200_000)}`);
  assert.is(out.length, 200_001);
});

decode("blank and whitespace-only lines get an INVALID_JSON verdict, like any line", async () => {
  const { code, lines: out } = await lines(["decode"], `${push(userEvent)}\n\n \t\r\n${push(userEvent)}\n`);
  assert.is(code, 1);
  assert.equal(
    out.map((l) => l.kind ?? l.error.code),
    ["userEvent", "INVALID_JSON", "INVALID_JSON", "userEvent"],
  );
  assert.equal(out[1], {
    error: {
      code: "INVALID_JSON",
      message: "cannot decode body: blank line: expected a JSON value",
      issues: [{ path: "", message: "blank line: expected a JSON value" }],
    },
  });
});

decode("tolerates a byte order mark at the start of the input", async () => {
  const { code, lines: out } = await lines(["decode"], `${BOM}${push(userEvent)}\n`);
  assert.is(code, 0);
  assert.equal(
    out.map((l) => l.kind),
    ["userEvent"],
  );
  const pretty = await lines(["decode"], `${BOM}${JSON.stringify(JSON.parse(push(userEvent)), null, 2)}`);
  assert.equal(
    pretty.lines.map((l) => l.kind),
    ["userEvent"],
  );
});

decode("rejects a byte order mark elsewhere as INVALID_JSON", async () => {
  const { lines: out } = await lines(["decode"], `${push(userEvent)}\n${BOM}${push(userEvent)}\n${BOM}${Buffer.from(userEvent).toString("base64")}\n`);
  assert.equal(
    out.map((l) => l.kind ?? l.error.code),
    ["userEvent", "INVALID_JSON", "INVALID_JSON"],
  );
  assert.match(out[1]!.error.message, "byte order mark");
});

decode.run();

const validate = suite("rbm-events validate, line rules");

validate("blank and whitespace-only lines are invalid, one verdict each", async () => {
  const { code, lines: out } = await lines(["validate", "--type", "UserEvent"], "{}\n\n  \t\n\r\n{}\n");
  assert.is(code, 1);
  const blank = { ok: false, errors: [{ path: "", message: "blank line: expected a JSON value" }] };
  assert.equal(out, [{ ok: true, json: {} }, blank, blank, blank, { ok: true, json: {} }]);
});

validate("tolerates a byte order mark at the start of the input, and rejects it elsewhere", async () => {
  const { code, lines: out } = await lines(["validate", "--type", "UserEvent"], `${BOM}{}\n${BOM}{}\n`);
  assert.is(code, 1);
  assert.equal(out, [
    { ok: true, json: {} },
    { ok: false, errors: [{ path: "", message: "unexpected byte order mark: only the start of the input may have one" }] },
  ]);
});

validate("reports a line that is not an object with its type, after the strict JSON rules", async () => {
  const { lines: out } = await lines(["validate", "--type", "UserEvent"], '[]\n"x"\n[{"a":1,"a":2}]\n');
  assert.equal(
    out.map((l) => l.errors[0].message),
    ["expected object, received array", "expected object, received string", 'duplicate key "a"'],
  );
});

validate.run();

const both = suite("rbm-events decode and validate, shared rules");

both("empty input is an error: a message on stderr, exit 1, no output", async () => {
  for (const args of [["decode"], ["validate", "--type", "UserEvent"]]) {
    for (const input of ["", BOM]) {
      const { code, stdout, stderr } = await runCli(args, input);
      assert.is(code, 1, `${args[0]} ${JSON.stringify(input)}`);
      assert.is(stdout, "");
      assert.is(stderr, `rbm-events ${args[0]}: empty input: expected at least one line\n`);
    }
  }
});

both("a line over the cap gets a verdict naming the cap, in bounded memory, and the next line is read", async () => {
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const count = 96; // a 96 MiB line
  for (const args of [["decode"], ["validate", "--type", "UserEvent"]]) {
    let stdout = "";
    let peak = 0;
    const start = process.memoryUsage();
    const input = Readable.from(
      (function* () {
        yield Buffer.from("{}\n");
        for (let i = 0; i < count; i++) {
          const now = process.memoryUsage();
          peak = Math.max(peak, now.arrayBuffers - start.arrayBuffers + now.heapUsed - start.heapUsed);
          yield chunk;
        }
        yield Buffer.from(`\n${args[0] === "decode" ? push(userEvent) : "{}"}\n`);
      })(),
    );
    const code = await main(args, {
      stdin: input,
      stdout: new Writable({
        write(c, _e, done) {
          stdout += String(c);
          done();
        },
      }),
      stderr: new Writable({
        write(_c, _e, done) {
          done();
        },
      }),
      env: {},
    });
    assert.is(code, 1);
    const out = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, any>);
    assert.is(out.length, 3, args[0]);
    const reason = `line too long: ${count * 1024 * 1024} bytes, the limit is ${MAX_LINE_BYTES}`;
    if (args[0] === "decode") {
      assert.equal(out[1], { error: { code: "INVALID_REQUEST", message: `cannot decode body: ${reason}`, issues: [{ path: "", message: reason }] } });
      assert.is(out[2]!.kind, "userEvent");
    } else {
      assert.equal(out[1], { ok: false, errors: [{ path: "", message: reason }] });
      assert.equal(out[2], { ok: true, json: {} });
    }
    assert.ok(peak < MAX_LINE_BYTES + 24 * 1024 * 1024, `${args[0]}: peak ${(peak / 2 ** 20).toFixed(0)} MiB`);
  }
});

both("a line over the cap inside one chunk gets the same verdict", async () => {
  const long = `{"eventId":"${"x".repeat(MAX_LINE_BYTES)}"}`;
  const { lines: out } = await lines(["validate", "--type", "UserEvent"], `${long}\n{}\n`);
  assert.equal(out, [
    { ok: false, errors: [{ path: "", message: `line too long: ${long.length} bytes, the limit is ${MAX_LINE_BYTES}` }] },
    { ok: true, json: {} },
  ]);
});

both.run();
