/**
 * Real learners behind the collaboration schemes' `Learner` contract: a classifier, every firm's
 * data pool, and the common target on which quality is measured.
 *
 * Conventions (Werner et al., Sections 3–5): a firm's model is trained only by the updates the
 * scheme asks for — `step(pools, α)` is one SGD update with learning rate α on the average loss of
 * the union of the named pools (pools are named by firm id); quality is measured on the target
 * (1 − error rate by default, 1 − normalised loss as an option) and cached until the parameters
 * change; `snapshot`/`restore` save and bring back the parameters and the cached quality, so that a
 * scheme can undo a step exactly (the low firm's step control). The minibatch generator is not
 * rewound by `restore` — like a data loader, it keeps moving — except for line searches: after an
 * undo, a step of *smaller* size from the same parameters on the same pools reuses the undone
 * step's minibatch (it continues the search along the same gradient); any other step draws a
 * fresh batch. Rewinding the generator too would make a round whose steps were all undone repeat
 * forever with the same batch (a stall we observed with the schemes' monotone-quality rule).
 *
 * Speed: schemes control step sizes by undo-and-retry, i.e. a line search along one gradient. The
 * learner remembers the last update's gradient and reuses it for such a retry (see above). For models whose
 * logits are linear in the parameters (logistic regression) it also keeps the target logits and
 * the logits of the gradient direction, so that a retry is evaluated as logits − α·direction
 * (100,000 multiply-adds for 10,000 targets) instead of a pass over the data; this equals the
 * direct evaluation up to floating-point rounding (≈1e-15 relative), and is itself deterministic.
 *
 * Capped training (`raise(pools, cap, α)`, raise.ts) is what the schemes use with these learners:
 * a round trains a private working copy for one epoch and deploys the best model found within
 * [quality, cap]; the deployed model is what `quality()`, `snapshot` and `restore` see, and the
 * working copy's state is part of the snapshot. Quality is measured on `target` (a validation set
 * in the experiments); `testQuality()` reports the deployed model on `test`.
 */
import type { Learner } from "@ftg/core";
import type { Examples } from "./dataset.js";
import type { Classifier } from "./models/classifier.js";
import { raiseWorkingCopy, type WorkState } from "./raise.js";
import { createRng, deriveSeed, type Rng, type RngState } from "./rng.js";
import {
  averageGradient,
  drawBatch,
  type Evaluation,
  evaluateLogits,
  type QualityMeasure,
  qualityOf,
  type TargetEvaluator,
} from "./train.js";

/** Options of {@link createClassifierLearner}. */
export interface ClassifierLearnerOptions {
  /** The firm's model (its parameters are trained in place). */
  readonly model: Classifier;
  /** Every pool a scheme may name, by firm id. */
  readonly pools: Readonly<Record<string, Examples>>;
  /** The set on which quality is measured and decided on (a validation set when there is one). */
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
  /** Computes the target logits (at the parameters, and for a linear model along a line search's direction). Default: `model.logitsMany`. */
  readonly evaluator?: TargetEvaluator;
  /** A held-out test set: `testQuality()` reports the deployed model's quality on it. Default none. */
  readonly test?: Examples;
  /**
   * Minibatch updates of the working copy per `raise` (one round of capped training). Default: one
   * epoch — ⌈union of the pools ÷ `raiseBatchSize`⌉.
   */
  readonly roundUpdates?: number;
  /** Minibatch size of the working copy's updates. Default 64. */
  readonly raiseBatchSize?: number;
  /**
   * Bisection steps along the segment from the deployed model to the best working model when that
   * one is above the cap. Default 20 for models linear in their parameters (the logits along the
   * segment are interpolated, no pass over the data), 8 otherwise.
   */
  readonly bisections?: number;
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
  /** Capped training (see raise.ts): always available on classifier learners. */
  raise(pools: readonly string[], cap: number, stepSize: number): boolean;
}

interface Snapshot {
  readonly tag: "ftg-ml-snapshot";
  readonly params: Float64Array;
  readonly version: number;
  readonly logits: Logits | undefined;
  readonly evaluation: Evaluation | undefined;
  readonly accuracy: number | undefined;
  readonly work: WorkState | undefined;
}

/** Target logits at one parameter version (never mutated once made). */
interface Logits {
  readonly version: number;
  readonly values: Float64Array;
}

/** The last update's work, reusable by a retry from the same state. */
interface StepMemo {
  readonly fromVersion: number;
  readonly poolsKey: string;
  /** The smallest step size tried from `fromVersion` along this gradient so far. */
  smallestTried: number;
  readonly grad: Float64Array;
  readonly loss: number;
  /** Target logits of the gradient direction (linear models only, computed on first need). */
  direction: Float64Array | undefined;
}

