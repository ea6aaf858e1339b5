// Entry point rbm-events/redis: the idempotency store that several receiver processes share,
// on the official `redis` client (an optional peer dependency: install `redis` to use it).

export { RedisIdempotencyStore } from "./webhook/redis-store.js";
export type { RedisIdempotencyStoreOptions, RedisSetOptions, RedisStoreClient } from "./webhook/redis-store.js";
