/**
 * The authors' script, as it runs (`collab-train --protocol paper`): mwerner28/
 * defection-free-collaborative-learning, `mnist_dfcl.py`, on any IDX data set.
 *
 * Conventions (the script, not the paper's Algorithm 1): firm data are "slices" — firm f with
 * proportions (a, b) shuffles the first ⌊a·N⌋ training images with labels ≤ 5 together with the
 * first ⌊b·N⌋ with labels > 5 (N the training split's size) and keeps `size` of them, so the two
 * firms' sets may overlap and their realised label shares are not a and b; inputs are
 * standardised with MNIST's mean 0.1307 and deviation 0.3081; the model is LeNet-5 with tanh; the
 * high firm is pre-trained 10 epochs on its own data. A round is one epoch per firm at learning
 * rate 0.01 with batches of 256: a sharing firm steps on the mean of the losses of one batch from
 * each firm's loader (zipped, so as many steps as the shorter loader has batches), a firm alone on
 * its own batches. Quality is 1 − error rate on the whole test split (no validation split). The
 * defection-free scheme trains only the high firm: the low firm's quality is *set* to
 * B(ρ_{t−1}, q_{h,t}/q_{h,t−1})·q_{h,t} — Algorithm 1's cap, by the printed formula — whenever
 * ρ_{t−1} ≤ ρ* and q_{l,t−1} ≤ ρ*·max_qh, with max_qh = 1 (q_h* = 1 for the Nash target), and
 * kept otherwise; no model reaches that quality. Roles are the firms' names (the script does not
 * check which model starts better).
 */
import {
  marketRevenues,
  nashTarget,
  type RoundRecord,
  type Scheme,
  type SchemeRun,
  schemeVerdict,
  signedNashProduct,
  thresholdBAsPrinted,
  uniformConsumers,
} from "@ftg/core";
import { type Examples, labelCounts, type TrainTestImages, toExamples } from "./dataset.js";
import type { ExperimentHooks, ExperimentResult, ExperimentRun } from "./experiment.js";
import type { FirmDataSets } from "./firms.js";
import type { Classifier, ModelKind } from "./models/classifier.js";
import { createModel } from "./prepare.js";
import { createRng, deriveSeed, type Rng, shuffleInPlace } from "./rng.js";
import type { TargetEvaluator } from "./train.js";
import { averageGradient, evaluate, trainEpochs } from "./train.js";

/** MNIST's pixel mean and deviation, which the script uses to standardise inputs. */
export const PAPER_NORMALISATION = Object.freeze({ mean: 0.1307, std: 0.3081 });

/** Options of {@link runPaperExperiment}; defaults are the script's. */
export interface PaperOptions {
  /** Default "lenet5-tanh" (the script's LeNet). */
  readonly model?: ModelKind;
  /** Default all four. */
  readonly schemes?: readonly Scheme[];
  /** Default 200. */
  readonly rounds?: number;
  /** Learning rate of every update. Default 0.01. */
  readonly stepSize?: number;
  /** Batch size of every loader. Default 256. */
  readonly batchSize?: number;
  /** Examples per firm. Default 1000. */
  readonly firmSize?: number;
  /** Pre-training epochs (low, high). Default [0, 10]. */
  readonly preTrain?: readonly [number, number];
  /** Labels ≤ this are the low labels. Default 5. */
  readonly labelSplit?: number;
  /** Test examples evaluated (a seeded subset); default the whole test split. */
  readonly targetSize?: number;
  /** Default 0. */
  readonly seed?: number;
  readonly evaluator?: TargetEvaluator;
}

/** The script's slices: (low-label share, high-label share) of the training split per firm. */
const PROPS: readonly (readonly [number, number])[] = [
  [0.8, 0.2],
  [0.2, 0.8],
];

