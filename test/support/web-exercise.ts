// Calls every export of rbm-events/web, for a process started with
// --disallow-code-generation-from-strings (as on Cloudflare Workers): each known export runs a
// real call, and every export, known or new, is also poked with no and with odd arguments. Prints
// one JSON line: what the real calls returned, and any export that tried to generate code.
// With --control, a protobufjs reflection encoder (which compiles code) joins the exports, to show
// that such an export is caught.
import protobuf from "protobufjs";
import * as web from "../../src/web.js";

const body = {
  message: {
    data: btoa('{"senderPhoneNumber":"+14155550123","eventType":"READ","eventId":"e1","sendTime":"2020-01-01T00:00:00Z"}'),
    messageId: "1",
    publishTime: "2020-01-01T00:00:01Z",
  },
  subscription: "projects/p/subscriptions/s",
};
const token = "client-token";

/** A real call for each known export, returning something printable. */
const calls: Record<string, () => unknown> = {
  ServerEvent: () => web.ServerEvent.toJSON(web.ServerEvent.fromJSON({ eventId: "s1", sendTime: "1970-01-01T00:00:00.000000001Z" })),
  ServerEvent_EventType: () => web.ServerEvent_EventType.TTL_EXPIRATION_REVOKED,
  UserEvent: () => web.UserEvent["~standard"].validate({ eventId: "u1", eventType: 7 }),
  UserEvent_EventType: () => web.UserEvent_EventType.READ,
  UserMessage: () => web.UserMessage.fromJSON({ text: "Hi", messageId: "m1" }).content,
  UserFile: () => web.UserFile.toJSON(web.UserFile.fromJSON({ payload: { fileUri: "https://x/y", fileSizeBytes: 3 } })),
  FileInfo: () => web.FileInfo.toJSON(web.FileInfo.fromJSON({ mimeType: "image/png" })),
  LatLng: () => web.LatLng.toJSON(web.LatLng.fromJSON({ latitude: 51.5, longitude: -0.1 })),
  SuggestionResponse: () => web.SuggestionResponse.toJSON(web.SuggestionResponse.fromJSON({ postbackData: "p", type: "REPLY" })),
  SuggestionResponse_SuggestionType: () => web.SuggestionResponse_SuggestionType.ACTION,
  RichMessageClassification: () =>
    web.RichMessageClassification.toJSON(web.RichMessageClassification.fromJSON({ classificationType: "SUGGESTED_ACTION_CLICK" })),
  RichMessageClassification_ClassificationType: () => web.RichMessageClassification_ClassificationType.SUGGESTED_ACTION_CLICK,
  AgentLaunchEvent: () => web.AgentLaunchEvent.toJSON(web.AgentLaunchEvent.fromJSON({ newLaunchState: "LAUNCHED" })),
  AgentLaunchEvent_LaunchState: () => web.AgentLaunchEvent_LaunchState.SUSPENDED,
  isUnknownEnumValue: () => web.isUnknownEnumValue(web.UserEvent.fromJSON({ eventType: 7 }).eventType),
  messageTypeNames: () => web.messageTypeNames(),
  payloadKinds: () => web.payloadKinds.map((kind) => web.payloadTypeNames[kind]),
  payloadTypeNames: () => web.payloadTypeNames.userEvent,
  TIMESTAMP_MAX_SECONDS: () => web.TIMESTAMP_MAX_SECONDS,
  TIMESTAMP_MIN_SECONDS: () => web.TIMESTAMP_MIN_SECONDS,
  decodeEvent: () => web.decodeEvent(body).kind,
  decodePayload: () => web.decodePayload(web.parseEnvelope(body)).kind,
  checkEvent: () => web.checkEvent(web.decodeEvent(body)),
  parseEnvelope: () => web.parseEnvelope(body).data.length,
  envelopeToJson: () => web.envelopeToJson(web.parseEnvelope(body).envelope),
  validate: () => web.validate("UserEvent", '{"eventId":"e1","eventType":7}'),
  validateValue: () => web.validateValue("rbm.events.v1.ServerEvent", { eventType: "TTL_EXPIRATION_REVOKED" }),
  toJson: () => web.toJson("UserEvent", web.UserEvent.fromJSON({ eventType: "READ" })),
  parseTimestamp: () => web.parseTimestamp("2020-01-01T00:00:00.5Z"),
  timestampFromJson: () => web.timestampFromJson("1970-01-01T00:00:01Z"),
  timestampToJson: () => web.timestampToJson({ seconds: 1, nanos: 5_000_000 }),
  timestampFromDate: () => web.timestampFromDate(new Date(1500)),
  timestampDate: () => web.timestampDate({ seconds: 1, nanos: 0 }).toISOString(),
  timestampFromNanos: () => web.timestampFromNanos(1_000_000_001n),
  timestampNanos: () => String(web.timestampNanos({ seconds: 1, nanos: 1 })),
  signPayload: () => web.signPayload(body.message.data, token).then((s) => s.length),
  verifySignature: async () => web.verifySignature(body.message.data, await web.signPayload(body.message.data, token), token),
  createFetchHandler: async () => {
    const events: string[] = [];
    const handle = web.createFetchHandler({ clientToken: token, onEvent: (decoded) => void events.push(decoded.kind) });
    const text = JSON.stringify(body);
    const headers = { "content-type": "application/json", "x-goog-signature": await web.signPayload(body.message.data, token) };
    const response = await handle(new Request("http://localhost/", { method: "POST", headers, body: text }));
    return [response.status, ...events];
  },
  MemoryIdempotencyStore: () => {
    const store = new web.MemoryIdempotencyStore();
    return [store.claim("k"), store.claim("k")];
  },
  RbmEventError: () => new web.RbmEventError("INVALID_EVENT", "m").code,
  isRbmEventError: () => web.isRbmEventError(new web.RbmEventError("INVALID_EVENT", "m")),
  assertNever: () => {
    try {
      return web.assertNever({ kind: "newKind" } as never, "kind");
    } catch (error) {
      return web.isRbmEventError(error) ? error.message : "not an RbmEventError";
    }
  },
};

