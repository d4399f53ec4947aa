/**
 * The contract every classifier kernel implements, and the softmax cross-entropy they share.
 *
 * Conventions: a classifier owns one flat Float64Array of parameters (so snapshots, SGD updates
 * and finite-difference checks are plain array operations); inputs are rows of a Float32Array
 * feature matrix; the loss of one example is the cross-entropy −log softmax(logits)[label]
 * (natural log), as in the paper's PyTorch experiments (Section 5).
 */

/** The model families: multinomial logistic regression and a LeNet-5-style network. */
export type ModelKind = "logistic" | "lenet5" | "lenet5-tanh";

/** A differentiable multi-class classifier over flat parameters. */
export interface Classifier {
  readonly kind: ModelKind;
  /** Feature dimension it reads per example. */
  readonly inputDim: number;
  readonly classes: number;
  /** All parameters, flat; updated in place by training. */
  readonly params: Float64Array;
  /**
   * True when the logits are linear in the parameters (logits(θ + βd) = logits(θ) + β·logits(d)),
   * which lets a learner evaluate a line search along one direction without re-reading the data.
   */
  readonly linearInParams: boolean;
  /** Writes the logits of the example starting at `x[offset]` into `out` (length `classes`). */
  logits(x: Float32Array, offset: number, out: Float64Array): void;
  /**
   * Writes the logits of every example of a `count × inputDim` feature matrix into `out`
   * (`count × classes`, row-major) — the evaluation path, which kernels may batch.
   */
  logitsMany(x: Float32Array, count: number, out: Float64Array): void;
  /**
   * Adds the gradient (with respect to `params`) of one example's loss into `grad` and returns
   * that loss.
   */
  accumulateGradient(x: Float32Array, offset: number, label: number, grad: Float64Array): number;
  /**
   * Adds the summed gradient of the losses of rows `rows` of a `count × inputDim` feature matrix
   * into `grad` and returns the summed loss — the training path, which kernels may batch. Equal
   * to calling {@link Classifier.accumulateGradient} per row, up to floating-point summation order.
   */
  accumulateGradientMany(
    x: Float32Array,
    count: number,
    labels: Uint8Array,
    rows: Int32Array,
    grad: Float64Array,
  ): number;
}

/**
 * Turns logits into softmax probabilities in place and returns −log p[label], computed stably
 * (shifted by the maximum logit, log-sum-exp form for the loss).
 */
export function softmaxCrossEntropyInPlace(z: Float64Array, label: number): number {
  const k = z.length;
  let max = z[0]!;
  for (let c = 1; c < k; c++) if (z[c]! > max) max = z[c]!;
  // Kept before exponentiating so that the loss stays finite when p[label] underflows to 0.
  const shiftedLabelLogit = z[label]! - max;
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(z[c]! - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) z[c] = z[c]! / sum;
  return Math.log(sum) - shiftedLabelLogit;
}

/** Index of the largest entry (the first one on ties). */
export function argmax(z: Float64Array): number {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return best;
}
