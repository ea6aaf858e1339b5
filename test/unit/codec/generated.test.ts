import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  ServerEvent,
  ServerEvent_EventType,
  UserEvent,
  UserEvent_EventType,
} from "../../../src/index.js";

const userEvent: UserEvent = {
  senderPhoneNumber: "+14155550123",
  eventType: UserEvent_EventType.READ,
  eventId: "MxZ7oZ1GmvQSOh_9uHHDhdKA",
  messageId: "msg-4f9c1c6e",
  sendTime: { seconds: 1412262083, nanos: 45123456 },
  agentId: "coffee-bot@rbm.goog",
};

const serverEvent: ServerEvent = {
  phoneNumber: "+447700900123",
  agentId: "coffee-bot@rbm.goog",
  messageId: "msg-9d2e",
  eventType: ServerEvent_EventType.TTL_EXPIRATION_REVOKE_FAILED,
  eventId: "srv-61b7",
  sendTime: { seconds: -62135596800, nanos: 999999999 },
};

const user = suite("UserEvent.encode() / UserEvent.decode()");

user("round-trips every field through the binary encoding", () => {
  const bytes = UserEvent.encode(userEvent).finish();
  assert.equal(UserEvent.decode(bytes), userEvent);
});

user("round-trips every event type", () => {
  for (const eventType of Object.values(UserEvent_EventType)) {
    if (eventType === UserEvent_EventType.UNRECOGNIZED) continue;
    const event = { ...userEvent, eventType };
    assert.equal(UserEvent.decode(UserEvent.encode(event).finish()), event, eventType);
  }
});

user("encodes an all-default event as zero bytes", () => {
  const empty = UserEvent.create();
  assert.is(UserEvent.encode(empty).finish().length, 0);
  assert.equal(UserEvent.decode(new Uint8Array()), empty);
});

user("writes the field numbers of the schema", () => {
  // field 3 (event_id), wire type 2, length 1, "x"
  assert.equal([...UserEvent.encode(UserEvent.create({ eventId: "x" })).finish()], [0x1a, 1, 0x78]);
  // field 2 (event_type), varint, READ = 3
  assert.equal(
    [...UserEvent.encode(UserEvent.create({ eventType: UserEvent_EventType.READ })).finish()],
    [0x10, 3],
  );
});

user.run();

const server = suite("ServerEvent.encode() / ServerEvent.decode()");

server("round-trips every field, including a Timestamp at the lower bound", () => {
  const bytes = ServerEvent.encode(serverEvent).finish();
  assert.equal(ServerEvent.decode(bytes), serverEvent);
});

server("round-trips every event type", () => {
  for (const eventType of Object.values(ServerEvent_EventType)) {
    if (eventType === ServerEvent_EventType.UNRECOGNIZED) continue;
    const event = { ...serverEvent, eventType };
    assert.equal(ServerEvent.decode(ServerEvent.encode(event).finish()), event, eventType);
  }
});

server("skips unknown fields written by a newer schema", () => {
  const known = ServerEvent.encode(serverEvent).finish();
  // field 99, varint 1: a field this version does not know
  const withUnknown = new Uint8Array([...known, 0x98, 0x06, 0x01]);
  assert.equal(ServerEvent.decode(withUnknown), serverEvent);
});

server.run();
