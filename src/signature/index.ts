// The public face of src/signature/: what the other folders and the entry points use of it.

export { signPayload, verifyBytes, verifySignature } from "./web.js";
