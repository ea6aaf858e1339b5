// The verdicts of a job, whichever command it belongs to.

import type { Job, Verdicts } from "./line-jobs.js";

/**
 * Makes the verdict function of a job, in the main thread or in a worker. Only the command's own
 * modules are loaded: `validate` does not load the event decoder, nor `decode` the validator.
 */
export async function verdictsFor(job: Job): Promise<Verdicts> {
  switch (job.command) {
    case "decode":
      return (await import("./decode-lines.js")).decodeVerdicts(job);
    case "validate":
      return (await import("./validate-lines.js")).validateVerdicts(job);
    default:
      return job satisfies never;
  }
}
