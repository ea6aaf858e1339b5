// Public entry point of rbm-events: explicit named re-exports only.

export { ServerEvent, ServerEvent_EventType } from "../gen/rbm/events/v1/server_event.js";
export { UserEvent, UserEvent_EventType } from "../gen/rbm/events/v1/user_event.js";
export { Timestamp } from "../gen/google/protobuf/timestamp.js";

export { decodeEvent, eventTypeNames } from "./decode.js";
export type { DecodedEvent, DecodeOptions, EventKind, OpenEnum, RbmServerEvent, RbmUserEvent } from "./decode.js";
export { checkEvent } from "./checks.js";

export { envelopeToJson, parseEnvelope } from "./envelope.js";
export type { Delivery, Envelope, EnvelopeSource } from "./envelope.js";
export { base64Decode, base64Encode } from "./base64.js";

export { fromBinary, toBinary, toJson, validate, validateValue } from "./validate.js";
export type { ValidateOptions, ValidateResult } from "./validate.js";
export { messageTypeNames } from "./schema.js";

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
} from "./timestamp.js";

export { signPayload, verifySignature } from "./signature.js";
export { signPayloadAsync, verifySignatureAsync } from "./signature-web.js";

export { isRbmEventError, RbmEventError } from "./errors.js";
export type { Issue, RbmEventErrorCode, RbmEventErrorOptions } from "./errors.js";
