import { parentPort } from 'node:worker_threads';
import { runSweepJob, type SweepJob } from './job';

// A worker thread of `repeg sweep`: runs the jobs it is sent, one at a time, and answers each.
parentPort?.on('message', (job: SweepJob) => {
  void runSweepJob(job).then((result) => parentPort?.postMessage(result));
});
