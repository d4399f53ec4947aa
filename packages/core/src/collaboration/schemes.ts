/**
 * Collaboration schemes between two competing firms over T rounds (Section 3 and Algorithm 1).
 *
 * Conventions: two firms, "low" and "high" (named by their starting qualities), each with a
 * {@link Learner}; each firm's data pool is named by its id. In every round the firms update their
 * models on the pools the scheme lets them use, then set Bertrand–Nash prices (Lemma 2, or the
 * exact market for other consumer densities); a firm "loses revenue" in a round when its
 * equilibrium revenue is below the previous round's. Schemes:
 * - "complete": both train on both pools (FedAvg-like, Section 3.2);
 * - "one-sided-low": only the low firm shares — the high firm trains on both pools, the low firm on
 *   its own (Section 3.3);
 * - "one-sided-high": only the high firm shares;
 * - "defection-free": Algorithm 1. The high firm trains on both pools with its step size paced so
 *   that q_{h,t}/q_{h,t−1} ≤ b̃ (Proposition 5); then, if q_l < q_l* and q_l/q_{h,t} ≤ ρ*, the low
 *   firm trains on both pools with step-size control (undo and shrink) so that it never crosses
 *   min(B(ρ_{t−1}, b)·q_{h,t}, ρ*·q_{h,t}) — the revenue-preserving threshold, and the target ratio
 *   (Proposition 5, case 1: once on the ratio ρ*, stay on it). Steps that would lower a firm's own
 *   quality are undone (Section 3.1, assumption 4).
 * The target (q_l*, q_h*) is the Nash bargaining solution from the starting point (see nashTarget).
 * @see ../../../../shared/papers/defection-free-collaboration.md, Sections 3–4, Algorithm 1
 */
import { type ConsumerDistribution, uniformConsumers } from "../market/consumers.js";
import { marketRevenues } from "../market/equilibrium.js";
import { bisectPredicate } from "../numerics/roots.js";
import type { Learner } from "./learner.js";
import { type NashTarget, nashTarget } from "./nashTarget.js";
import { lowFirmLimit, thresholdB } from "./threshold.js";

/** The collaboration schemes. */
export type Scheme = "defection-free" | "complete" | "one-sided-low" | "one-sided-high";

/** The scheme names, for validation. */
export const SCHEMES: readonly Scheme[] = ["defection-free", "complete", "one-sided-low", "one-sided-high"];

/** Two firms and their market. */
export interface CollaborationModel {
  readonly learners: { readonly low: Learner; readonly high: Learner };
  /** Best attainable quality, q_h* (Proposition 2). */
  readonly maxQuality: number;
  /** Consumer types; default uniform on [0, 1]. */
  readonly consumers?: ConsumerDistribution;
}

/** Options of {@link runScheme}. */
export interface SchemeOptions {
  /** Number of rounds T. Default 200. */
  readonly rounds?: number;
  /** Base step size (learning rate) of every update. Default 1. */
  readonly stepSize?: number;
  /** Pacing bound b̃ on q_{h,t}/q_{h,t−1} (defection-free). Default 1.0297 (computed by `bTilde()`). */
  readonly bTilde?: number;
  /** "b-tilde" (default) paces the high firm as Proposition 5 requires; "none" lets it run free. */
  readonly pacing?: "b-tilde" | "none";
  /** Undo-and-shrink attempts per controlled update. Default 60. */
  readonly maxBacktracks?: number;
  /** Accepted low-firm updates per round (the while loop of Algorithm 1). Default 50. */
  readonly maxLowSteps?: number;
  /** Relative revenue drop (of max(1e-300, previous)) tolerated as round-off. Default 1e-9. */
  readonly revenueTol?: number;
  /** Distance (quality units, max-norm) to (q_l*, q_h*) counted as converged. Default 1e-3. */
  readonly convergenceTol?: number;
  /**
   * Called after every round (1…T) with that round's record and T, e.g. for a progress bar.
   * Optional; it observes the run and cannot change it. Default: none.
   */
  readonly onRound?: (record: RoundRecord, rounds: number) => void;
}

/** One round of a run (round 0 is the starting point). */
export interface RoundRecord {
  readonly round: number;
  readonly ql: number;
  readonly qh: number;
  readonly revenueLow: number;
  readonly revenueHigh: number;
  /** ρ_t = q_l/q_h. */
  readonly rho: number;
  /** Nash product of revenue gains from the starting point. */
  readonly nash: number;
  /** The low firm's cap this round (defection-free only, null when it did not update). */
  readonly threshold: number | null;
}

