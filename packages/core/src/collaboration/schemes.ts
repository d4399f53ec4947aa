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
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Sections 3–4, Algorithm 1
 */
import { type ConsumerDistribution, uniformConsumers } from "../market/consumers.js";
import { marketRevenues } from "../market/equilibrium.js";
import { bisectPredicate } from "../numerics/roots.js";
import { TOLERANCE } from "../numerics/tolerances.js";
import type { Learner } from "./learner.js";
import { type NashTarget, nashTarget, type Roles, rolesByQuality, signedNashProduct } from "./nashTarget.js";
import { lowFirmLimit, thresholdB } from "./threshold.js";

/** The collaboration schemes. */
export type Scheme = "defection-free" | "complete" | "one-sided-low" | "one-sided-high";

/**
 * A run whose Nash product is within this share of N* is at the Nash solution for stall detection
 * (unitless; 1%: N_T/N* ≥ 0.99).
 */
export const STALL_NASH_SHARE = 0.01;

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
  /** Relative revenue drop (of max(1e-300, previous)) tolerated as round-off. Default `TOLERANCE.revenueRoundOff` (1e-9). */
  readonly revenueTol?: number;
  /** Distance (quality units, max-norm) to (q_l*, q_h*) counted as converged. Default `TOLERANCE.convergedDistance` (1e-3). */
  readonly convergenceTol?: number;
  /**
   * Rounds without any change of either firm's quality, while the run is not at the target
   * (distance > convergenceTol and N_t below 99% of N*), after which it is reported as stalled
   * (`verdict.stalledAt`, a warning). Default 25.
   */
  readonly stallRounds?: number;
  /** Stop the run when it stalls (see `stallRounds`). Default false. */
  readonly stopOnStall?: boolean;
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
  /** Nash product of revenue gains from the starting point, signed (negative when a firm has lost: {@link signedNashProduct}). */
  readonly nash: number;
  /** The low firm's cap this round (defection-free only, null when it did not update). */
  readonly threshold: number | null;
  /** Test-set qualities (learners with `testQuality`), null otherwise; ql/qh are what the scheme decides on. */
  readonly qlTest: number | null;
  readonly qhTest: number | null;
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
  /**
   * The round at which the run was found stalled — no quality had moved for `stallRounds` rounds
   * and it had not converged — or null.
   */
  readonly stalledAt: number | null;
  /** Whether the run stopped at `stalledAt` (`stopOnStall`) instead of running all T rounds. */
  readonly stoppedEarly: boolean;
}

/** A revenue drop. */
export interface LossEvent {
  readonly round: number;
  readonly from: number;
  readonly to: number;
}

