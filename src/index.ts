// Public entry point of rbm-events for Node: everything rbm-events/web offers, plus what needs
// Node (the node:http handler, node:crypto signatures) or code generation (binary conversion).
// signPayload and verifySignature here are the synchronous node:crypto twins of those in web.ts.

export * from "./web.js";

export { createWebhookHandler } from "./webhook/node.js";
export type { WebhookHandler } from "./webhook/node.js";
export { signPayload, verifySignature } from "./signature/node.js";
export { fromBinary, toBinary, UNKNOWN_FIELDS } from "./codec/binary.js";
// The same names as in web.ts, with encode and decode.
export {
  AgentLaunchEvent,
  FileInfo,
  LatLng,
  RichMessageClassification,
  ServerEvent,
  SuggestionResponse,
  UserEvent,
  UserFile,
  UserMessage,
} from "./codec/binary-messages.js";
export type { BinaryMessageCodec } from "./codec/binary-codec.js";
