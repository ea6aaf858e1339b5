// Entry point for fetch runtimes (Cloudflare Workers, Deno, Bun, edge route handlers): decoding,
// validation, Timestamps and the fetch webhook handler, with nothing behind them that needs Node
// (node:http, node:crypto, Buffer). src/index.ts adds the rest: binary conversion among it, so the
// codecs here (UserEvent, …) convert JSON and the ones there add encode and decode.

export {
  AgentLaunchEvent,
  AgentLaunchEvent_LaunchState,
  FileInfo,
  LatLng,
  RichMessageClassification,
  RichMessageClassification_ClassificationType,
  ServerEvent,
  ServerEvent_EventType,
  SuggestionResponse,
  SuggestionResponse_SuggestionType,
  UserEvent,
  UserEvent_EventType,
  UserFile,
  UserMessage,
} from "./codec/messages.js";
export type { Timestamp } from "./codec/messages.js";
export type { MessageCodec } from "./codec/message-codec.js";
export { isUnknownEnumValue } from "./schema/message-types.js";
export type { FullMessageName, Message, MessageName, UnknownEnumValue } from "./schema/message-types.js";
export { messageTypeNames } from "./schema/registry.js";

export { decodeEvent } from "./events/decode.js";
export type { DecodedEvent, DecodeOptions, EventKind, UnknownPart } from "./events/decode.js";
export { checkEvent } from "./events/checks.js";
export { envelopeToJson, parseEnvelope } from "./events/envelope.js";
export type { Delivery, Envelope, EnvelopeSource } from "./events/envelope.js";
export { validate, validateValue } from "./codec/validate.js";
export type { ConversionOptions, Longs, ValidateOptions, ValidateResult } from "./codec/validate.js";
export { toJson } from "./codec/json-print.js";
export type { JsonObject, JsonValue } from "./codec/json-print.js";
export {
  parseTimestamp,
  TIMESTAMP_MAX_SECONDS,
  TIMESTAMP_MIN_SECONDS,
  timestampDate,
  timestampFromDate,
  timestampFromJson,
  timestampFromNanos,
  timestampNanos,
  timestampToJson,
} from "./schema/timestamp.js";

// Web Crypto is asynchronous: the same jobs as the Node entry point's, under the same names.
export { signPayloadAsync as signPayload, verifySignatureAsync as verifySignature } from "./signature/web.js";
export { createFetchHandler } from "./webhook/web.js";
export type { InvalidDelivery, WebhookErrorInfo, WebhookOptions } from "./webhook/options.js";
export { MemoryIdempotencyStore } from "./webhook/idempotency.js";
export type { IdempotencyClaim, IdempotencyStore, MemoryIdempotencyStoreOptions } from "./webhook/idempotency.js";

export { isRbmEventError, RbmEventError } from "./errors.js";
export type { Issue, RbmEventErrorCode, RbmEventErrorOptions } from "./errors.js";
