// Forward passes on a run's current parameters: validation after an epoch, Trainer.evaluate/predict, standalone copies.

import type { Dataset, Evaluation, Mlp } from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';
import { createForwardRunner, type ForwardRunner } from '../model/forward-runner.js';
import { Model } from '../model/model.js';

/** Forward passes of one engine's committed parameters, on runners kept across calls. */
export class RunForward {
  private validationRunner: ForwardRunner | null = null;
  private reused: Model | null = null;
  /** The `globalStep` whose parameters `reused` holds. */
  private reusedAt = -1;

  constructor(
    private readonly mlp: Mlp,
    private readonly engine: DataParallelEngine,
  ) {}

  /** The current parameters as a standalone model (a copy, with its own forward runner). */
  standalone(): Model {
    return new Model(this.mlp.config, this.engine.parameters, {
      kernels: this.engine.kernels,
    });
  }

  /**
   * One model kept across calls, holding the current parameters, for `Trainer.evaluate` and
   * `predict`: its forward runner (and WebAssembly memory) serves every call. The parameters
   * change only when a step commits, which advances `globalStep`, so they are copied in only
   * when it has moved. Never handed out: callers get `standalone()` copies.
   */
  current(): Model {
    const step = this.engine.globalStep;
    if (this.reused === null) this.reused = this.standalone();
    else if (this.reusedAt !== step) this.reused.parameters.set(this.engine.parameters);
    this.reusedAt = step;
    return this.reused;
  }

  /** Loss and accuracy of the current parameters on the validation rows (after each epoch). */
  validate(validation: Dataset): Evaluation {
    this.validationRunner ??= createForwardRunner(
      this.mlp,
      Math.min(1024, validation.rows),
      this.engine.kernels,
    );
    return this.validationRunner.evaluate(this.engine.parameters, validation, validation.rows);
  }
}
