/**
 * The real-data experiment of the paper's Section 5: the collaboration schemes of @ftg/core run
 * with real learners on skewed firm data, from one common starting point.
 *
 * Conventions (Werner et al., Sections 3–5, Algorithm 1, Appendix B): the firms' models are set up
 * once (initialised from the seed, pre-trained on their own data) and every scheme starts from
 * exactly that state (learner snapshots restore parameters and generators), so schemes are
 * compared on the same starting qualities. Two firms run any of the four schemes (`runScheme`);
 * three or more run Appendix B's defection-free protocol (`runNFirmProtocol`). q_h* — the best
 * attainable quality of Proposition 2, which the schemes need to compute the Nash bargaining
 * target — is either given or estimated as the best quality the best firm's working copy reaches
 * on the union of all pools in the run's rounds (`estimateMaxQuality`; the learner replays that
 * trajectory in the run). Each round every firm trains a working copy for one epoch and deploys
 * the best model within its cap (`Learner.raise`, raise.ts). Quality is measured on the
 * validation set when the data have one, the target (test) set being reported beside it.
 * Everything is a function of (data, options): no clock, no Math.random.
 */
import {
  type Learner,
  type NFirmRound,
  type NFirmRun,
  type RoundRecord,
  rolesByQuality,
  runNFirmProtocol,
  runScheme,
  type Scheme,
  type SchemeOptions,
  type SchemeRun,
} from "@ftg/core";
import type { Examples } from "./dataset.js";
import type { FirmDataSets } from "./firms.js";
import type { ClassifierLearner } from "./learner.js";
import type { ModelKind } from "./models/classifier.js";
import { PRETRAIN_STEP_SIZE, type PreparedFirm, type PrepareOptions, prepareFirms } from "./prepare.js";
import type { QualityMeasure } from "./train.js";

/** How q_h* is obtained. */
export type MaxQualitySpec =
  | { readonly method: "given"; readonly value: number }
  | {
      readonly method: "estimate";
      /**
       * Rounds of training of the best firm's working copy on the union of all pools (one epoch
       * each by default; see {@link estimateMaxQuality}). Default: the run's rounds.
       */
      readonly epochs?: number;
      /** Learning rate. Default: the run's step size. */
      readonly stepSize?: number;
    };

/** Options of {@link runExperiment}. */
export interface ExperimentOptions extends PrepareOptions {
  /** Schemes to run (two firms). Default all four. Ignored for three or more firms (defection-free only). */
  readonly schemes?: readonly Scheme[];
  /** Rounds T. Default 200. */
  readonly rounds?: number;
  /**
   * Base step size of the schemes' updates. Default: 1/L for logistic regression (Algorithm 1,
   * line 3: α ≤ 1/L, with L from {@link logisticSmoothness} on the union of the pools); 0.05 for
   * LeNet-5.
   */
  readonly stepSize?: number;
  /** q_h*. Default `{ method: "estimate" }`. */
  readonly maxQuality?: MaxQualitySpec;
  /** Passed to the schemes (pacing, backtracking, tolerances); rounds and stepSize are set above, progress goes through the hooks. */
  readonly schemeOptions?: Omit<SchemeOptions, "rounds" | "stepSize" | "onRound">;
}

/** Progress notices, for surfaces that show a progress bar. They observe the run and cannot change it. */
export interface ExperimentHooks {
  /** Called after every model update of a scheme run and before each run starts (`updates` 0). */
  readonly onUpdate?: (event: {
    readonly phase: string;
    readonly firm: string;
    readonly updates: number;
    readonly evaluations: number;
  }) => void;
  /** Called after every round of a scheme run (`phase` is the scheme), with the round, T and the round's record. */
  readonly onRound?: (event: {
    readonly phase: string;
    readonly round: number;
    readonly rounds: number;
    readonly record: RoundRecord | NFirmRound;
  }) => void;
  /** Called when a scheme's run is complete (e.g. to save it before the next one starts). */
  readonly onRun?: (run: ExperimentRun) => void;
  /** Called once the firms are set up and q_h* is known, before the first scheme runs. */
  readonly onSetup?: (setup: ExperimentSetup) => void;
}

/** Everything of an experiment's result but its runs. */
export type ExperimentSetup = Omit<ExperimentResult, "runs">;

