/**
 * The N-firm defection-free protocol of Appendix B, run on the correct N-firm market.
 *
 * Conventions: firms are ranked by starting quality (rank 1 = best); each firm's data pool is named
 * by its id. Each round, in rank order (Proposition B.3's sequential ordering): the best firm trains
 * on all pools, paced by b̃ (Proposition B.5); then each lower firm n, if q_n < q_n* and
 * q_n/q_{n−1,t} ≤ ρ_n* = q_n* ÷ q_{n−1}*, trains on all pools with step control that never crosses
 * min(q̂_n, ρ_n*·q_{n−1,t}), where q̂_n is the largest quality at which no firm's equilibrium revenue
 * (firms 1..n at their new qualities, the rest at their old ones) is below its previous-round
 * level — found by bisection on the exact N-firm equilibrium, since the pairwise closed form of the
 * appendix does not describe the N-firm market. The target is the N-firm Nash bargaining solution
 * on the same market (nashTargetN).
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Appendix B (Props. B.3–B.5)
 */
import { type ConsumerDistribution, uniformConsumers } from "../market/consumers.js";
import { marketRevenues } from "../market/equilibrium.js";
import { bisectPredicate } from "../numerics/roots.js";
import { TOLERANCE } from "../numerics/tolerances.js";
import type { Learner } from "./learner.js";
import { type NashTargetN, nashTargetN, signedNashProduct } from "./nashTarget.js";
import type { LossEvent } from "./schemes.js";

/** N firms, keyed by id. */
export interface NFirmModel {
  readonly learners: Readonly<Record<string, Learner>>;
  readonly maxQuality: number;
  readonly consumers?: ConsumerDistribution;
}

/** Options of {@link runNFirmProtocol}. */
export interface NFirmOptions {
  /** Rounds T. Default 200. */
  readonly rounds?: number;
  /** Base step size. Default 1. */
  readonly stepSize?: number;
  /** Pacing bound b̃ of the best firm. Default 1.0297. */
  readonly bTilde?: number;
  /** Undo-and-shrink attempts per update. Default 60. */
  readonly maxBacktracks?: number;
  /** Accepted updates per lower firm per round. Default 50. */
  readonly maxSteps?: number;
  /** Relative revenue drop tolerated as round-off. Default `TOLERANCE.revenueRoundOff` (1e-9). */
  readonly revenueTol?: number;
  /** Max-norm distance to the target counted as converged. Default `TOLERANCE.convergedDistance` (1e-3). */
  readonly convergenceTol?: number;
  /**
   * Called after every round (1…T) with that round's record and T, e.g. for a progress bar.
   * Optional; it observes the run and cannot change it. Default: none.
   */
  readonly onRound?: (record: NFirmRound, rounds: number) => void;
}

/** One round: qualities and revenues by firm id order of `ids`. */
export interface NFirmRound {
  readonly round: number;
  readonly qualities: number[];
  readonly revenues: number[];
  /** Nash product of revenue gains, signed (negative when a firm has lost). */
  readonly nash: number;
}

/** A run of the N-firm protocol. */
export interface NFirmRun {
  /** Firm ids, in the order of every array. */
  readonly ids: string[];
  /** Firm ids by starting quality, best first: the ranks (roles) of Appendix B's protocol. */
  readonly ranking: string[];
  readonly target: NashTargetN;
  readonly trajectory: NFirmRound[];
  readonly firstLoss: (LossEvent | null)[];
  readonly anyLoss: boolean;
  readonly distance: number;
  readonly converged: boolean;
  readonly warnings: string[];
}

function capped(
  learner: Learner,
  pools: readonly string[],
  alpha0: number,
  cap: number,
  maxBacktracks: number,
): number {
  const before = learner.quality();
  let alpha = alpha0;
  for (let k = 0; k <= maxBacktracks; k++) {
    const snap = learner.snapshot();
    learner.step(pools, alpha);
    const after = learner.quality();
    if (after >= before && after <= cap) return alpha;
    learner.restore(snap);
    const frac = after > cap && after > before ? (0.9 * (cap - before)) / (after - before) : 0.5;
    alpha *= Math.min(0.5, Math.max(1e-3, frac));
  }
  return 0;
}

/**
 * Runs Appendix B's protocol for T rounds.
 * @param model learners keyed by firm id, the best attainable quality, consumers (uniform [0, 1]).
 * @param options rounds (200), stepSize (1), bTilde (1.0297), maxBacktracks (60), maxSteps (50),
 *   revenueTol (1e-9), convergenceTol (1e-3), onRound (none).
 */
