/**
 * Capped training of a firm's model: a working copy that trains freely, and a deployed model that
 * only moves up, never past a cap (the defection-free scheme's updates, `Learner.raise`).
 *
 * Conventions (Werner et al., Algorithm 1, Section 3.1 assumption 4): the market sees only the
 * deployed model, whose quality must not fall and must stay within the round's cap (the high
 * firm's pacing b̃·q_{h,t−1}, the low firm's revenue-preserving threshold). The working copy is
 * the firm's private training run: each round it takes `roundUpdates` minibatch SGD steps (one
 * epoch by default) on the allowed pools, and its quality may dip — accuracy along a gradient
 * path often does. The firm remembers the best working model so far (by the quality the scheme
 * decides on). It deploys that model if it lies within [deployed quality, cap]; if it is above
 * the cap, it deploys the best point found by bisection on the segment from the deployed model to
 * it — parameters (1 − s)·θ_deployed + s·θ_best — whose quality is at most the cap and above the
 * deployed one (regula falsi safeguarded by bisection, at most `bisections` evaluations). Accuracy along such a segment changes one example at a time, so the bisection
 * lands within a few examples of the cap. For models linear in their parameters the logits along
 * the segment are the same interpolation of the end points' logits (no pass over the data).
 *
 * Why not undo-and-retry single steps (the schemes' fallback): with accuracy as quality, the
 * accept-only-improving rule undoes most steps, the line search shrinks the step to nothing, and
 * full-batch gradient descent then repeats the same rejected step forever — the run stalls far
 * from q_h* (docs/real-data.md, Findings).
 */
import type { Examples } from "./dataset.js";
import type { Classifier } from "./models/classifier.js";
import { createRng, type RngState } from "./rng.js";
import { averageGradient, drawBatch } from "./train.js";

/** A working copy's state after some rounds (immutable: arrays are never written once made). */
export interface WorkState {
  /** Version of the deployed parameters the trajectory started from. */
  readonly origin: number;
  readonly rounds: number;
  readonly params: Float64Array;
  readonly rng: RngState;
  /** Quality of `params`. */
  readonly quality: number;
  /** The best working model so far (the start counts) and its logits on the quality set. */
  readonly best: {
    readonly params: Float64Array;
    readonly quality: number;
    readonly logits: Float64Array;
  };
}

/** What {@link raiseWorkingCopy} needs from the learner. */
export interface RaiseContext {
  readonly model: Classifier;
  /** The allowed pools, in a canonical order (by id). */
  readonly pools: readonly Examples[];
  readonly poolsKey: string;
  readonly stepSize: number;
  readonly cap: number;
  readonly batchSize: number;
  readonly roundUpdates: number | undefined;
  readonly bisections: number;
  /** Smallest change of quality (1/count for accuracy; 0 when it is continuous). */
  readonly resolution: number;
  /** The current working copy, or undefined before the first round. */
  readonly work: WorkState | undefined;
  /** A working copy that starts at the deployed model. */
  readonly start: () => WorkState;
  /** Rounds computed so far, by trajectory key (see {@link trajectoryKey}). */
  readonly trajectories: Map<string, WorkState>;
  readonly deployedQuality: number;
  readonly deployedLogits: () => Float64Array;
  /** Logits of the quality set at other parameters. */
  readonly logitsAt: (params: Float64Array) => Float64Array;
  readonly qualityOfLogits: (logits: Float64Array) => number;
  /** Called after every minibatch update of the working copy. */
  readonly onUpdate: () => void;
}

/** The outcome of one round: the new working state and, if it moved, the model to deploy. */
export interface RaiseOutcome {
  readonly work: WorkState;
  readonly deploy:
    | { readonly params: Float64Array; readonly logits: Float64Array; readonly quality: number }
    | undefined;
}

/** Identifies round `rounds` of a working trajectory. */
export function trajectoryKey(w: WorkState, poolsKey: string, stepSize: number, batch: number): string {
  return `${w.origin}|${poolsKey}|${stepSize}|${batch}|${w.rounds}`;
}