/** q_h* and how it was obtained. */
export interface MaxQualityResult {
  readonly value: number;
  readonly method: "given" | "estimate";
  /** Target quality after each epoch of the estimate (empty when given). */
  readonly curve: readonly number[];
  readonly warnings: readonly string[];
}

/** Per firm: the starting point of every scheme. */
export interface FirmStart {
  readonly id: string;
  readonly quality: number;
  readonly accuracy: number;
  readonly meanLoss: number;
  readonly preTrainLosses: readonly number[];
}

/** One scheme's run with the learners' work counters. */
export type ExperimentRun =
  | {
      readonly kind: "two-firm";
      readonly run: SchemeRun;
      readonly counters: Readonly<Record<string, { readonly steps: number; readonly evaluations: number }>>;
    }
  | {
      readonly kind: "n-firm";
      readonly run: NFirmRun;
      readonly counters: Readonly<Record<string, { readonly steps: number; readonly evaluations: number }>>;
    };

/** The experiment's outcome. */
export interface ExperimentResult {
  readonly model: ModelKind;
  /** The base step size used, and L when it was derived from it (logistic regression). */
  readonly stepSize: { readonly value: number; readonly smoothness: number | null };
  /** The learning rate of the firms' pre-training. */
  readonly preTrainStepSize: number;
  readonly measure: QualityMeasure;
  readonly seed: number;
  readonly start: readonly FirmStart[];
  /**
   * Two firms: the id of the firm that plays each role of the schemes. Roles go by starting
   * quality (Section 2: the low firm is the one with the worse model), so a firm whose model starts
   * better than the other's plays "high" whatever its id. Null for three or more firms.
   */
  readonly roles: { readonly low: string; readonly high: string } | null;
  readonly maxQuality: MaxQualityResult;
  readonly runs: readonly ExperimentRun[];
  readonly warnings: readonly string[];
}

/**
 * An upper bound L on the smoothness constant of the average softmax cross-entropy of logistic
 * regression over `set`: the Hessian is (diag p − ppᵀ) ⊗ x̃x̃ᵀ averaged, and ‖diag p − ppᵀ‖ ≤ ½, so
 * L ≤ ½·λ_max(mean x̃x̃ᵀ) with x̃ = (x, 1). λ_max by power iteration from the all-ones vector
 * (deterministic) until the relative change is below 1e-9 or 500 iterations; the iteration
 * approaches λ_max from below, so the result is rounded up by that tolerance.
 */
export function logisticSmoothness(set: Examples): number {
  const d = set.dim + 1;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < set.count; i++) {
      const o = i * set.dim;
      let s = v[set.dim]!;
      for (let j = 0; j < set.dim; j++) s += set.x[o + j]! * v[j]!;
      for (let j = 0; j < set.dim; j++) w[j] = w[j]! + s * set.x[o + j]!;
      w[set.dim] = w[set.dim]! + s;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) {
      w[j] = w[j]! / set.count;
      norm += w[j]! * w[j]!;
    }
    norm = Math.sqrt(norm);
    const done = Math.abs(norm - lambda) <= 1e-9 * norm;
    lambda = norm;
    v = w.map((x) => x / norm);
    if (done) break;
  }
  return 0.5 * lambda * (1 + 1e-9);
}

/** The union of several example sets as one set (copies). */
export function concatExamples(sets: readonly Examples[]): Examples {
  const first = sets[0];
  if (first === undefined) throw new RangeError("sets: expected at least one set, found none");
  const count = sets.reduce((s, e) => s + e.count, 0);
  const x = new Float32Array(count * first.dim);
  const y = new Uint8Array(count);
  const source = new Int32Array(count);
  let at = 0;
  for (const e of sets) {
    if (e.dim !== first.dim)
      throw new RangeError(`sets: expected ${first.dim} features per example, found ${e.dim}`);
    x.set(e.x.subarray(0, e.count * e.dim), at * first.dim);
    y.set(e.y.subarray(0, e.count), at);
    source.set(e.source.subarray(0, e.count), at);
    at += e.count;
  }
  return { count, dim: first.dim, rows: first.rows, cols: first.cols, x, y, source };
}

