// What both entry points export besides the schema's codecs and the signature functions: decoding,
// validation, Timestamps, the fetch webhook handler and the idempotency stores, with nothing behind
// them that needs Node. Internal: src/web.ts and src/index.ts re-export it.

export type { Timestamp } from "../gen/google/protobuf/timestamp.js";
export type { MessageCodec, PartialMessage } from "./codec/index.js";
export { isUnknownEnumValue } from "./schema/index.js";
export type { FullMessageName, Message, MessageName, UnknownEnumValue } from "./schema/index.js";
export { messageTypeNames } from "./schema/index.js";

export { decodeEvent, decodePayload } from "./events/index.js";
export type { DecodedEvent, DecodedPayload, DecodeOptions, EventKind } from "./events/index.js";
export type { UnknownPart } from "./codec/index.js";
export { payloadKinds, payloadTypeNames } from "../gen/payloads.js";
export type { PayloadKind, PayloadTypeNames } from "../gen/payloads.js";
export { checkEvent } from "./events/index.js";
export { envelopeToJson, parseEnvelope } from "./events/index.js";
export type { Delivery, DeliveryInput } from "./events/index.js";
export type { Envelope, EnvelopeSource } from "./events/index.js";
export { validate, validateValue } from "./codec/index.js";
export type { ConversionOptions } from "./codec/index.js";
export type { Longs } from "./schema/index.js";
export type { ValidateOptions, ValidateResult } from "./codec/index.js";
export { toJson } from "./codec/index.js";
export type { JsonObject, JsonValue } from "./codec/index.js";
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
} from "./schema/index.js";

export { createFetchHandler } from "./webhook/index.js";
export type { InvalidDelivery, WebhookErrorInfo, WebhookOptions } from "./webhook/index.js";
export { MemoryIdempotencyStore } from "./webhook/index.js";
export type { IdempotencyClaim, IdempotencyStore, MemoryIdempotencyStoreOptions } from "./webhook/index.js";

export { assertNever, isRbmEventError, RbmEventError } from "./errors.js";
export type { Issue, RbmEventErrorCode, RbmEventErrorOptions } from "./errors.js";