export function runNFirmProtocol(model: NFirmModel, options: NFirmOptions = {}): NFirmRun {
  const consumers = model.consumers ?? uniformConsumers();
  const ids = Object.keys(model.learners);
  const learners = ids.map((id) => model.learners[id]!);
  const n = ids.length;
  const rounds = options.rounds ?? 200;
  const base = options.stepSize ?? 1;
  const bT = options.bTilde ?? 1.0297;
  const maxBacktracks = options.maxBacktracks ?? 60;
  const maxSteps = options.maxSteps ?? 50;
  const revenueTol = options.revenueTol ?? TOLERANCE.revenueRoundOff;
  const q0 = learners.map((l) => l.quality());
  const order = q0.map((_, i) => i).sort((a, b) => q0[b]! - q0[a]! || a - b);
  const targetRun = nashTargetN({ initial: q0, maxQuality: model.maxQuality, consumers });
  const target = targetRun.value;
  const warnings = [...targetRun.warnings];
  const u0 = marketRevenues(q0, consumers);
  const snapshotRound = (round: number): NFirmRound => {
    const qualities = learners.map((l) => l.quality());
    const revenues = marketRevenues(qualities, consumers);
    const nash = signedNashProduct(revenues.map((u, i) => u - u0[i]!));
    return { round, qualities, revenues, nash };
  };
  const trajectory: NFirmRound[] = [snapshotRound(0)];
  for (let t = 1; t <= rounds; t++) {
    const prev = trajectory[t - 1]!;
    const top = order[0]!;
    const topLearner = learners[top]!;
    if (topLearner.raise !== undefined) topLearner.raise(ids, bT * topLearner.quality(), base);
    else capped(topLearner, ids, base, bT * topLearner.quality(), maxBacktracks);
    for (let k = 1; k < n; k++) {
      const i = order[k]!;
      const above = order[k - 1]!;
      const qi = learners[i]!.quality();
      const qAbove = learners[above]!.quality();
      const rhoStar = target.qualities[i]! / target.qualities[above]!;
      if (!(qi < target.qualities[i]! && qi / qAbove <= rhoStar)) continue;
      const current = learners.map((l) => l.quality());
      const ok = (x: number): boolean => {
        const trial = [...current];
        trial[i] = x;
        const r = marketRevenues(trial, consumers);
        return r.every((v, j) => v >= prev.revenues[j]! - revenueTol * Math.abs(prev.revenues[j]!));
      };
      if (!ok(qi)) continue;
      const limit = Math.min(qAbove, target.qualities[i]!, rhoStar * qAbove);
      const qHat = ok(limit) ? limit : bisectPredicate(ok, qi, limit, { xTol: TOLERANCE.fineWidth }).inside;
      const raise = learners[i]!.raise;
      if (raise !== undefined) {
        if (qHat > qi) raise.call(learners[i]!, ids, qHat, base);
        continue;
      }
      let alpha = base;
      for (let s = 0; s < maxSteps; s++) {
        const before = learners[i]!.quality();
        if (qHat - before <= TOLERANCE.relativeRoundOff) break;
        alpha = capped(learners[i]!, ids, alpha, qHat, maxBacktracks);
        if (alpha === 0 || learners[i]!.quality() - before <= TOLERANCE.lastBits) break;
      }
    }
    const done = snapshotRound(t);
    trajectory.push(done);
    options.onRound?.(done, rounds);
  }
  const firstLoss: (LossEvent | null)[] = ids.map(() => null);
  for (let k = 1; k < trajectory.length; k++) {
    const a = trajectory[k - 1]!;
    const b = trajectory[k]!;
    for (let i = 0; i < n; i++) {
      if (firstLoss[i] === null && b.revenues[i]! < a.revenues[i]! - revenueTol * Math.abs(a.revenues[i]!)) {
        firstLoss[i] = { round: b.round, from: a.revenues[i]!, to: b.revenues[i]! };
      }
    }
  }
  const last = trajectory[trajectory.length - 1]!;
  const distance = Math.max(...last.qualities.map((q, i) => Math.abs(q - target.qualities[i]!)));
  return {
    ids,
    ranking: order.map((i) => ids[i]!),
    target,
    trajectory,
    firstLoss,
    anyLoss: firstLoss.some((e) => e !== null),
    distance,
    converged: distance <= (options.convergenceTol ?? TOLERANCE.convergedDistance),
    warnings,
  };
}
