/**
 * Real learners behind the collaboration schemes' `Learner` contract: a classifier, every firm's
 * data pool, and the common target on which quality is measured.
 *
 * Conventions (Werner et al., Sections 3–5): a firm's model is trained only by the updates the
 * scheme asks for — `step(pools, α)` is one SGD update with learning rate α on the average loss of
 * the union of the named pools (pools are named by firm id); quality is measured on the target
 * (1 − error rate by default, 1 − normalised loss as an option) and cached until the parameters
 * change; `snapshot`/`restore` save and bring back the parameters, the minibatch generator and the
 * cached quality, so that a scheme can undo a step exactly (the low firm's step control).
 */
import type { Learner } from "@ftg/core";
import type { Examples } from "./dataset.js";
import type { Classifier } from "./models/classifier.js";
import { createRng, type Rng, type RngState } from "./rng.js";
import { drawBatch, type Evaluation, evaluate, type QualityMeasure, qualityOf, sgdUpdate } from "./train.js";

/** Options of {@link createClassifierLearner}. */
export interface ClassifierLearnerOptions {
  /** The firm's model (its parameters are trained in place). */
  readonly model: Classifier;
  /** Every pool a scheme may name, by firm id. */
  readonly pools: Readonly<Record<string, Examples>>;
  /** The common target on which quality is measured. */
  readonly target: Examples;
  /** Default `"accuracy"` (1 − error rate, the paper's choice). */
  readonly measure?: QualityMeasure;
  /**
   * Examples per update, drawn without replacement from the union of the allowed pools. Default:
   * the whole union (full-batch gradient descent, the setting of the paper's theory).
   */
  readonly batchSize?: number;
  /** Seed of the minibatch draws. Default 0. */
  readonly seed?: number;
}

/** A scheme `Learner` (@ftg/core, collaboration/learner.ts) with its evaluation and bookkeeping exposed for recording. */
export interface ClassifierLearner extends Learner {
  readonly model: Classifier;
  /** Accuracy and loss on the target (cached like the quality). */
  evaluation(): Evaluation;
  /** Updates performed so far, evaluations of the target performed so far. */
  readonly counters: { readonly steps: number; readonly evaluations: number };
  /** Problems met while training (non-finite parameters), as data. */
  readonly warnings: readonly string[];
}

interface Snapshot {
  readonly tag: "ftg-ml-snapshot";
  readonly params: Float64Array;
  readonly rng: RngState;
  readonly evaluation: Evaluation | undefined;
}

/**
 * Wraps a classifier as a scheme learner.
 *
 * @throws RangeError (from `step`) naming an unknown pool or a non-finite / negative step size;
 *   (from `restore`) when given something that is not this learner's snapshot
 * @example
 * ```ts
 * const learner = createClassifierLearner({ model, pools: { low, high }, target });
 * const q0 = learner.quality();
 * const s = learner.snapshot();
 * learner.step(["low", "high"], 0.01);
 * learner.restore(s);
 * learner.quality() === q0; // true: the snapshot restores the parameters exactly
 * ```
 */
export function createClassifierLearner(options: ClassifierLearnerOptions): ClassifierLearner {
  const { model, pools, target } = options;
  const measure = options.measure ?? "accuracy";
  const batchSize = options.batchSize ?? Number.POSITIVE_INFINITY;
  if (!(batchSize >= 1)) throw new RangeError(`batchSize: expected a number ≥ 1, found ${batchSize}`);
  for (const [id, pool] of Object.entries(pools)) {
    if (pool.dim !== model.inputDim) {
      throw new RangeError(`pools.${id}: expected ${model.inputDim} features per example, found ${pool.dim}`);
    }
  }
  if (target.dim !== model.inputDim) {
    throw new RangeError(`target: expected ${model.inputDim} features per example, found ${target.dim}`);
  }
  const rng: Rng = createRng(options.seed ?? 0);
  const grad = new Float64Array(model.params.length);
  const counters = { steps: 0, evaluations: 0 };
  const warnings: string[] = [];
  let cached: Evaluation | undefined;

  const evaluation = (): Evaluation => {
    if (cached === undefined) {
      cached = evaluate(model, target);
      counters.evaluations++;
    }
    return cached;
  };

  return {
    model,
    counters,
    warnings,
    evaluation,
    quality(): number {
      const e = evaluation();
      // Non-finite parameters give NaN losses; such a model is worth nothing, not NaN.
      if (!Number.isFinite(e.meanLoss)) return 0;
      return qualityOf(e, measure, model.classes);
    },
    step(names: readonly string[], stepSize: number): void {
      if (!(Number.isFinite(stepSize) && stepSize >= 0)) {
        throw new RangeError(`stepSize: expected a finite number ≥ 0, found ${stepSize}`);
      }
      const chosen: Examples[] = [];
      for (const name of names) {
        const pool = pools[name];
        if (pool === undefined) {
          throw new RangeError(
            `pools: unknown pool "${name}", expected one of ${Object.keys(pools).join(", ")}`,
          );
        }
        if (!chosen.includes(pool)) chosen.push(pool);
      }
      if (chosen.length === 0 || stepSize === 0) return; // no data or no move: nothing changes
      const batch = drawBatch(chosen, batchSize, rng);
      const loss = sgdUpdate(model, batch, stepSize, grad);
      counters.steps++;
      cached = undefined;
      if (!Number.isFinite(loss) && warnings.length === 0) {
        warnings.push(
          `non-finite training loss at update ${counters.steps} (step size ${stepSize}): the model diverged`,
        );
      }
    },
    snapshot(): Snapshot {
      return { tag: "ftg-ml-snapshot", params: model.params.slice(), rng: rng.state(), evaluation: cached };
    },
    restore(snapshot: unknown): void {
      const s = snapshot as Partial<Snapshot> | null;
      if (
        s === null ||
        typeof s !== "object" ||
        s.tag !== "ftg-ml-snapshot" ||
        !(s.params instanceof Float64Array) ||
        s.params.length !== model.params.length ||
        s.rng === undefined
      ) {
        throw new RangeError("restore: expected a snapshot taken from a learner of the same model");
      }
      model.params.set(s.params);
      rng.setState(s.rng);
      cached = s.evaluation;
    },
  };
}
