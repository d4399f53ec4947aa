/**
 * The firms' skewed training sets and the common target set of the real-data experiments.
 *
 * Conventions (Werner et al., "Defection-free collaboration between competitors", Section 5):
 * each firm holds `size` training examples, a share `lowLabelShare` of them with labels
 * ≤ `labelSplit` and the rest with labels > `labelSplit` (the paper: |D| = 1,000, F̂(5) = 0.8 for
 * the low-quality firm and 0.2 for the high-quality firm); within each side, examples are drawn
 * uniformly without replacement from the training split, so firms' sets are disjoint; the target
 * is the test split (or a seeded uniform subset of it). Pre-training epochs are part of each
 * firm's specification because the paper distinguishes the firms by them (the high firm is
 * pre-trained for 10 epochs); they are used by `prepareFirms`, not here.
 *
 * Note: with F̂(5) = 0.8 and 0.2 the union of the two sets has F̂(5) = 0.5, whereas Fashion-MNIST's
 * (and MNIST's) test split has F̂(5) ≈ 0.6 — the union is close to, not distributed as, the target
 * (see docs/real-data.md).
 */
import { type Examples, labelCounts, type TrainTestImages, toExamples } from "./dataset.js";
import { createRng, deriveSeed, shuffleInPlace } from "./rng.js";

/** One firm's data and pre-training. */
export interface FirmSpec {
  /** The firm's id, which is also the name of its data pool (`"low"`, `"high"` for two firms). */
  readonly id: string;
  /** Number of training examples. */
  readonly size: number;
  /** Share of the examples with labels ≤ `labelSplit`, in [0, 1]. */
  readonly lowLabelShare: number;
  /** Epochs of SGD on the firm's own data before the scheme starts. */
  readonly preTrainEpochs: number;
}

/** Options of {@link buildFirmData}. */
export interface FirmDataOptions {
  /**
   * The firms (their number is the array's length). Default: the paper's two firms,
   * `[{ id: "low", size: 1000, lowLabelShare: 0.8, preTrainEpochs: 0 },
   *   { id: "high", size: 1000, lowLabelShare: 0.2, preTrainEpochs: 10 }]`.
   */
  readonly firms?: readonly FirmSpec[];
  /** Labels ≤ this are the "low" labels. Default 5 (the paper's F̂(5)). */
  readonly labelSplit?: number;
  /** Number of test examples in the target; default all of the test split. */
  readonly targetSize?: number;
  /** Seed of the selection. Default 0. */
  readonly seed?: number;
  /**
   * Size of a validation set drawn uniformly (seeded) from the training split's examples that no
   * firm holds — distributed as the target, disjoint from every firm's data and from the test
   * split. Schemes decide on it (quality, q_h*); the target is kept for reporting. Default 0 (none).
   */
  readonly validationSize?: number;
}

/** The paper's two firms (Section 5). */
export const PAPER_FIRMS: readonly FirmSpec[] = Object.freeze([
  Object.freeze({ id: "low", size: 1000, lowLabelShare: 0.8, preTrainEpochs: 0 }),
  Object.freeze({ id: "high", size: 1000, lowLabelShare: 0.2, preTrainEpochs: 10 }),
]);

/** One firm's training set with its realised composition. */
export interface FirmData {
  readonly spec: FirmSpec;
  readonly examples: Examples;
  /** Examples per class. */
  readonly labelCounts: readonly number[];
  /** The realised share of labels ≤ `labelSplit` (the empirical CDF F̂ at the split). */
  readonly empiricalCdfAtSplit: number;
}

/** The firms' sets and the target. */
export interface FirmDataSets {
  readonly firms: readonly FirmData[];
  readonly target: Examples;
  readonly targetLabelCounts: readonly number[];
  /** F̂(labelSplit) of the target and of the union of the firms' sets — equal when the union matches it. */
  readonly targetCdfAtSplit: number;
  readonly unionCdfAtSplit: number;
  readonly labelSplit: number;
  readonly seed: number;
  /** The validation set (`validationSize` examples of the training split no firm holds), or null. */
  readonly validation: Examples | null;
  readonly warnings: readonly string[];
}

/**
 * Builds the firms' skewed training sets (disjoint) and the target set.
 *
 * @throws RangeError naming the option when a size, share or split is invalid or the training
 *   split has too few examples on one side of the split
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * // the paper's setup: 1,000 images per firm, 80% and 20% of them with labels ≤ 5
 * const sets = buildFirmData(fashionMnist);
 * sets.firms.map((f) => f.empiricalCdfAtSplit) // [0.8, 0.2]
 * ```
 * @see Werner et al., Section 5 ("MNIST")
 */
