/**
 * Stochastic gradient descent on the average loss of a union of data pools, and evaluation on a
 * target set.
 *
 * Conventions: a step draws a minibatch uniformly without replacement from the union of the
 * allowed pools (the whole union when the batch size is at least its size — plain gradient
 * descent) and moves the parameters by −stepSize × the batch's average-loss gradient, like
 * PyTorch's `SGD` without momentum (the paper's Section 5 optimiser, learning rate 0.01). All
 * randomness comes from the injected generator.
 */
import { type Examples, FASHION_MNIST_CLASSES } from "./dataset.js";
import type { Classifier } from "./models/classifier.js";
import { type Rng, shuffleInPlace } from "./rng.js";

/**
 * Computes the logits of a fixed target set at given parameters — what `model.logitsMany` on the
 * target gives, bit for bit. A surface may supply one that splits the rows over threads (every
 * logit of the kernels here is a fixed-order function of its own row, so the split cannot change
 * it); the core of the learner never needs more than this.
 */
export interface TargetEvaluator {
  /** Writes `target.count × classes` logits at `params` into `out`. */
  logits(params: Float64Array, out: Float64Array): void;
}

/** Accuracy and loss of a classifier on a set. */
export interface Evaluation {
  readonly count: number;
  /** Share of examples whose largest logit is the label (first class on ties). */
  readonly accuracy: number;
  /** Average cross-entropy (natural log). */
  readonly meanLoss: number;
}

/** How a learner's quality is read off an evaluation. */
export type QualityMeasure = "accuracy" | "loss";

/**
 * Quality in [0, 1]: `"accuracy"` is 1 − error rate (the paper's choice); `"loss"` is
 * 1 − meanLoss / ln(classes), clipped to [0, 1] — ln(classes) being the loss of the uniform
 * prediction, so quality 0 means "no better than guessing" and 1 a perfect, confident model.
 *
 * @example
 * ```ts
 * qualityOf({ count: 10, accuracy: 0.9, meanLoss: Math.log(10) / 2 }, "loss") // 0.5
 * ```
 */
export function qualityOf(
  evaluation: Evaluation,
  measure: QualityMeasure,
  classes = FASHION_MNIST_CLASSES,
): number {
  switch (measure) {
    case "accuracy":
      return evaluation.accuracy;
    case "loss":
      return Math.min(1, Math.max(0, 1 - evaluation.meanLoss / Math.log(classes)));
  }
}

/**
 * Evaluates `model` on every example of `set`; with an `evaluator` (which must evaluate `set`, as a
 * learner's evaluator evaluates its target) the logits at the model's parameters come from it.
 */
export function evaluate(model: Classifier, set: Examples, evaluator?: TargetEvaluator): Evaluation {
  const all = new Float64Array(set.count * model.classes);
  if (evaluator === undefined) model.logitsMany(set.x, set.count, all);
  else evaluator.logits(model.params, all);
  return evaluateLogits(all, set.y.subarray(0, set.count), model.classes);
}

/** Accuracy and average cross-entropy of precomputed logits (`labels.length × classes`, row-major). */
export function evaluateLogits(logits: Float64Array, labels: Uint8Array, classes: number): Evaluation {
  const count = labels.length;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const o = i * classes;
    const label = labels[i]!;
    let best = 0;
    let max = logits[o]!;
    for (let c = 1; c < classes; c++) {
      if (logits[o + c]! > max) {
        max = logits[o + c]!;
        best = c;
      }
    }
    if (best === label) correct++;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c]! - max);
    loss += Math.log(sum) - (logits[o + label]! - max);
  }
  return { count, accuracy: correct / count, meanLoss: loss / count };
}

/** A reference to one example: which pool, which row. */
export interface ExampleRef {
  readonly pool: Examples;
  readonly index: number;
}

/**
 * Adds the gradient of the average loss over `batch` into `grad` (which it zeroes first) and
 * returns that average loss.
 */
export function averageGradient(model: Classifier, batch: readonly ExampleRef[], grad: Float64Array): number {
  grad.fill(0);
  // Group the batch by pool (keeping each pool's order) so the kernel can batch over a matrix.
  const byPool = new Map<Examples, number[]>();
  for (const { pool, index } of batch) {
    const rows = byPool.get(pool);
    if (rows === undefined) byPool.set(pool, [index]);
    else rows.push(index);
  }
  let loss = 0;
  for (const [pool, rows] of byPool) {
    loss += model.accumulateGradientMany(pool.x, pool.count, pool.y, Int32Array.from(rows), grad);
  }
  const scale = 1 / batch.length;
  for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * scale;
  return loss * scale;
}

/**
 * Draws a minibatch of `batchSize` examples uniformly without replacement from the union of
 * `pools` (all of them, in order, when `batchSize` is at least the union's size).
 */
export function drawBatch(pools: readonly Examples[], batchSize: number, rng: Rng): ExampleRef[] {
  const total = pools.reduce((s, p) => s + p.count, 0);
  const refs: ExampleRef[] = [];
  if (batchSize >= total) {
    for (const pool of pools) for (let i = 0; i < pool.count; i++) refs.push({ pool, index: i });
    return refs;
  }
  // Partial Fisher–Yates over the union's global indices: only the first batchSize are needed.
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  for (let k = 0; k < batchSize; k++) {
    const j = k + rng.nextInt(total - k);
    const t = order[k]!;
    order[k] = order[j]!;
    order[j] = t;
    let g = order[k]!;
    for (const pool of pools) {
      if (g < pool.count) {
        refs.push({ pool, index: g });
        break;
      }
      g -= pool.count;
    }
  }
  return refs;
}

/** One SGD update: params ← params − stepSize · ∇(average loss over `batch`). Returns the batch's loss before the update. */
export function sgdUpdate(
  model: Classifier,
  batch: readonly ExampleRef[],
  stepSize: number,
  grad: Float64Array,
): number {
  const loss = averageGradient(model, batch, grad);
  const p = model.params;
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - stepSize * grad[i]!;
  return loss;
}

/** Options of {@link trainEpochs}. */
export interface EpochOptions {
  /** Passes over the data. */
  readonly epochs: number;
  /** Examples per update. Default 64. */
  readonly batchSize?: number;
  /** SGD learning rate. Default 0.01 (the paper's). */
  readonly stepSize?: number;
  /** Shuffles the order of every epoch. */
  readonly rng: Rng;
}

/**
 * Minibatch SGD for whole epochs over one set (reshuffled every epoch; the last batch may be
 * short). Returns the average training loss of each epoch, measured along the way.
 */
export function trainEpochs(model: Classifier, set: Examples, options: EpochOptions): number[] {
  const batchSize = options.batchSize ?? 64;
  const stepSize = options.stepSize ?? 0.01;
  const grad = new Float64Array(model.params.length);
  const order = Array.from({ length: set.count }, (_, i) => i);
  const losses: number[] = [];
  for (let e = 0; e < options.epochs; e++) {
    shuffleInPlace(order, options.rng);
    let total = 0;
    for (let start = 0; start < set.count; start += batchSize) {
      const batch = order.slice(start, start + batchSize).map((index) => ({ pool: set, index }));
      total += sgdUpdate(model, batch, stepSize, grad) * batch.length;
    }
    losses.push(total / set.count);
  }
  return losses;
}
