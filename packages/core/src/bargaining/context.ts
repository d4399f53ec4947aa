/**
 * What the parts of the bargaining solver share while solving one problem: the problem, its
 * samples, the tolerances, the utility scale, and the warnings collected so far.
 */
import type { Tolerances } from "../numerics/tolerances.js";
import { NOT_WORSE_SLACK, ownSlacks } from "./dominance.js";
import { leadingUtilities, type Objective } from "./objectives.js";
import type { BargainingProblem, BargainOutcome } from "./problem.js";
import type { Sample, Sampler } from "./sampling.js";

export interface SolveContext<O extends BargainOutcome> {
  readonly problem: BargainingProblem<O>;
  readonly sampler: Sampler<O>;
  readonly tol: Tolerances;
  /** Number of players. */
  readonly m: number;
  /**
   * Number of players whose utilities decide dominance (BargainingProblem.decisive; `m` when the
   * problem declares none): the length of every Sample.dom, over which dominance, extrema and
   * maxima are checked.
   */
  readonly md: number;
  /** Whether every check of the certificate is made (at most fullChecksMaxPlayers decisive players). */
  readonly fullChecks: boolean;
  /** Disagreement payoffs. */
  readonly d: Float64Array;
  /** Grid intervals of the first sampling. */
  readonly gridSize: number;
  /**
   * The problem's utility scale: the largest |U| of any player at any sampled bargain (at least
   * the smallest normal double). Dominance and tie tolerances are relative to it, so rescaling all
   * utilities rescales every tolerance with them, and a player whose utility is identically 0
   * cannot "gain" by round-off.
   */
  scale: number;
  /**
   * Each decisive player's "not worse" slack (Sample.dom order): NOT_WORSE_SLACK times that
   * player's largest |U| at a sampled bargain. Round-off is relative to each player's own
   * magnitude: a slack relative to the problem's scale would let a specialist whose utility is a
   * millionth of G's lose 1e-11 per step unnoticed, so that a chain of neighbouring samples each
   * "dominates" the next where nobody dominates anybody (./dominance.ts).
   */
  slack: Float64Array;
  readonly warnings: string[];
  /** Each decisive player's maxima located by refinement (player: its index among all; the revenue: m). */
  readonly refined: { lo: number; hi: number; player: number; x: number }[];
  /**
   * Each objective's value at each sample, once computed (an objective costs O(players) per
   * sample, and a solution's refinement and certificate read the same samples several times).
   */
  readonly values: Map<Objective, Map<Sample, number>>;
}

/** `f` at sample `s`, memoised in the context. */
export function valueAt<O extends BargainOutcome>(ctx: SolveContext<O>, f: Objective, s: Sample): number {
  let cache = ctx.values.get(f);
  if (cache === undefined) {
    cache = new Map();
    ctx.values.set(f, cache);
  }
  let v = cache.get(s);
  if (v === undefined) {
    // the leading utilities when they are all f reads (the same numbers as the vector's)
    const k = leadingUtilities(f);
    v = f(k !== undefined && k <= s.head.length ? s.head : s.u, s.revenue);
    cache.set(s, v);
  }
  return v;
}

/** Each decisive player's "not worse" slack over the agreement samples (see {@link SolveContext.slack}). */
export function playerSlacks(samples: readonly Sample[], md: number): Float64Array {
  return ownSlacks(
    samples.filter((s) => s.agreement).map((s) => s.dom),
    md,
    NOT_WORSE_SLACK,
  );
}

/** The utility scale of the agreement samples (see {@link SolveContext.scale}). */
export function utilityScale(samples: readonly Sample[]): number {
  let s = Number.MIN_VALUE;
  for (const x of samples) if (x.agreement) s = Math.max(s, x.absMax);
  return s;
}

/** The utility scale and the players' slacks, from every sample so far. */
export function rescale<O extends BargainOutcome>(ctx: SolveContext<O>): void {
  const all = ctx.sampler.sorted();
  ctx.scale = utilityScale(all);
  ctx.slack = playerSlacks(all, ctx.md);
}