export function buildFirmData(data: TrainTestImages, options: FirmDataOptions = {}): FirmDataSets {
  const firms = options.firms ?? PAPER_FIRMS;
  const labelSplit = options.labelSplit ?? 5;
  const seed = options.seed ?? 0;
  if (firms.length < 1) throw new RangeError("firms: expected at least one firm, found none");
  if (!Number.isInteger(labelSplit) || labelSplit < 0) {
    throw new RangeError(`labelSplit: expected a non-negative integer, found ${labelSplit}`);
  }
  const ids = new Set<string>();
  firms.forEach((f, i) => {
    if (f.id === "" || ids.has(f.id))
      throw new RangeError(`firms[${i}].id: expected a unique non-empty id, found "${f.id}"`);
    ids.add(f.id);
    if (!Number.isInteger(f.size) || f.size < 1) {
      throw new RangeError(`firms[${i}].size: expected a positive integer, found ${f.size}`);
    }
    if (!(f.lowLabelShare >= 0 && f.lowLabelShare <= 1)) {
      throw new RangeError(
        `firms[${i}].lowLabelShare: expected a number in [0, 1], found ${f.lowLabelShare}`,
      );
    }
    if (!Number.isInteger(f.preTrainEpochs) || f.preTrainEpochs < 0) {
      throw new RangeError(
        `firms[${i}].preTrainEpochs: expected a non-negative integer, found ${f.preTrainEpochs}`,
      );
    }
  });
  const rng = createRng(seed);
  const low: number[] = [];
  const high: number[] = [];
  const train = data.train;
  for (let i = 0; i < train.count; i++) (train.labels[i]! <= labelSplit ? low : high).push(i);
  shuffleInPlace(low, rng);
  shuffleInPlace(high, rng);
  const lowNeeded = firms.reduce((s, f) => s + Math.round(f.size * f.lowLabelShare), 0);
  const highNeeded = firms.reduce((s, f) => s + f.size - Math.round(f.size * f.lowLabelShare), 0);
  if (lowNeeded > low.length) {
    throw new RangeError(
      `firms: need ${lowNeeded} training examples with labels ≤ ${labelSplit}, the training split has ${low.length}`,
    );
  }
  if (highNeeded > high.length) {
    throw new RangeError(
      `firms: need ${highNeeded} training examples with labels > ${labelSplit}, the training split has ${high.length}`,
    );
  }
  let lowAt = 0;
  let highAt = 0;
  const built = firms.map((spec): FirmData => {
    const nLow = Math.round(spec.size * spec.lowLabelShare);
    const chosen = [...low.slice(lowAt, lowAt + nLow), ...high.slice(highAt, highAt + spec.size - nLow)];
    lowAt += nLow;
    highAt += spec.size - nLow;
    // Interleave the two sides so that any prefix of the set (and any minibatch) is mixed.
    shuffleInPlace(chosen, rng);
    const examples = toExamples(train, chosen);
    return {
      spec,
      examples,
      labelCounts: labelCounts(examples.y),
      empiricalCdfAtSplit: nLow / spec.size,
    };
  });
  const validationSize = options.validationSize ?? 0;
  const unused = [...low.slice(lowAt), ...high.slice(highAt)];
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize > unused.length) {
    throw new RangeError(
      `validationSize: expected an integer in [0, ${unused.length}] (training examples no firm holds), found ${validationSize}`,
    );
  }
  let validation: Examples | null = null;
  if (validationSize > 0) {
    // Its own stream, so that adding a validation set changes neither the firms nor the target.
    const picked = shuffleInPlace(unused, createRng(deriveSeed(seed, 17))).slice(0, validationSize);
    picked.sort((a, b) => a - b);
    validation = toExamples(train, picked);
  }
  const test = data.test;
  const targetSize = options.targetSize ?? test.count;
  if (!Number.isInteger(targetSize) || targetSize < 1 || targetSize > test.count) {
    throw new RangeError(`targetSize: expected an integer in [1, ${test.count}], found ${targetSize}`);
  }
  let targetIndices: number[];
  if (targetSize === test.count) {
    targetIndices = Array.from({ length: test.count }, (_, i) => i);
  } else {
    targetIndices = shuffleInPlace(
      Array.from({ length: test.count }, (_, i) => i),
      rng,
    ).slice(0, targetSize);
    targetIndices.sort((a, b) => a - b);
  }
  const target = toExamples(test, targetIndices);
  const targetLabelCounts = labelCounts(target.y);
  const cdf = (counts: readonly number[]): number => {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.slice(0, labelSplit + 1).reduce((a, b) => a + b, 0) / total;
  };
  const unionCounts = targetLabelCounts.map((_, c) => built.reduce((s, f) => s + (f.labelCounts[c] ?? 0), 0));
  const targetCdfAtSplit = cdf(targetLabelCounts);
  const unionCdfAtSplit = cdf(unionCounts);
  const warnings: string[] = [];
  if (Math.abs(targetCdfAtSplit - unionCdfAtSplit) > 0.05) {
    warnings.push(
      `the union of the firms' sets has F̂(${labelSplit}) = ${unionCdfAtSplit.toFixed(3)}, the target ${targetCdfAtSplit.toFixed(3)}: ` +
        "the pooled data is not distributed as the target",
    );
  }
  return {
    firms: built,
    target,
    targetLabelCounts,
    targetCdfAtSplit,
    unionCdfAtSplit,
    labelSplit,
    seed,
    validation,
    warnings,
  };
}