/**
 * Wraps a classifier as a scheme learner.
 *
 * @throws RangeError (from `step`) naming an unknown pool or a non-finite / negative step size;
 *   (from `restore`) when given something that is not this learner's snapshot
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * const sets = buildFirmData(fashionMnist);
 * const [low, high] = sets.firms.map((f) => f.examples);
 * const model = createLogisticRegression();
 * const learner = createClassifierLearner({ model, pools: { low, high }, target: sets.target });
 * const q0 = learner.quality();
 * const s = learner.snapshot();
 * learner.step(["low", "high"], 0.01);
 * learner.restore(s);
 * learner.quality() === q0 // true — the snapshot restores the parameters exactly
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
  const labels = target.y.subarray(0, target.count);
  const classes = model.classes;
  const counters = { steps: 0, evaluations: 0 };
  const warnings: string[] = [];
  let version = 0;
  let nextVersion = 1;
  let logits: Logits | undefined;
  let cached: Evaluation | undefined;
  // Accuracy alone is cheap from logits (no exponentials): line searches under the accuracy
  // measure check it thousands of times, so it is cached separately from the full evaluation.
  let cachedAccuracy: number | undefined;
  let memo: StepMemo | undefined;
  // Capped training (raise): the working copy, and every round of it computed so far — a working
  // trajectory is a function of where it started, the pools and the step size, so a run that
  // repeats one (the q_h* estimate, then the high firm's run) replays it instead of training again.
  let work: WorkState | undefined;
  const trajectories = new Map<string, WorkState>();
  let testCache: { version: number; quality: number } | undefined;

  const evaluator = options.evaluator;
  const targetLogits = (params: Float64Array | undefined): Float64Array => {
    const out = new Float64Array(target.count * classes);
    if (evaluator !== undefined) {
      evaluator.logits(params ?? model.params, out);
    } else if (params === undefined) {
      model.logitsMany(target.x, target.count, out);
    } else {
      // Evaluate at other parameters by swapping them in and back (the model is single-threaded).
      const saved = model.params.slice();
      model.params.set(params);
      model.logitsMany(target.x, target.count, out);
      model.params.set(saved);
    }
    counters.evaluations++;
    return out;
  };

  const evaluation = (): Evaluation => {
    if (cached === undefined) {
      if (logits === undefined || logits.version !== version)
        logits = { version, values: targetLogits(undefined) };
      cached = evaluateLogits(logits.values, labels, classes);
    }
    return cached;
  };

  const quality = (): number => {
    if (measure === "accuracy") {
      if (cached !== undefined) return Number.isFinite(cached.meanLoss) ? cached.accuracy : 0;
      if (cachedAccuracy === undefined) {
        if (logits === undefined || logits.version !== version) {
          logits = { version, values: targetLogits(undefined) };
        }
        cachedAccuracy = accuracyOfLogits(logits.values, labels, classes);
      }
      return Number.isFinite(cachedAccuracy) ? cachedAccuracy : 0;
    }
    const e = evaluation();
    // Non-finite parameters give NaN losses; such a model is worth nothing, not NaN.
    if (!Number.isFinite(e.meanLoss)) return 0;
    return qualityOf(e, measure, classes);
  };

  return {
    model,
    counters,
    warnings,
    evaluation,
    quality,
    step(names: readonly string[], stepSize: number): void {
      if (!(Number.isFinite(stepSize) && stepSize >= 0)) {
        throw new RangeError(`stepSize: expected a finite number ≥ 0, found ${stepSize}`);
      }
      const chosen: Examples[] = [];
      const ids: string[] = [];
      for (const name of names) {
        const pool = pools[name];
        if (pool === undefined) {
          throw new RangeError(
            `pools: unknown pool "${name}", expected one of ${Object.keys(pools).join(", ")}`,
          );
        }
        if (!chosen.includes(pool)) {
          chosen.push(pool);
          ids.push(name);
        }
      }
      if (chosen.length === 0 || stepSize === 0) return; // no data or no move: nothing changes
      const poolsKey = ids.join("\u0000");
      if (
        memo === undefined ||
        memo.fromVersion !== version ||
        memo.poolsKey !== poolsKey ||
        !(stepSize < memo.smallestTried)
      ) {
        const batch = drawBatch(chosen, batchSize, rng);
        const grad = new Float64Array(model.params.length);
        const loss = averageGradient(model, batch, grad);
        memo = { fromVersion: version, poolsKey, smallestTried: stepSize, grad, loss, direction: undefined };
      } else {
        memo.smallestTried = stepSize;
      }
      const { grad } = memo;
      let next: Logits | undefined;
      const fresh = nextVersion++;
      if (model.linearInParams && logits !== undefined && logits.version === version) {
        memo.direction ??= targetLogits(grad);
        const base = logits.values;
        const dir = memo.direction;
        const values = new Float64Array(base.length);
        for (let i = 0; i < values.length; i++) values[i] = base[i]! - stepSize * dir[i]!;
        next = { version: fresh, values };
      }
      const p = model.params;
      for (let i = 0; i < p.length; i++) p[i] = p[i]! - stepSize * grad[i]!;
      version = fresh;
      logits = next;
      cached = undefined;
      cachedAccuracy = undefined;
      counters.steps++;
      if (!Number.isFinite(memo.loss) && warnings.length === 0) {
        warnings.push(
          `non-finite training loss at update ${counters.steps} (step size ${stepSize}): the model diverged`,
        );
      }
    },
    raise(names: readonly string[], cap: number, stepSize: number): boolean {
      if (!(Number.isFinite(stepSize) && stepSize > 0)) {
        throw new RangeError(`stepSize: expected a finite number > 0, found ${stepSize}`);
      }
      const ids = [...new Set(names)].sort();
      const chosen = ids.map((name) => {
        const pool = pools[name];
        if (pool === undefined) {
          throw new RangeError(
            `pools: unknown pool "${name}", expected one of ${Object.keys(pools).join(", ")}`,
          );
        }
        return pool;
      });
      const deployedLogits = (): Float64Array => {
        if (logits === undefined || logits.version !== version)
          logits = { version, values: targetLogits(undefined) };
        return logits.values;
      };
      const outcome = raiseWorkingCopy({
        model,
        pools: chosen,
        poolsKey: ids.join("+"),
        stepSize,
        cap,
        batchSize: options.raiseBatchSize ?? 64,
        roundUpdates: options.roundUpdates,
        bisections: options.bisections ?? (model.linearInParams ? 20 : 8),
        // accuracy moves in steps of one example
        resolution: measure === "accuracy" ? 1 / target.count : 0,
        work,
        start: () => ({
          origin: version,
          rounds: 0,
          params: model.params.slice(),
          rng: createRng(deriveSeed(options.seed ?? 0, 7)).state() as RngState,
          quality: quality(),
          best: { params: model.params.slice(), quality: quality(), logits: deployedLogits() },
        }),
        trajectories,
        deployedQuality: quality(),
        deployedLogits,
        logitsAt: (params) => targetLogits(params),
        qualityOfLogits: (values) => {
          const q =
            measure === "accuracy"
              ? accuracyOfLogits(values, labels, classes)
              : qualityOf(evaluateLogits(values, labels, classes), measure, classes);
          return Number.isFinite(q) ? q : 0;
        },
        onUpdate: () => {
          counters.steps++;
        },
      });
      work = outcome.work;
      if (outcome.deploy === undefined) return false;
      model.params.set(outcome.deploy.params);
      version = nextVersion++;
      logits = { version, values: outcome.deploy.logits };
      cached = undefined;
      cachedAccuracy = measure === "accuracy" ? outcome.deploy.quality : undefined;
      return true;
    },
    ...(options.test === undefined
      ? {}
      : {
          testQuality(): number {
            const test = options.test!;
            if (testCache === undefined || testCache.version !== version) {
              const out = new Float64Array(test.count * classes);
              model.logitsMany(test.x, test.count, out);
              const e = evaluateLogits(out, test.y.subarray(0, test.count), classes);
              const q = Number.isFinite(e.meanLoss) ? qualityOf(e, measure, classes) : 0;
              testCache = { version, quality: q };
            }
            return testCache.quality;
          },
        }),
    snapshot(): Snapshot {
      return {
        tag: "ftg-ml-snapshot",
        work,
        params: model.params.slice(),

        version,
        logits,
        evaluation: cached,
        accuracy: cachedAccuracy,
      };
    },
    restore(snapshot: unknown): void {
      const s = snapshot as Partial<Snapshot> | null;
      if (
        s === null ||
        typeof s !== "object" ||
        s.tag !== "ftg-ml-snapshot" ||
        !(s.params instanceof Float64Array) ||
        s.params.length !== model.params.length ||
        s.version === undefined
      ) {
        throw new RangeError("restore: expected a snapshot taken from a learner of the same model");
      }
      model.params.set(s.params);
      version = s.version;
      logits = s.logits;
      cached = s.evaluation;
      cachedAccuracy = s.accuracy;
      work = s.work;
    },
  };
}

/** Share of rows whose largest logit is the label (first on ties); NaN if any logit is not finite. */
function accuracyOfLogits(values: Float64Array, labels: Uint8Array, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const o = i * classes;
    let best = 0;
    let max = values[o]!;
    if (!Number.isFinite(max)) return Number.NaN;
    for (let c = 1; c < classes; c++) {
      const v = values[o + c]!;
      if (!Number.isFinite(v)) return Number.NaN;
      if (v > max) {
        max = v;
        best = c;
      }
    }
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}
