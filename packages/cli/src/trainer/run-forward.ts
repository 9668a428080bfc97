// Forward passes on a run's current parameters: validation after an epoch, Trainer.evaluate/predict, standalone copies.

import type { Dataset, Evaluation, Mlp } from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';
import type { DataDescription } from '../checkpoint/columns-metadata.js';
import { createForwardRunner, type ForwardRunner } from '../model/forward-runner.js';
import { Model } from '../model/model.js';
import type { Standardization } from '../model/standardization.js';

/** Forward passes of one engine's committed parameters, on runners kept across calls. */
export class RunForward {
  private validationRunner: ForwardRunner | null = null;
  private reused: Model | null = null;
  /** The `globalStep` whose parameters `reused` holds. */
  private reusedAt = -1;

  constructor(
    private readonly mlp: Mlp,
    private readonly engine: DataParallelEngine,
    /** The run's input standardization: part of the standalone models; the run's own rows already have it applied. */
    private readonly standardization: Standardization | null = null,
    private readonly description: DataDescription = { classNames: null, columns: null },
  ) {}

  /** The current parameters as a standalone model (a copy, with its own forward runner and the standardization). */
  standalone(): Model {
    return new Model(this.mlp.config, this.engine.parameters, {
      kernels: this.engine.kernels,
      standardization: this.standardization,
      classNames: this.description.classNames,
      columns: this.description.columns,
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
    // Without the standardization: it serves the run's rows, already standardized (the Trainer
    // standardizes what callers pass).
    if (this.reused === null) {
      this.reused = new Model(this.mlp.config, this.engine.parameters, {
        kernels: this.engine.kernels,
      });
    } else if (this.reusedAt !== step) this.reused.parameters.set(this.engine.parameters);
    this.reusedAt = step;
    return this.reused;
  }

  /** Call after the engine's parameters were replaced without a step (restoreBest): `current` copies them again. */
  parametersReplaced(): void {
    this.reusedAt = -1;
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