function standardise(e: Examples): Examples {
  const { mean, std } = PAPER_NORMALISATION;
  const x = new Float32Array(e.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (e.x[i]! - mean) / std;
  return { ...e, x };
}

/** The firms' sets and the target, built as the script builds them (see the module comment). */
export function paperFirmData(data: TrainTestImages, options: PaperOptions = {}): FirmDataSets {
  const seed = options.seed ?? 0;
  const split = options.labelSplit ?? 5;
  const size = options.firmSize ?? 1000;
  const pre = options.preTrain ?? [0, 10];
  const train = data.train;
  const low: number[] = [];
  const high: number[] = [];
  for (let i = 0; i < train.count; i++) (train.labels[i]! <= split ? low : high).push(i);
  const ids = ["low", "high"] as const;
  const firms = ids.map((id, f) => {
    const [a, b] = PROPS[f]!;
    const pool = [
      ...low.slice(0, Math.floor(a * train.count)),
      ...high.slice(0, Math.floor(b * train.count)),
    ];
    if (pool.length < size) {
      throw new RangeError(`firmSize: expected at most ${pool.length} (firm ${id}'s slice), found ${size}`);
    }
    const chosen = shuffleInPlace(pool, createRng(deriveSeed(seed, 40 + f))).slice(0, size);
    const examples = standardise(toExamples(train, chosen));
    const counts = labelCounts(examples.y);
    const share = counts.slice(0, split + 1).reduce((s, c) => s + c, 0) / size;
    return {
      spec: { id, size, lowLabelShare: share, preTrainEpochs: pre[f]! },
      examples,
      labelCounts: counts,
      empiricalCdfAtSplit: share,
    };
  });
  const test = data.test;
  const targetSize = options.targetSize ?? test.count;
  if (!Number.isInteger(targetSize) || targetSize < 1 || targetSize > test.count) {
    throw new RangeError(`targetSize: expected an integer in [1, ${test.count}], found ${targetSize}`);
  }
  const indices =
    targetSize === test.count
      ? Array.from({ length: test.count }, (_, i) => i)
      : shuffleInPlace(
          Array.from({ length: test.count }, (_, i) => i),
          createRng(deriveSeed(seed, 42)),
        )
          .slice(0, targetSize)
          .sort((x, y) => x - y);
  const target = standardise(toExamples(test, indices));
  const targetLabelCounts = labelCounts(target.y);
  const cdf = (c: readonly number[]) =>
    c.slice(0, split + 1).reduce((s, v) => s + v, 0) / c.reduce((s, v) => s + v, 0);
  const union = targetLabelCounts.map((_, c) => firms.reduce((s, f) => s + (f.labelCounts[c] ?? 0), 0));
  return {
    firms,
    target,
    targetLabelCounts,
    targetCdfAtSplit: cdf(targetLabelCounts),
    unionCdfAtSplit: cdf(union),
    labelSplit: split,
    seed,
    validation: null,
    warnings: [],
  };
}

/** One epoch of a sharing firm: per zipped pair of batches, a step on the mean of the two losses. */
function shareEpoch(
  model: Classifier,
  sets: readonly Examples[],
  step: number,
  batch: number,
  rng: Rng,
): void {
  const orders = sets.map((s) =>
    shuffleInPlace(
      Array.from({ length: s.count }, (_, i) => i),
      rng,
    ),
  );
  const steps = Math.min(...sets.map((s) => Math.ceil(s.count / batch)));
  const grad = new Float64Array(model.params.length);
  const sum = new Float64Array(model.params.length);
  const p = model.params;
  for (let k = 0; k < steps; k++) {
    sum.fill(0);
    sets.forEach((set, f) => {
      const rows = orders[f]!.slice(k * batch, (k + 1) * batch).map((index) => ({ pool: set, index }));
      averageGradient(model, rows, grad);
      for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + grad[i]! / sets.length;
    });
    for (let i = 0; i < p.length; i++) p[i] = p[i]! - step * sum[i]!;
  }
}

/**
 * Runs the script's schemes (see the module comment) and returns them as an experiment result
 * (the record, figures and checks of `collab-train` read it like any other).
 */
export function runPaperExperiment(
  sets: FirmDataSets,
  options: PaperOptions = {},
  hooks: ExperimentHooks = {},
): ExperimentResult {
  const kind = options.model ?? "lenet5-tanh";
  const rounds = options.rounds ?? 200;
  const step = options.stepSize ?? 0.01;
  const batch = options.batchSize ?? 256;
  const seed = options.seed ?? 0;
  const consumers = uniformConsumers();
  const [lowSet, highSet] = sets.firms.map((f) => f.examples) as [Examples, Examples];
  const quality = (m: Classifier): number => {
    const e = evaluate(m, sets.target, options.evaluator);
    return Number.isFinite(e.meanLoss) ? e.accuracy : 0;
  };
  // initialize_models: each firm from its own initialisation, pre-trained on its own loader
  const start = sets.firms.map((f, i) => {
    const model = createModel(kind, sets.target, createRng(deriveSeed(seed, 3 * i)));
    const preTrainLosses = trainEpochs(model, f.examples, {
      epochs: f.spec.preTrainEpochs,
      batchSize: batch,
      stepSize: step,
      rng: createRng(deriveSeed(seed, 3 * i + 1)),
    });
    const e = evaluate(model, sets.target, options.evaluator);
    return { id: f.spec.id, model, preTrainLosses, e };
  });
  const params0 = start.map((s) => s.model.params.slice());
  const q0 = { low: start[0]!.e.accuracy, high: start[1]!.e.accuracy };
  const target = nashTarget({ initial: q0, maxQuality: 1, consumers }).value;
  const warnings: string[] = [...sets.warnings];
  if (q0.low > q0.high) {
    warnings.push(
      `firm "low" starts with the better model (${q0.low} > ${q0.high}); the script keeps the names as roles`,
    );
  }
  const setup = {
    model: kind,
    stepSize: { value: step, smoothness: null },
    preTrainStepSize: step,
    measure: "accuracy" as const,
    seed,
    start: start.map((s) => ({
      id: s.id,
      quality: s.e.accuracy,
      accuracy: s.e.accuracy,
      meanLoss: s.e.meanLoss,
      preTrainLosses: s.preTrainLosses,
    })),
    roles: { low: "low", high: "high" },
    maxQuality: { value: 1, method: "given" as const, curve: [], warnings: [] },
    warnings,
  };
  hooks.onSetup?.(setup);
  const [u0l, u0h] = marketRevenues([q0.low, q0.high], consumers) as [number, number];
  const recordOf = (round: number, ql: number, qh: number, threshold: number | null): RoundRecord => {
    const [ul, uh] = marketRevenues([ql, qh], consumers) as [number, number];
    return {
      round,
      ql,
      qh,
      revenueLow: ul,
      revenueHigh: uh,
      rho: qh > 0 ? ql / qh : Number.NaN,
      nash: signedNashProduct([ul - u0l, uh - u0h]),
      threshold,
      qlTest: null,
      qhTest: null,
    };
  };
  const runs: ExperimentRun[] = [];
  const schemes =
    options.schemes ?? (["defection-free", "complete", "one-sided-low", "one-sided-high"] as const);
  schemes.forEach((scheme, k) => {
    hooks.onUpdate?.({ phase: scheme, firm: "", updates: 0, evaluations: 0 });
    const [lowModel, highModel] = start.map((s) => s.model) as [Classifier, Classifier];
    lowModel.params.set(params0[0]!);
    highModel.params.set(params0[1]!);
    const rng = createRng(deriveSeed(seed, 100 + k));
    const trajectory: RoundRecord[] = [recordOf(0, q0.low, q0.high, null)];
    const runWarnings: string[] = [];
    for (let t = 1; t <= rounds; t++) {
      const prev = trajectory[t - 1]!;
      let ql = prev.ql;
      let qh = prev.qh;
      let threshold: number | null = null;
      const alone = (m: Classifier, set: Examples) =>
        trainEpochs(m, set, { epochs: 1, batchSize: batch, stepSize: step, rng });
      if (scheme === "defection-free") {
        shareEpoch(highModel, [lowSet, highSet], step, batch, rng);
        qh = quality(highModel);
        if (prev.rho <= target.rho && prev.ql <= target.rho * 1) {
          const cap = thresholdBAsPrinted(prev.rho, qh / prev.qh) * qh;
          threshold = cap;
          if (Number.isFinite(cap)) ql = cap;
          else if (runWarnings.length === 0)
            runWarnings.push(`round ${t}: the cap formula has no real value (q_h fell); q_l kept`);
        }
      } else {
        // Who trains on both firms' data: both (complete), the high firm when only the low firm
        // shares its data, the low firm when only the high firm does (Section 3.3). The script's
        // share_firm names the firm whose model trains on both; it updates that one first.
        if (scheme === "complete") {
          shareEpoch(highModel, [lowSet, highSet], step, batch, rng);
          shareEpoch(lowModel, [lowSet, highSet], step, batch, rng);
        } else if (scheme === "one-sided-low") {
          shareEpoch(highModel, [lowSet, highSet], step, batch, rng);
          alone(lowModel, lowSet);
        } else {
          shareEpoch(lowModel, [lowSet, highSet], step, batch, rng);
          alone(highModel, highSet);
        }
        qh = quality(highModel);
        ql = quality(lowModel);
      }
      const rec = recordOf(t, ql, qh, threshold);
      trajectory.push(rec);
      hooks.onRound?.({ phase: scheme, round: t, rounds, record: rec });
    }
    const verdict = schemeVerdict(trajectory, target);
    const run: SchemeRun = {
      scheme,
      roles: { low: "low", high: "high" },
      target,
      trajectory,
      verdict,
      warnings: runWarnings,
    };
    const done: ExperimentRun = { kind: "two-firm", run, counters: {} };
    runs.push(done);
    hooks.onRun?.(done);
  });
  return { ...setup, runs };
}
