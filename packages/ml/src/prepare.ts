/**
 * Sets up the firms of a real-data experiment: one model per firm, initialised from the seed,
 * pre-trained on the firm's own data, wrapped as a scheme learner that can see every firm's pool.
 *
 * Conventions (Werner et al., Section 5): pre-training is minibatch SGD on the firm's own set for
 * `preTrainEpochs` epochs (the paper pre-trains the high firm for 10 epochs at learning rate
 * 0.01); each firm's initial weights, pre-training order and minibatch draws come from seeds
 * derived from the one experiment seed, so the whole setup is a function of (data, options).
 */
import type { FirmDataSets } from "./firms.js";
import { type ClassifierLearner, createClassifierLearner } from "./learner.js";
import type { Classifier, ModelKind } from "./models/classifier.js";
import { createLeNet5 } from "./models/lenet5.js";
import { createLogisticRegression } from "./models/logistic.js";
import { createRng, deriveSeed, type Rng } from "./rng.js";
import type { TargetEvaluator } from "./train.js";
import { type Evaluation, type QualityMeasure, trainEpochs } from "./train.js";

/**
 * Default pre-training learning rates: the paper's 0.01 for logistic regression; 0.05 for LeNet-5,
 * which at 0.01 was still at chance after the paper's ten epochs on a firm's 1,000 Fashion-MNIST
 * examples (target accuracy 0.099; 0.34 after 20 epochs, 0.47 after 40), and at 0.05 reaches 0.43
 * (seed 0; docs/real-data.md, Finding 6). The paper's MNIST is easier.
 */
export const PRETRAIN_STEP_SIZE: Readonly<Record<ModelKind, number>> = Object.freeze({
  logistic: 0.01,
  lenet5: 0.05,
  "lenet5-tanh": 0.01,
});

/** Options of {@link prepareFirms}. */
export interface PrepareOptions {
  /** Default `"logistic"`. */
  readonly model?: ModelKind;
  /** Default `"accuracy"`. */
  readonly measure?: QualityMeasure;
  /** Seed of initialisation, pre-training order and minibatch draws. Default 0. */
  readonly seed?: number;
  /** Learning rate of pre-training. Default {@link PRETRAIN_STEP_SIZE} of the model. */
  readonly preTrainStepSize?: number;
  /** Minibatch size of pre-training. Default 64. */
  readonly preTrainBatchSize?: number;
  /** Minibatch size of single scheme updates (`step`); default the whole union of the allowed pools. */
  readonly batchSize?: number;
  /** Minibatch size of a round of training (`raise`, every scheme's round). Default 64. */
  readonly raiseBatchSize?: number;
  /** Minibatch updates per round of training. Default one epoch of the allowed pools. */
  readonly roundUpdates?: number;
  /**
   * Evaluates the target for every firm's learner (and the q_h* estimate), e.g. on several threads;
   * results are the same without it. Default: each model's own `logitsMany`.
   */
  readonly evaluator?: TargetEvaluator;
}

/** One prepared firm. */
export interface PreparedFirm {
  readonly id: string;
  readonly learner: ClassifierLearner;
  /** Average training loss of each pre-training epoch. */
  readonly preTrainLosses: readonly number[];
  /** Target accuracy and loss after pre-training. */
  readonly initial: Evaluation;
}

/**
 * Creates the firms' models and learners.
 *
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * const firms = prepareFirms(buildFirmData(fashionMnist), { model: "logistic" });
 * firms.map((f) => f.id) // ["low", "high"]
 * ```
 */
export function prepareFirms(sets: FirmDataSets, options: PrepareOptions = {}): PreparedFirm[] {
  const kind = options.model ?? "logistic";
  const seed = options.seed ?? 0;
  const pools: Record<string, FirmDataSets["target"]> = {};
  for (const f of sets.firms) pools[f.spec.id] = f.examples;
  return sets.firms.map((firm, i): PreparedFirm => {
    const model = createModel(kind, sets.target, createRng(deriveSeed(seed, 3 * i)));
    const preTrainLosses = trainEpochs(model, firm.examples, {
      epochs: firm.spec.preTrainEpochs,
      batchSize: options.preTrainBatchSize ?? 64,
      stepSize: options.preTrainStepSize ?? PRETRAIN_STEP_SIZE[kind],
      rng: createRng(deriveSeed(seed, 3 * i + 1)),
    });
    const learner = createClassifierLearner({
      model,
      pools,
      // Decisions on the validation set when there is one; the target is then the test set.
      target: sets.validation ?? sets.target,
      ...(sets.validation === null ? {} : { test: sets.target }),
      ...(options.raiseBatchSize === undefined ? {} : { raiseBatchSize: options.raiseBatchSize }),
      ...(options.roundUpdates === undefined ? {} : { roundUpdates: options.roundUpdates }),
      measure: options.measure ?? "accuracy",
      seed: deriveSeed(seed, 3 * i + 2),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.evaluator === undefined ? {} : { evaluator: options.evaluator }),
    });
    return { id: firm.spec.id, learner, preTrainLosses, initial: learner.evaluation() };
  });
}

/** Creates an initialised classifier of the given kind for examples shaped like `like`. */
export function createModel(kind: ModelKind, like: { rows: number; cols: number }, rng: Rng): Classifier {
  switch (kind) {
    case "logistic":
      return createLogisticRegression({ inputDim: like.rows * like.cols, rng });
    case "lenet5":
      return createLeNet5({ rows: like.rows, cols: like.cols, rng });
    case "lenet5-tanh":
      return createLeNet5({ rows: like.rows, cols: like.cols, rng, activation: "tanh" });
  }
}
