// Entry point for fetch runtimes (Cloudflare Workers, Deno, Bun, edge route handlers): decoding,
// validation, Timestamps and the fetch webhook handler, with nothing behind them that needs Node
// (node:http, node:crypto, Buffer) or generates code at run time. src/index.ts adds the rest.

export { ServerEvent, ServerEvent_EventType } from "../gen/rbm/events/v1/server_event.js";
export { UserEvent, UserEvent_EventType } from "../gen/rbm/events/v1/user_event.js";
export { UserMessage } from "../gen/rbm/events/v1/user_message.js";
export { UserFile } from "../gen/rbm/events/v1/user_file.js";
export { FileInfo } from "../gen/rbm/events/v1/file_info.js";
export { LatLng } from "../gen/rbm/events/v1/lat_lng.js";
export { SuggestionResponse, SuggestionResponse_SuggestionType } from "../gen/rbm/events/v1/suggestion_response.js";
export {
  RichMessageClassification,
  RichMessageClassification_ClassificationType,
} from "../gen/rbm/events/v1/rich_message_classification.js";
export { AgentLaunchEvent, AgentLaunchEvent_LaunchState } from "../gen/rbm/events/v1/agent_launch_event.js";
export { Timestamp } from "../gen/google/protobuf/timestamp.js";

export { decodeEvent, eventTypeNames } from "./events/decode.js";
export type {
  DecodedEvent,
  DecodeOptions,
  EventKind,
  OpenEnum,
  RbmAgentLaunchEvent,
  RbmRichMessageClassification,
  RbmServerEvent,
  RbmSuggestionResponse,
  RbmUserEvent,
  RbmUserMessage,
  RbmUserMessageContent,
} from "./events/decode.js";
export { checkEvent } from "./events/checks.js";
export { envelopeToJson, parseEnvelope } from "./events/envelope.js";
export type { Delivery, Envelope, EnvelopeSource } from "./events/envelope.js";
export { base64Decode, base64Encode } from "./encoding/base64.js";
export { validate, validateValue } from "./codec/validate.js";
export { toJson } from "./codec/json-print.js";
export type { ConversionOptions, Longs, ValidateOptions, ValidateResult } from "./codec/validate.js";
export {
  parseTimestamp,
  timestampDate,
  timestampFromDate,
  timestampFromJson,
  timestampFromNanos,
  timestampNanos,
  timestampToJson,
} from "./schema/timestamp.js";

export { signPayloadAsync, verifySignatureAsync } from "./signature/web.js";
export { createFetchHandler } from "./webhook/web.js";
export type { InvalidDelivery, WebhookErrorInfo, WebhookOptions } from "./webhook/options.js";
export { MemoryIdempotencyStore } from "./webhook/idempotency.js";
export type { IdempotencyClaim, IdempotencyStore, MemoryIdempotencyStoreOptions } from "./webhook/idempotency.js";

export { isRbmEventError, RbmEventError } from "./errors.js";
export type { Issue, RbmEventErrorCode, RbmEventErrorOptions } from "./errors.js";
