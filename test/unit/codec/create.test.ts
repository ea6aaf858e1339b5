// A codec's create(): a message from the fields given, every other field at its default.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { isRbmEventError } from "../../../src/errors.js";
import { UserEvent, UserMessage } from "../../../src/web.js";
import { messageTypeNames } from "../../../src/schema/index.js";
import * as codecs from "../../../gen/binary-codecs.js";

const test = suite("create()");

function rejects(create: () => unknown, code: string, path: string, message: RegExp): void {
  try {
    create();
  } catch (error) {
    assert.ok(isRbmEventError(error), String(error));
    assert.is(error.code, code);
    assert.is(error.issues[0]?.path ?? "", path);
    assert.match(error.message, message);
    return;
  }
  assert.unreachable("expected an error");
}

test("gives every message of the schema at its defaults, as fromJSON({}) does", () => {
  for (const name of messageTypeNames()) {
    const codec = Object.values(codecs).find((value) => typeof value === "object" && value !== null && "typeName" in value && value.typeName === name);
    assert.ok(codec !== undefined && "create" in codec, name);
    assert.equal(codec.create(), codec.fromJSON({}), name);
  }
});

test("fills nested messages, Timestamps and oneof members in", () => {
  const message = UserMessage.create({
    messageId: "m1",
    sendTime: { seconds: 5 },
    richMessageClassification: {},
    content: { $case: "userFile", value: { thumbnail: { fileUri: "https://x/t" } } },
  });
  assert.equal(message, {
    ...UserMessage.fromJSON({}),
    messageId: "m1",
    sendTime: { seconds: 5, nanos: 0 },
    richMessageClassification: UserMessage.fromJSON({ richMessageClassification: {} }).richMessageClassification,
    content: { $case: "userFile", value: { thumbnail: { mimeType: "", fileSizeBytes: 0, fileName: "", fileUri: "https://x/t" }, payload: undefined } },
  });
  assert.equal(UserMessage.toJSON(message), {
    messageId: "m1",
    sendTime: "1970-01-01T00:00:05Z",
    richMessageClassification: {},
    userFile: { thumbnail: { fileUri: "https://x/t" } },
  });
  assert.equal(UserEvent.create({ eventType: { unknown: 9 } }).eventType, { unknown: 9 });
});

test("names the path of a field the message does not have, or a value its field cannot hold", () => {
  rejects(() => UserEvent.create({ eventTyp: "READ" } as never), "INVALID_EVENT", "eventTyp", /not a field of rbm\.events\.v1\.UserEvent/);
  rejects(() => UserEvent.create({ eventType: "READX" } as never), "INVALID_EVENT", "eventType", /eventType/);
  rejects(() => UserMessage.create({ content: { $case: "richCard", value: {} } } as never), "INVALID_EVENT", "content", /\$case one of "text", "userFile"/);
  rejects(() => UserMessage.create({ sendTime: { seconds: 1, nanos: -1 } }), "INVALID_EVENT", "sendTime.nanos", /nanos/);
  rejects(
    () => UserMessage.create({ content: { $case: "location", value: { latitude: "north" as never } } }),
    "INVALID_EVENT",
    "location.latitude",
    /expected number, received string/,
  );
  rejects(() => UserEvent.create("READ" as never), "INVALID_ARGUMENT", "", /init/);
});

test("types its argument: every field optional, names and $case checked", () => {
  // @ts-expect-error -- a misspelt enum name does not compile
  assert.throws(() => UserEvent.create({ eventType: "READX" }));
  // @ts-expect-error -- a $case that is no member does not compile
  assert.throws(() => UserMessage.create({ content: { $case: "richCard", value: {} } }));
  const ok: ReturnType<typeof UserEvent.create> = UserEvent.create({});
  assert.is(ok.eventType, "EVENT_TYPE_UNSPECIFIED");
});

test.run();
