// The public face of src/events/: what the other folders and the entry points use of it.

export { checkEvent } from "./checks.js";
export { DECODE_OPTIONS, decodeData, decodeEvent, decodePayload } from "./decode.js";
export type { DecodeOptions, DecodedEvent, DecodedPayload, EventKind } from "./decode.js";
export { checkEnvelopeJson, envelopeToJson, parseEnvelope, readEnvelope, readMessageData, readParsedEnvelope } from "./envelope.js";
export type { Delivery, DeliveryInput } from "./envelope.js";
export type { Envelope, EnvelopeSource } from "./metadata.js";
