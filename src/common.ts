// What both entry points export besides the schema's codecs and the signature functions: decoding,
// validation, Timestamps, the fetch webhook handler and the idempotency stores, with nothing behind
// them that needs Node. Internal: src/web.ts and src/index.ts re-export it.

export type { Timestamp } from "../gen/google/protobuf/timestamp.js";
export type { MessageCodec } from "./codec/json-codec.js";
export { isUnknownEnumValue } from "./schema/message-types.js";
export type { FullMessageName, Message, MessageName, UnknownEnumValue } from "./schema/message-types.js";
export { messageTypeNames } from "./schema/registry.js";

export { decodeEvent } from "./events/decode.js";
export type { DecodedEvent, DecodedPayload, DecodeOptions, EventKind, UnknownPart } from "./events/decode.js";
export { payloadKinds, payloadTypeNames } from "../gen/payloads.js";
export type { PayloadKind, PayloadTypeNames } from "../gen/payloads.js";
export { checkEvent } from "./events/checks.js";
export { envelopeToJson, parseEnvelope } from "./events/envelope.js";
export type { Delivery, Envelope, EnvelopeSource } from "./events/envelope.js";
export { validate, validateValue } from "./codec/validate.js";
export type { ConversionOptions, Longs, ValidateOptions, ValidateResult } from "./codec/validate.js";
export { toJson } from "./codec/to-json.js";
export type { JsonObject, JsonValue } from "./codec/to-json.js";
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

export { createFetchHandler } from "./webhook/web.js";
export type { InvalidDelivery, WebhookErrorInfo, WebhookOptions } from "./webhook/options.js";
export { MemoryIdempotencyStore } from "./webhook/idempotency.js";
export type { IdempotencyClaim, IdempotencyStore, MemoryIdempotencyStoreOptions } from "./webhook/idempotency.js";

export { isRbmEventError, RbmEventError } from "./errors.js";
export type { Issue, RbmEventErrorCode, RbmEventErrorOptions } from "./errors.js";
