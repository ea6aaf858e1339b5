// The public face of src/webhook/: what the other folders and the entry points use of it.

export { MemoryIdempotencyStore } from "./idempotency.js";
export type { IdempotencyClaim, IdempotencyStore, MemoryIdempotencyStoreOptions } from "./idempotency.js";
export type { InvalidDelivery, WebhookErrorInfo, WebhookOptions } from "./options.js";
export { createFetchHandler } from "./web.js";