/**
 * Estimates q_h* = max_x q(x) (Proposition 2) as the best quality the best firm's working copy
 * reaches in `rounds` rounds of capped training without a cap on the union of all pools — the
 * very trajectory its defection-free run trains (same start, batches, step size), which the
 * learner remembers and replays, so the run's high firm can reach q_h* exactly and the estimate
 * costs no training twice. `curve` is the best quality after each round. Restores the learner.
 */
export function estimateMaxQuality(
  firms: readonly PreparedFirm[],
  options: { readonly rounds: number; readonly stepSize: number },
): MaxQualityResult {
  const best = firms.reduce((a, b) => (b.learner.quality() > a.learner.quality() ? b : a));
  const pools = firms.map((f) => f.id);
  const snap = best.learner.snapshot();
  const curve: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    best.learner.raise(pools, Number.POSITIVE_INFINITY, options.stepSize);
    curve.push(best.learner.quality());
  }
  best.learner.restore(snap);
  const value = Math.max(best.learner.quality(), ...curve);
  const warnings: string[] = [];
  const last = curve.length - 1;
  const tail = Math.max(0, Math.floor(0.9 * curve.length) - 1);
  if (last >= 1 && curve[last]! > curve[tail]!) {
    warnings.push(
      `q_h* estimate still rising in the last tenth of its ${options.rounds} rounds (${value}); more rounds may raise it`,
    );
  }
  return { value, method: "estimate", curve, warnings };
}

/** The learner as a scheme sees it: counts its work and reports every update. */
function counting(
  learner: ClassifierLearner,
  phase: string,
  firm: string,
  hooks: ExperimentHooks,
): { learner: Learner; counters: () => { steps: number; evaluations: number } } {
  const steps0 = learner.counters.steps;
  const evals0 = learner.counters.evaluations;
  const counters = () => ({
    steps: learner.counters.steps - steps0,
    evaluations: learner.counters.evaluations - evals0,
  });
  const report = (): void => {
    const c = counters();
    hooks.onUpdate?.({ phase, firm, updates: c.steps, evaluations: c.evaluations });
  };
  const testQuality = learner.testQuality;
  return {
    counters,
    learner: {
      quality: () => learner.quality(),
      step(pools, stepSize) {
        learner.step(pools, stepSize);
        report();
      },
      raise(pools, cap, stepSize) {
        const moved = learner.raise(pools, cap, stepSize);
        report();
        return moved;
      },
      ...(testQuality === undefined ? {} : { testQuality: () => testQuality.call(learner) }),
      snapshot: () => learner.snapshot(),
      restore: (s) => learner.restore(s),
    },
  };
}

/**
 * Sets up the firms and runs the schemes.
 *
 * @example
 * ```ts
 * // fashionMnist: the images `await loadFashionMnist()` returns (from "@ftg/ml/node")
 * const sets = buildFirmData(fashionMnist);
 * const result = runExperiment(sets, { schemes: ["defection-free"], rounds: 20 });
 * result.runs[0].run.verdict.anyLoss // false — no firm ever lost revenue
 * ```
 * @see Werner et al., Section 5 and Algorithm 1
 */
