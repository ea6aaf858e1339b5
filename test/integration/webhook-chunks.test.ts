// createWebhookHandler() against bodies sent in 1-byte pieces: each piece is a Buffer of its own,
// so the budget of bytes held (maxBufferedBytes) counts what each costs, not its byte alone.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { Child } from "../support/process.js";

const test = suite("createWebhookHandler() with tiny chunks");

test("answers 503 to a body in 1-byte pieces once what it holds passes maxBufferedBytes, and its memory stays bounded", async () => {
  // A million pieces of one byte: a 1 MB body, under maxBodyBytes, that held piece by piece
  // would take some 400 MB. The budget is 1 MiB.
  const child = new Child("test/support/tiny-chunks.ts", ["1000000", String(1_048_576)]);
  try {
    const { status, grewBytes } = JSON.parse((await child.until(/^\{.*\}$/m, "the report", 120_000))[0]) as { status: number; grewBytes: number };
    assert.is(status, 503);
    assert.ok(grewBytes < 100 * 1_048_576, `RSS grew by ${Math.round(grewBytes / 1_048_576)} MiB`);
  } finally {
    await child.kill();
  }
});

test.run();
