// Public entry point of rbm-events for Node: everything rbm-events/web offers, plus what needs
// Node (the node:http handler, node:crypto signatures) or code generation (binary conversion).
// signPayload and verifySignature here are the node:crypto twins of those in web.ts, promises as
// those are; signPayloadSync and verifySignatureSync are their synchronous forms.

// Each message of the schema as a codec with encode and decode, and a type; each enum as a const
// object and a union, as `npm run generate` writes them from proto/.
export * from "../gen/binary-codecs.js";
export * from "./common.js";

export { createWebhookHandler } from "./webhook/node.js";
export type { WebhookHandler } from "./webhook/node.js";
export { signPayload, signPayloadSync, verifySignature, verifySignatureSync } from "./signature/node.js";
export { fromBinary, toBinary } from "./codec/index.js";
export { UNKNOWN_FIELDS } from "./codec/index.js";
export type { BinaryMessageCodec } from "./codec/index.js";
