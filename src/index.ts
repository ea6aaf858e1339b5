// Public entry point of rbm-events for Node: everything rbm-events/web offers, plus what needs
// Node (the node:http handler, node:crypto signatures) or code generation (binary conversion).

export * from "./web.js";

export { createWebhookHandler } from "./webhook/node.js";
export type { WebhookHandler } from "./webhook/node.js";
export { signPayload, verifySignature } from "./signature/node.js";
export { fromBinary, toBinary, UNKNOWN_FIELDS } from "./codec/binary.js";
export { messageTypeNames } from "./schema/registry.js";
export { TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS } from "./schema/timestamp.js";
