// The public face of src/schema/: what the other folders and the entry points use of it.

export { fieldValue, isDefault } from "./field-value.js";
export type { OneofCase } from "./field-value.js";
export { isUnknownEnumValue, unknownEnumValue } from "./message-types.js";
export type { FullMessageName, Message, MessageName, UnknownEnumValue } from "./message-types.js";
export { defaults, planOf, resolveTypeUrl, wellKnownPlanOf } from "./plan.js";
export { KINDS } from "./plan-types.js";
export type { FieldPlan, Kind, Longs, MessagePlan } from "./plan-types.js";
export { lookupMessage, messageTypeNames } from "./registry.js";
export { TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS, parseTimestamp } from "./timestamp-parse.js";
export { timestampDate, timestampFromDate, timestampFromJson, timestampFromNanos, timestampNanos, timestampProblem, timestampToJson } from "./timestamp.js";
export { durationError, durationToJson, fieldMaskError, fieldMaskToJson, parseDuration, parseFieldMask, readJsonValue } from "./well-known.js";
export type { Duration, JsonValueReader } from "./well-known.js";
