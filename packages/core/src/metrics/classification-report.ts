/**
 * scikit-learn's classification metrics from a confusion matrix: accuracy, per-class precision,
 * recall, F1 and support (`precision_recall_fscore_support(average=None)`), their macro and
 * support-weighted averages (`classification_report`), and the matrix itself. Pure arithmetic.
 */

/** Precision, recall, F1 and support of one class or one average. */
export interface ClassScores {
  /** TP / (TP + FP); 0 when the class is never predicted (scikit-learn's zero_division default). */
  readonly precision: number;
  /** TP / (TP + FN); 0 when the class has no true rows. */
  readonly recall: number;
  /** 2·TP / (2·TP + FP + FN), the harmonic mean of the two; 0 when that is 0/0. */
  readonly f1: number;
  /** True rows of the class (for an average: of the classes it averages). */
  readonly support: number;
}

/** One class's scores and its index (the network output it is). */
export interface ClassReport extends ClassScores {
  /** The class index (label). */
  readonly label: number;
}

/** Everything `eval` reports for a classifier. */
export interface ClassificationReport {
  /** Always `'classification'`. */
  readonly kind: 'classification';
  /** Rows predicted correctly ÷ rows (0 for no rows). */
  readonly accuracy: number;
  /** One entry per class of the model, in label order. */
  readonly classes: readonly ClassReport[];
  /**
   * Unweighted mean over the classes that have true rows or predictions (as scikit-learn's
   * `classification_report(y_true, y_pred)`, whose labels are those seen in either).
   */
  readonly macroAvg: ClassScores;
  /** Mean over the same classes weighted by their support. */
  readonly weightedAvg: ClassScores;
  /** classes × classes counts: row = true class, column = predicted class (`confusion_matrix`). */
  readonly confusionMatrix: readonly (readonly number[])[];
}

/** `a / b`, or 0 when b is 0 (scikit-learn's `zero_division="warn"`, which yields 0). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** The report for a `classes × classes` confusion matrix (row = true class, column = predicted). */
export function classificationReport(counts: ArrayLike<number>, classes: number): ClassificationReport {
  const at = (t: number, p: number) => counts[t * classes + p]!;
  let total = 0;
  let correct = 0;
  const perClass: ClassReport[] = [];
  const seen: boolean[] = [];
  for (let c = 0; c < classes; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < classes; j++) {
      support += at(c, j);
      predicted += at(j, c);
    }
    const tp = at(c, c);
    total += support;
    correct += tp;
    perClass.push({
      label: c,
      precision: ratio(tp, predicted),
      recall: ratio(tp, support),
      f1: ratio(2 * tp, support + predicted),
      support,
    });
    seen.push(support > 0 || predicted > 0);
  }
  const averaged = perClass.filter((_, c) => seen[c]);
  const support = averaged.reduce((s, c) => s + c.support, 0);
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    ratio(
      averaged.reduce((s, c) => s + c[key], 0),
      averaged.length,
    );
  const weighted = (key: 'precision' | 'recall' | 'f1') =>
    ratio(
      averaged.reduce((s, c) => s + c[key] * c.support, 0),
      support,
    );
  return {
    kind: 'classification',
    accuracy: ratio(correct, total),
    classes: perClass,
    macroAvg: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support },
    weightedAvg: {
      precision: weighted('precision'),
      recall: weighted('recall'),
      f1: weighted('f1'),
      support,
    },
    confusionMatrix: Array.from({ length: classes }, (_, t) =>
      Array.from({ length: classes }, (_, p) => at(t, p)),
    ),
  };
}