function trainRound(c: RaiseContext, from: WorkState): WorkState {
  const key = trajectoryKey({ ...from, rounds: from.rounds + 1 }, c.poolsKey, c.stepSize, c.batchSize);
  const known = c.trajectories.get(key);
  if (known !== undefined) return known;
  const { model } = c;
  const total = c.pools.reduce((s, p) => s + p.count, 0);
  const updates = c.roundUpdates ?? Math.ceil(total / c.batchSize);
  const saved = model.params.slice();
  model.params.set(from.params);
  const rng = createRng(1);
  rng.setState(from.rng);
  const grad = new Float64Array(model.params.length);
  const p = model.params;
  for (let k = 0; k < updates; k++) {
    averageGradient(model, drawBatch(c.pools, c.batchSize, rng), grad);
    for (let i = 0; i < p.length; i++) p[i] = p[i]! - c.stepSize * grad[i]!;
    c.onUpdate();
  }
  const params = model.params.slice();
  model.params.set(saved);
  const logits = c.logitsAt(params);
  const quality = c.qualityOfLogits(logits);
  const next: WorkState = {
    origin: from.origin,
    rounds: from.rounds + 1,
    params,
    rng: rng.state(),
    quality,
    best: quality > from.best.quality ? { params, quality, logits } : from.best,
  };
  c.trajectories.set(key, next);
  return next;
}

/**
 * One round of capped training: trains the working copy (unless its best model already exceeds
 * the cap and the round is not known yet — then the deployed model can move without more
 * training), then picks the model to deploy.
 */
export function raiseWorkingCopy(c: RaiseContext): RaiseOutcome {
  let work = c.work ?? c.start();
  const nextKnown = c.trajectories.has(
    trajectoryKey({ ...work, rounds: work.rounds + 1 }, c.poolsKey, c.stepSize, c.batchSize),
  );
  if (nextKnown || !(work.best.quality > c.cap)) work = trainRound(c, work);
  const qd = c.deployedQuality;
  const best = work.best;
  if (!(best.quality > qd)) return { work, deploy: undefined };
  if (best.quality <= c.cap) {
    return { work, deploy: { params: best.params, logits: best.logits, quality: best.quality } };
  }
  // Search the segment deployed → best for the best point with quality in (qd, cap]: regula falsi
  // (accuracy along the segment is nearly linear in s), kept safe by bisection whenever the guess
  // is too close to an end; it stops once the qualities on both sides of the cap are one
  // `resolution` apart (one example of the quality set for accuracy): nothing between them.
  const from = c.model.params.slice();
  const fromLogits = c.deployedLogits();
  const linear = c.model.linearInParams;
  let lo = 0;
  let hi = 1;
  let qLo = qd;
  let qHi = best.quality;
  let found: { params: Float64Array; logits: Float64Array; quality: number } | undefined;
  for (let k = 0; k < c.bisections; k++) {
    const width = hi - lo;
    let s = lo + (width * (c.cap - qLo)) / (qHi - qLo);
    if (!(s > lo + 0.05 * width && s < hi - 0.05 * width)) s = (lo + hi) / 2;
    const params = new Float64Array(from.length);
    for (let i = 0; i < from.length; i++) params[i] = from[i]! + s * (best.params[i]! - from[i]!);
    let logits: Float64Array;
    if (linear) {
      logits = new Float64Array(fromLogits.length);
      for (let i = 0; i < logits.length; i++)
        logits[i] = fromLogits[i]! + s * (best.logits[i]! - fromLogits[i]!);
    } else logits = c.logitsAt(params);
    const q = c.qualityOfLogits(logits);
    if (q <= c.cap) {
      lo = s;
      qLo = q;
      if (q > qd && (found === undefined || q > found.quality)) found = { params, logits, quality: q };
    } else {
      hi = s;
      qHi = q;
    }
    if (found !== undefined && qHi - qLo <= c.resolution * (1 + 1e-9)) break;
  }
  return { work, deploy: found };
}
