// Public entry point of rbm-events for Node: everything rbm-events/web offers, plus what needs
// Node (the node:http handler, node:crypto signatures) or code generation (binary conversion).

export * from "./web.js";

export { createWebhookHandler } from "./webhook.js";
export type { WebhookHandler } from "./webhook.js";
export { signPayload, verifySignature } from "./signature.js";
export { fromBinary, toBinary } from "./validate.js";
export { messageTypeNames } from "./schema.js";
export { TIMESTAMP_MAX_SECONDS, TIMESTAMP_MIN_SECONDS } from "./timestamp.js";