/** Tells whether an error, or one it wraps, comes from forbidden code generation. */
function codeGeneration(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof EvalError || /code generation from strings/i.test(e instanceof Error ? e.message : typeof e === "string" ? e : "")) return true;
    if (typeof e !== "object" || e === null) break;
  }
  return false;
}
const odd: unknown[][] = [[], [""], ["UserEvent", "{}"], [{}], [new Uint8Array(1)], [null]];
const results: Record<string, unknown> = {};
const generated: string[] = [];

const exports: Record<string, unknown> = { ...web };
if (process.argv.includes("--control")) {
  const type = protobuf.Root.fromJSON({ nested: { M: { fields: { a: { type: "string", id: 1 } } } } }).lookupType("M");
  exports["control"] = (value: object) => type.encode(type.fromObject(value ?? {})).finish();
  calls["control"] = () => type.encode(type.fromObject({ a: "x" })).finish().length;
}

for (const [name, value] of Object.entries(exports)) {
  try {
    results[name] = name in calls ? await calls[name]!() : "(no real call)";
  } catch (error) {
    if (codeGeneration(error)) generated.push(name);
    results[name] = `threw ${String(error)}`;
  }
  // Poke functions and the methods of objects with odd arguments: only code generation fails.
  const targets: Array<[string, unknown, unknown]> =
    typeof value === "object" && value !== null ? Object.entries(value).map(([key, method]) => [`${name}.${key}`, method, value]) : [[name, value, undefined]];
  for (const [label, fn, self] of targets) {
    if (typeof fn !== "function") continue;
    for (const args of odd) {
      try {
        const isClass = /^class\b/.test(Function.prototype.toString.call(fn));
        await (isClass ? Reflect.construct(fn, args) : Reflect.apply(fn, self, args));
      } catch (error) {
        if (codeGeneration(error)) generated.push(label);
      }
    }
  }
}

const replacer = (_: string, v: unknown) => (typeof v === "bigint" ? `${v}n` : v);
console.log(JSON.stringify({ results, generated: [...new Set(generated)] }, replacer));
