// decodeEvent from rbm-events/web behind a module worker's fetch: a POST of a JSON array of
// delivery bodies is answered with what each decodes to. test/integration/runtimes.test.ts serves
// it with Bun.serve, `deno serve` and workerd (bundled), and calls `summary` in Node to compare.
import { decodeEvent, envelopeToJson, isRbmEventError, payloadTypeNames, toJson } from "rbm-events/web";

/** What a body decodes to, as JSON: the kind, the envelope and the event, or the error's code. */
export function summary(body: string): unknown {
  try {
    const decoded = decodeEvent(body);
    const event = decoded.kind === "unknown" ? decoded.json : toJson(payloadTypeNames[decoded.kind], decoded.event);
    return { kind: decoded.kind, envelope: envelopeToJson(decoded.envelope), event };
  } catch (error) {
    return { error: isRbmEventError(error) ? error.code : String(error) };
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const bodies = (await request.json()) as string[];
    return Response.json(bodies.map(summary));
  },
};
