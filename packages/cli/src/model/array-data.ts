// Arrays given from code: what `train({ data })`, `Model.evaluate` and `Model.predict` accept.

/** Training rows given from code: features plus integer labels or target rows. */
export interface ArrayData {
  /** rows × features, row-major; any numeric array (copied into shared memory once). */
  readonly x: ArrayLike<number>;
  /** Values per row of `x` (the model's input width); `x.length` must be a multiple of it. */
  readonly features: number;
  /** Integer class per row (classification with ce). */
  readonly labels?: ArrayLike<number>;
  /** rows × outputs, row-major: regression targets (mse) or soft/one-hot class rows (ce). */
  readonly targets?: ArrayLike<number>;
  /** Number of classes (labels) — default max label + 1, at least 2. */
  readonly classes?: number;
}
