// The verdicts of a job, whichever command it belongs to.

import type { Job, Verdicts } from "./line-jobs.js";
import { decodeVerdicts } from "./decode-lines.js";
import { validateVerdicts } from "./validate-lines.js";

/** Makes the verdict function of a job, in the main thread or in a worker. */
export function verdictsFor(job: Job): Verdicts {
  switch (job.command) {
    case "decode":
      return decodeVerdicts(job);
    case "validate":
      return validateVerdicts(job);
    default:
      return job satisfies never;
  }
}
