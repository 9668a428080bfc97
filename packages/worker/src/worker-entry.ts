// The module piscina loads in each worker thread. Its one task is long-lived: it returns only at
// shutdown, and all per-step coordination goes through Atomics on the shared control block.
import { wakeAll } from './barrier.js';
import { CONTROL_LENGTH, Control } from './control.js';
import { runStepLoop } from './step-loop.js';
import type { WorkerTask } from './worker-task.js';

export default function shardwiseWorker(task: WorkerTask): void {
  try {
    runStepLoop(task);
  } catch (error) {
    // Release the other workers from the barrier (and the main thread from its wait) before the
    // error travels back through piscina as this task's rejection.
    const control = new Int32Array(task.buffer, 0, CONTROL_LENGTH);
    Atomics.store(control, Control.abort, 1);
    wakeAll(control);
    throw error;
  }
}