/** What happened to each firm and where the run ended. */
export interface SchemeVerdict {
  /** The first round in which each firm's revenue fell, with the drop; null if it never fell. */
  readonly firstLoss: { readonly low: LossEvent | null; readonly high: LossEvent | null };
  readonly anyLoss: boolean;
  /** Max-norm distance of the final qualities to (q_l*, q_h*). */
  readonly distance: number;
  readonly converged: boolean;
  /** N(q_l*, q_h*) − N(q_{l,T}, q_{h,T}). */
  readonly nashGap: number;
  /** Whether the firms' qualities swapped order at some round (and the first such round). */
  readonly rolesSwappedAt: number | null;
}

/** A revenue drop. */
export interface LossEvent {
  readonly round: number;
  readonly from: number;
  readonly to: number;
}

/** A full run. */
export interface SchemeRun {
  readonly scheme: Scheme;
  readonly target: NashTarget;
  readonly trajectory: RoundRecord[];
  readonly verdict: SchemeVerdict;
  readonly warnings: string[];
}

/**
 * Largest q_l ∈ [qlPrev, qhNew] at which neither firm's revenue is below its level at
 * (qlPrev, qhPrev): B(ρ, b)·q_{h,t} capped by the low firm's own limit for uniform types (closed
 * form), bisection on exact equilibrium revenues otherwise.
 */
export function revenuePreservingCap(
  qlPrev: number,
  qhPrev: number,
  qhNew: number,
  consumers: ConsumerDistribution = uniformConsumers(),
): number {
  if (!(qhPrev > 0)) return qlPrev;
  const a = Math.min(1, qlPrev / qhPrev);
  const b = qhNew / qhPrev;
  if (consumers.uniform && b >= 1)
    return Math.max(qlPrev, Math.min(thresholdB(a, b), lowFirmLimit(a, b)) * qhNew);
  const [ul0, uh0] = marketRevenues([qlPrev, qhPrev], consumers) as [number, number];
  const ok = (x: number): boolean => {
    const [ul, uh] = marketRevenues([x, qhNew], consumers) as [number, number];
    return ul >= ul0 && uh >= uh0;
  };
  if (!ok(qlPrev)) return qlPrev;
  if (ok(qhNew)) return qhNew;
  return bisectPredicate(ok, qlPrev, qhNew, { xTol: 1e-13 }).inside;
}

interface Controlled {
  readonly accepted: boolean;
  readonly stepSize: number;
}

/**
 * One update of `learner` on `pools`, undone and retried with a smaller step while the new quality
 * is below the old one or above `cap`. Shrinks by the secant estimate of the allowed fraction.
 */
function controlledStep(
  learner: Learner,
  pools: readonly string[],
  stepSize: number,
  cap: number,
  maxBacktracks: number,
): Controlled {
  const before = learner.quality();
  let alpha = stepSize;
  for (let k = 0; k <= maxBacktracks; k++) {
    const snap = learner.snapshot();
    learner.step(pools, alpha);
    const after = learner.quality();
    if (after >= before && after <= cap) return { accepted: true, stepSize: alpha };
    learner.restore(snap);
    const frac = after > cap && after > before ? (0.9 * (cap - before)) / (after - before) : 0.5;
    alpha *= Math.min(0.5, Math.max(1e-3, frac));
  }
  return { accepted: false, stepSize: alpha };
}

/**
 * Runs a collaboration scheme for T rounds and reports every round and a verdict.
 * @param model the two learners, q_h* and the consumers.
 * @param scheme which scheme.
 * @param options rounds (200), stepSize (1), bTilde (1.0297), pacing ("b-tilde"), maxBacktracks (60),
 *   maxLowSteps (50), revenueTol (1e-9), convergenceTol (1e-3), onRound (none).
 * @example
 * const low = analyticLearner({ initial: 0.5, ceilings: { "high+low": 1 } });
 * const high = analyticLearner({ initial: 0.7, ceilings: { "high+low": 1 } });
 * runScheme({ learners: { low, high }, maxQuality: 1 }, "defection-free").verdict.anyLoss // false
 * @see ../../../../shared/papers/defection-free-collaboration.md, Algorithm 1
 */
