// Entry point for fetch runtimes (Cloudflare Workers, Deno, Bun, edge route handlers): decoding,
// validation, Timestamps and the fetch webhook handler, with nothing behind them that needs Node
// (node:http, node:crypto, Buffer). src/index.ts adds the rest: binary conversion among it, so the
// codecs here (UserEvent, …) convert JSON and the ones there add encode and decode.

// Each message of the schema as a codec and a type, each enum as a const object and a union, as
// `npm run generate` writes them from proto/.
export * from "../gen/json-codecs.js";
export * from "./common.js";

// Web Crypto is asynchronous, and so are the Node entry point's functions of the same names.
export { signPayload, verifySignature } from "./signature/index.js";