/** A full run. Qualities, revenues and the target are by role (`roles`), not by firm id. */
export interface SchemeRun {
  readonly scheme: Scheme;
  /** Which firm (by id) plays each role: roles go by starting quality (Section 2). */
  readonly roles: Roles;
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
  return bisectPredicate(ok, qlPrev, qhNew, { xTol: TOLERANCE.fineWidth }).inside;
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
 * A learner seen through its role: the scheme names pools by role ("low", "high"), the learner by
 * firm id, so a firm playing the other role still trains on its own pool where a scheme says "own
 * data".
 */
function asRole(learner: Learner, roles: Roles): Learner {
  if (roles.low === "low") return learner;
  const rename = (pools: readonly string[]): string[] =>
    pools.map((p) => (p === "low" ? roles.low : p === "high" ? roles.high : p));
  const wrapped: Learner = {
    quality: () => learner.quality(),
    step: (pools, stepSize) => learner.step(rename(pools), stepSize),
    snapshot: () => learner.snapshot(),
    restore: (s) => learner.restore(s),
  };
  const raise = learner.raise;
  const testQuality = learner.testQuality;
  return {
    ...wrapped,
    ...(raise === undefined
      ? {}
      : { raise: (pools, cap, stepSize) => raise.call(learner, rename(pools), cap, stepSize) }),
    ...(testQuality === undefined ? {} : { testQuality: () => testQuality.call(learner) }),
  };
}

/** Raises `learner` towards `cap` on `pools`: its own `raise` if it has one, else undo-and-retry steps. */
function raiseTo(
  learner: Learner,
  pools: readonly string[],
  cap: number,
  base: number,
  maxSteps: number,
  maxBacktracks: number,
): boolean {
  if (learner.raise !== undefined) return learner.raise(pools, cap, base);
  const start = learner.quality();
  let alpha = base;
  for (let k = 0; k < maxSteps; k++) {
    const before = learner.quality();
    if (cap - before <= TOLERANCE.relativeRoundOff * Math.max(1, cap)) break;
    const r = controlledStep(learner, pools, alpha, cap, maxBacktracks);
    if (!r.accepted || learner.quality() - before <= TOLERANCE.lastBits) break;
    alpha = r.stepSize;
  }
  return learner.quality() !== start; // exact: any change of the deployed model counts
}

/**
 * Runs a collaboration scheme for T rounds and reports every round and a verdict.
 *
 * Roles go by starting quality ({@link rolesByQuality}): `learners.low` and `learners.high` are
 * the firms named by their data, and the one whose model starts better plays the high role
 * (`run.roles` says which). Qualities, revenues and the target are reported by role.
 * @param model the two learners, q_h* and the consumers.
 * @param scheme which scheme.
 * @param options rounds (200), stepSize (1), bTilde (1.0297), pacing ("b-tilde"), maxBacktracks (60),
 *   maxLowSteps (50), revenueTol (1e-9), convergenceTol (1e-3), stallRounds (25), stopOnStall
 *   (false), onRound (none).
 * @example
 * const low = analyticLearner({ initial: 0.5, ceilings: { "high+low": 1 } });
 * const high = analyticLearner({ initial: 0.7, ceilings: { "high+low": 1 } });
 * runScheme({ learners: { low, high }, maxQuality: 1 }, "defection-free").verdict.anyLoss // false
 * @see Werner, Karimireddy, Jordan, "Defection-Free Collaboration between Competitors in a Learning System" (arXiv:2406.15898; docs/theory/defection-free-collaboration.md), Algorithm 1
 */
export function runScheme(model: CollaborationModel, scheme: Scheme, options: SchemeOptions = {}): SchemeRun {
  const consumers = model.consumers ?? uniformConsumers();
  const rounds = options.rounds ?? 200;
  const base = options.stepSize ?? 1;
  const bT = options.bTilde ?? 1.0297;
  const pacing = options.pacing ?? "b-tilde";
  const maxBacktracks = options.maxBacktracks ?? 60;
  const maxLowSteps = options.maxLowSteps ?? 50;
  const revenueTol = options.revenueTol ?? TOLERANCE.revenueRoundOff;
  const convergenceTol = options.convergenceTol ?? TOLERANCE.convergedDistance;
  const stallRounds = options.stallRounds ?? 25;
  const initial = { low: model.learners.low.quality(), high: model.learners.high.quality() };
  const roles = rolesByQuality(initial);
  const low = asRole(model.learners[roles.low], roles);
  const high = asRole(model.learners[roles.high], roles);
  const targetRun = nashTarget({ initial, maxQuality: model.maxQuality, consumers });
  const target = targetRun.value;
  const warnings: string[] = [...targetRun.warnings];
  const revenues = (ql: number, qh: number): [number, number] => {
    const r = marketRevenues([ql, qh], consumers);
    return [r[0]!, r[1]!];
  };
  const [ul0, uh0] = revenues(low.quality(), high.quality());
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
      nash: signedNashProduct([ul - ul0, uh - uh0]),
      threshold,
      qlTest: low.testQuality?.() ?? null,
      qhTest: high.testQuality?.() ?? null,
    };
  };
  const trajectory: RoundRecord[] = [record(0, null)];
  const both = ["low", "high"] as const;
  // A round of unconstrained training: one step, or a round of capped training without a cap for
  // learners that train a working copy (they deploy their best model so far).
  const train = (l: Learner, pools: readonly string[]): void => {
    if (l.raise !== undefined) l.raise(pools, Number.POSITIVE_INFINITY, base);
    else l.step(pools, base);
  };
  let paceWarned = false;
  let lastMove = 0;
  let stalledAt: number | null = null;
  let stoppedEarly = false;
  for (let t = 1; t <= rounds; t++) {
    let threshold: number | null = null;
    switch (scheme) {
      case "complete":
        train(low, both);
        train(high, both);
        break;
      case "one-sided-low":
        train(low, ["low"]);
        train(high, both);
        break;
      case "one-sided-high":
        train(low, both);
        train(high, ["high"]);
        break;
      case "defection-free": {
        const qlPrev = low.quality();
        const qhPrev = high.quality();
        const hiCap = pacing === "b-tilde" ? bT * qhPrev : Number.POSITIVE_INFINITY;
        if (high.raise !== undefined) high.raise(both, hiCap, base);
        else {
          const h = controlledStep(high, both, base, hiCap, maxBacktracks);
          if (!h.accepted && !paceWarned) {
            warnings.push(
              `round ${t}: no step size kept the high firm's growth within b̃ = ${bT}; it skipped the round`,
            );
            paceWarned = true;
          }
        }
        const qhNew = high.quality();
        if (qlPrev < target.ql && qlPrev / qhNew <= target.rho) {
          const cap = Math.min(revenuePreservingCap(qlPrev, qhPrev, qhNew, consumers), target.rho * qhNew);
          threshold = cap;
          if (cap > qlPrev) raiseTo(low, both, cap, base, maxLowSteps, maxBacktracks);
        }
        break;
      }
    }
    const done = record(t, threshold);
    const prev = trajectory[trajectory.length - 1]!;
    trajectory.push(done);
    options.onRound?.(done, rounds);
    // exact: "moved" means any change of a deployed model's quality
    if (done.ql !== prev.ql || done.qh !== prev.qh) lastMove = t;
    const distance = Math.max(Math.abs(done.ql - target.ql), Math.abs(done.qh - target.qh));
    // At the target — within convergenceTol in qualities, or within STALL_NASH_SHARE of N* (near
    // its maximum N is flat in q_l, so qualities can stop short of it at no cost) — is not a stall.
    const atTarget = distance <= convergenceTol || done.nash >= (1 - STALL_NASH_SHARE) * target.nash;
    if (stalledAt === null && t - lastMove >= stallRounds && !atTarget) {
      stalledAt = t;
      warnings.push(
        `stalled: neither firm's quality has moved since round ${lastMove} (${stallRounds} rounds), at distance ${distance.toPrecision(3)} from the Nash target`,
      );
      if (options.stopOnStall === true) {
        stoppedEarly = true;
        break;
      }
    }
  }
  const verdict = schemeVerdict(trajectory, target, { revenueTol, convergenceTol });
  return {
    scheme,
    roles,
    target,
    trajectory,
    verdict: { ...verdict, stalledAt, stoppedEarly },
    warnings,
  };
}

/**
 * The verdict of a trajectory against its target: first revenue losses (a drop by more than
 * `revenueTol` relative), distance to the target, Nash gap, the first round the qualities swapped
 * order. Stalls are the runner's to report (null here).
 */
export function schemeVerdict(
  trajectory: readonly RoundRecord[],
  target: Pick<NashTarget, "ql" | "qh" | "nash">,
  options: { readonly revenueTol?: number; readonly convergenceTol?: number } = {},
): SchemeVerdict {
  const revenueTol = options.revenueTol ?? TOLERANCE.revenueRoundOff;
  const convergenceTol = options.convergenceTol ?? TOLERANCE.convergedDistance;
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
    if (rolesSwappedAt === null && cur.ql > cur.qh) rolesSwappedAt = cur.round;
  }
  const last = trajectory[trajectory.length - 1]!;
  const distance = Math.max(Math.abs(last.ql - target.ql), Math.abs(last.qh - target.qh));
  return {
    firstLoss,
    anyLoss: firstLoss.low !== null || firstLoss.high !== null,
    distance,
    converged: distance <= convergenceTol,
    nashGap: target.nash - last.nash,
    rolesSwappedAt,
    stalledAt: null,
    stoppedEarly: false,
  };
}