export function runScheme(model: CollaborationModel, scheme: Scheme, options: SchemeOptions = {}): SchemeRun {
  const consumers = model.consumers ?? uniformConsumers();
  const rounds = options.rounds ?? 200;
  const base = options.stepSize ?? 1;
  const bT = options.bTilde ?? 1.0297;
  const pacing = options.pacing ?? "b-tilde";
  const maxBacktracks = options.maxBacktracks ?? 60;
  const maxLowSteps = options.maxLowSteps ?? 50;
  const revenueTol = options.revenueTol ?? 1e-9;
  const convergenceTol = options.convergenceTol ?? 1e-3;
  const { low, high } = model.learners;
  const warnings: string[] = [];
  const q0 = { low: low.quality(), high: high.quality() };
  if (q0.low > q0.high) warnings.push(`the "low" firm starts with the better model (${q0.low} > ${q0.high})`);
  const target = nashTarget({ initial: q0, maxQuality: model.maxQuality, consumers }).value;
  const revenues = (ql: number, qh: number): [number, number] => {
    const r = marketRevenues([ql, qh], consumers);
    return [r[0]!, r[1]!];
  };
  const [ul0, uh0] = revenues(q0.low, q0.high);
  const record = (round: number, threshold: number | null): RoundRecord => {
    const ql = low.quality();
    const qh = high.quality();
    const [ul, uh] = revenues(ql, qh);
    return {
      round,
      ql,
      qh,
      revenueLow: ul,
      revenueHigh: uh,
      rho: qh > 0 ? ql / qh : Number.NaN,
      nash: (ul - ul0) * (uh - uh0),
      threshold,
    };
  };
  const trajectory: RoundRecord[] = [record(0, null)];
  const both = ["low", "high"] as const;
  let paceWarned = false;
  for (let t = 1; t <= rounds; t++) {
    let threshold: number | null = null;
    switch (scheme) {
      case "complete":
        low.step(both, base);
        high.step(both, base);
        break;
      case "one-sided-low":
        low.step(["low"], base);
        high.step(both, base);
        break;
      case "one-sided-high":
        low.step(both, base);
        high.step(["high"], base);
        break;
      case "defection-free": {
        const qlPrev = low.quality();
        const qhPrev = high.quality();
        const hiCap = pacing === "b-tilde" ? bT * qhPrev : Number.POSITIVE_INFINITY;
        const h = controlledStep(high, both, base, hiCap, maxBacktracks);
        if (!h.accepted && !paceWarned) {
          warnings.push(
            `round ${t}: no step size kept the high firm's growth within b̃ = ${bT}; it skipped the round`,
          );
          paceWarned = true;
        }
        const qhNew = high.quality();
        if (qlPrev < target.ql && qlPrev / qhNew <= target.rho) {
          const cap = Math.min(revenuePreservingCap(qlPrev, qhPrev, qhNew, consumers), target.rho * qhNew);
          threshold = cap;
          let alpha = base;
          for (let k = 0; k < maxLowSteps; k++) {
            const before = low.quality();
            if (cap - before <= 1e-12 * Math.max(1, cap)) break;
            const r = controlledStep(low, both, alpha, cap, maxBacktracks);
            if (!r.accepted || low.quality() - before <= 1e-15) break;
            alpha = r.stepSize;
          }
        }
        break;
      }
    }
    const done = record(t, threshold);
    trajectory.push(done);
    options.onRound?.(done, rounds);
  }
  // verdict
  const firstLoss: { low: LossEvent | null; high: LossEvent | null } = { low: null, high: null };
  let rolesSwappedAt: number | null = null;
  for (let k = 1; k < trajectory.length; k++) {
    const prev = trajectory[k - 1]!;
    const cur = trajectory[k]!;
    const drop = (from: number, to: number): boolean =>
      to < from - revenueTol * Math.max(1e-300, Math.abs(from));
    if (firstLoss.low === null && drop(prev.revenueLow, cur.revenueLow)) {
      firstLoss.low = { round: cur.round, from: prev.revenueLow, to: cur.revenueLow };
    }
    if (firstLoss.high === null && drop(prev.revenueHigh, cur.revenueHigh)) {
      firstLoss.high = { round: cur.round, from: prev.revenueHigh, to: cur.revenueHigh };
    }
    if (rolesSwappedAt === null && q0.low <= q0.high && cur.ql > cur.qh) rolesSwappedAt = cur.round;
  }
  const last = trajectory[trajectory.length - 1]!;
  const distance = Math.max(Math.abs(last.ql - target.ql), Math.abs(last.qh - target.qh));
  return {
    scheme,
    target,
    trajectory,
    verdict: {
      firstLoss,
      anyLoss: firstLoss.low !== null || firstLoss.high !== null,
      distance,
      converged: distance <= convergenceTol,
      nashGap: target.nash - last.nash,
      rolesSwappedAt,
    },
    warnings,
  };
}
