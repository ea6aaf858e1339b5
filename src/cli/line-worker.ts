// A worker thread of `decode` and `validate --jobs N`: batches of lines in, their verdicts out.

import { parentPort, workerData } from "node:worker_threads";
import { verdictsFor } from "./verdicts.js";
import type { Job } from "./line-jobs.js";

const verdicts = verdictsFor(workerData as Job);

parentPort?.on("message", (batch: Uint8Array) => {
  parentPort?.postMessage(verdicts(batch));
});
parentPort?.postMessage("ready");