export function runExperiment(
  sets: FirmDataSets,
  options: ExperimentOptions = {},
  hooks: ExperimentHooks = {},
): ExperimentResult {
  const kind = options.model ?? "logistic";
  const measure = options.measure ?? "accuracy";
  const seed = options.seed ?? 0;
  const rounds = options.rounds ?? 200;
  const smoothness =
    kind === "logistic" ? logisticSmoothness(concatExamples(sets.firms.map((f) => f.examples))) : null;
  const stepSize = options.stepSize ?? (smoothness === null ? 0.05 : 1 / smoothness);
  const preTrainStepSize = options.preTrainStepSize ?? PRETRAIN_STEP_SIZE[kind];
  const firms = prepareFirms(sets, { ...options, model: kind, measure, seed, preTrainStepSize });
  const start: FirmStart[] = firms.map((f) => ({
    id: f.id,
    quality: f.learner.quality(),
    accuracy: f.initial.accuracy,
    meanLoss: f.initial.meanLoss,
    preTrainLosses: f.preTrainLosses,
  }));
  const spec = options.maxQuality ?? { method: "estimate" };
  const maxQuality: MaxQualityResult =
    spec.method === "given"
      ? { value: spec.value, method: "given", curve: [], warnings: [] }
      : estimateMaxQuality(firms, { rounds: spec.epochs ?? rounds, stepSize: spec.stepSize ?? stepSize });
  const snapshots = firms.map((f) => f.learner.snapshot());
  const warnings: string[] = [...sets.warnings, ...maxQuality.warnings];
  const runs: ExperimentRun[] = [];
  const schemeOptions = { ...options.schemeOptions, rounds, stepSize };
  let roles: ExperimentResult["roles"] = null;
  if (firms.length === 2) {
    const [a, b] = firms as [PreparedFirm, PreparedFirm];
    if (a.id !== "low" || b.id !== "high") {
      throw new RangeError(
        `firms: the two-firm schemes need ids "low" and "high", found "${a.id}", "${b.id}"`,
      );
    }
    // Roles go by starting quality, in the core (runScheme): with the paper's pre-training the
    // "high" firm can start below the untrained "low" one, and the firms then swap roles, each
    // still training on its own pool.
    roles = rolesByQuality({ low: a.learner.quality(), high: b.learner.quality() });
    if (roles.low !== "low") {
      warnings.push(
        `firm "${a.id}" starts with the better model (${a.learner.quality()} > ${b.learner.quality()}): it plays the high-quality role of the schemes and "${b.id}" the low one (the trajectory's low/high columns are roles)`,
      );
    }
    hooks.onSetup?.({
      model: kind,
      stepSize: { value: stepSize, smoothness },
      preTrainStepSize,
      measure,
      seed,
      start,
      roles,
      maxQuality,
      warnings: [...warnings],
    });
    for (const scheme of options.schemes ??
      (["defection-free", "complete", "one-sided-low", "one-sided-high"] as const)) {
      firms.forEach((f, i) => {
        f.learner.restore(snapshots[i]);
      });
      hooks.onUpdate?.({ phase: scheme, firm: "", updates: 0, evaluations: 0 });
      const low = counting(a.learner, scheme, a.id, hooks);
      const high = counting(b.learner, scheme, b.id, hooks);
      const run = runScheme(
        { learners: { low: low.learner, high: high.learner }, maxQuality: maxQuality.value },
        scheme,
        {
          ...schemeOptions,
          ...(hooks.onRound === undefined
            ? {}
            : {
                onRound: (r, n) => hooks.onRound?.({ phase: scheme, round: r.round, rounds: n, record: r }),
              }),
        },
      );
      // Counters by firm id (the trajectory is by role: run.roles says which firm plays which).
      const done: ExperimentRun = {
        kind: "two-firm",
        run,
        counters: { [a.id]: low.counters(), [b.id]: high.counters() },
      };
      runs.push(done);
      hooks.onRun?.(done);
    }
  } else {
    const phase = "defection-free";
    hooks.onSetup?.({
      model: kind,
      stepSize: { value: stepSize, smoothness },
      preTrainStepSize,
      measure,
      seed,
      start,
      roles,
      maxQuality,
      warnings: [...warnings],
    });
    hooks.onUpdate?.({ phase, firm: "", updates: 0, evaluations: 0 });
    const wrapped = firms.map((f) => ({ id: f.id, ...counting(f.learner, phase, f.id, hooks) }));
    const learners: Record<string, Learner> = {};
    for (const w of wrapped) learners[w.id] = w.learner;
    const { maxLowSteps, pacing: _pacing, ...shared } = schemeOptions;
    const run = runNFirmProtocol(
      { learners, maxQuality: maxQuality.value },
      {
        ...shared,
        ...(maxLowSteps === undefined ? {} : { maxSteps: maxLowSteps }),
        ...(hooks.onRound === undefined
          ? {}
          : { onRound: (r, n) => hooks.onRound?.({ phase, round: r.round, rounds: n, record: r }) }),
      },
    );
    const counters: Record<string, { steps: number; evaluations: number }> = {};
    for (const w of wrapped) counters[w.id] = w.counters();
    const done: ExperimentRun = { kind: "n-firm", run, counters };
    runs.push(done);
    hooks.onRun?.(done);
  }
  for (const f of firms) warnings.push(...f.learner.warnings.map((w) => `${f.id}: ${w}`));
  return {
    model: kind,
    stepSize: { value: stepSize, smoothness },
    preTrainStepSize,
    measure,
    seed,
    start,
    roles,
    maxQuality,
    runs,
    warnings,
  };
}
