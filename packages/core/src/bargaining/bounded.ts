/**
 * Cells proven dominated by bounds: a change of structure that need not be located.
 *
 * The solver locates every change of structure between neighbouring samples so that the outcome is
 * smooth between them (./sampling.ts). Where the model bounds the decisive players' utilities and
 * the revenue over a whole cell whatever happens inside (BargainingProblem.cellBounds), a cell
 * [a, b] needs no such location when
 * - some sample w is at least every bound (less the solver's "not worse" slack) and above one by
 *   more than the strictness tolerance: then w dominates every bargain of the cell, and anything a
 *   bargain of the cell dominates, w dominates too (so the cell holds no Pareto point and no close
 *   call needs it); and
 * - the revenue bound is below the best revenue examined by more than the tie band: the
 *   maximum-performance solution (over every bargain) is not in the cell.
 * Every other solution lives on the Pareto set. A proof holds for every sub-cell, and for good:
 * samples added later only add witnesses and raise the best revenue. Cells whose ends are not both
 * dominated by a sample are not tried (their bounds cannot be).
 */
import type { Tolerances } from "../numerics/tolerances.js";
import { playerSlacks, utilityScale } from "./context.js";
import type { BargainingProblem, BargainOutcome } from "./problem.js";
import type { Sample, Sampler } from "./sampling.js";
import { IntervalSet } from "./smooth.js";

export class DominatedCells<O extends BargainOutcome> {
  /** Cells proven (joined where they meet: every bargain of the union is dominated). */
  private readonly proven = new IntervalSet();
  /** Cells proven one by one. */
  private count = 0;
  /** Cells tried and not proven (keyed by their ends). */
  private readonly failed = new Set<string>();

  constructor(
    private readonly problem: BargainingProblem<O>,
    private readonly sampler: Sampler<O>,
    private readonly tol: Tolerances,
    private readonly tieTolerance: number,
  ) {}

  /** Cells proven so far. */
  get cells(): number {
    return this.count;
  }

  /**
   * Whether [lo, hi] lies within the cells proven dominated so far (no new bound is computed): every
   * bargain of it is dominated.
   */
  known(lo: number, hi: number): boolean {
    return this.proven.covers(lo, hi);
  }

  /** Whether every bargain in the cell between neighbouring samples `a` and `b` is proven dominated. */
  covers(a: Sample, b: Sample): boolean {
    if (this.proven.covers(a.delta, b.delta)) return true;
    const key = `${a.delta},${b.delta}`;
    if (this.failed.has(key) || this.problem.cellBounds === undefined) return false;
    const all = this.sampler.sorted();
    // the tolerances of this set of samples (computed once per set: O(samples × players))
    if (this.tolerancesOf !== all) {
      this.tolerancesOf = all;
      this.strict = this.tol.utility * utilityScale(all);
      this.slack = playerSlacks(all, a.dom.length);
    }
    const { strict, slack } = this;
    const dominated = (s: Sample): boolean => {
      // the witness found before, if it still is one (the tolerances move as samples arrive)
      const known = this.witnesses.get(s);
      if (known !== undefined && witness([known], s.dom, slack, strict) !== null) return true;
      const w = witness(all, s.dom, slack, strict);
      if (w !== null) this.witnesses.set(s, w);
      return w !== null;
    };
    const proved =
      (!a.agreement || dominated(a)) &&
      (!b.agreement || dominated(b)) &&
      this.bounded(a.delta, b.delta, all, slack, strict);
    if (proved) {
      this.proven.add(a.delta, b.delta);
      this.count++;
    } else this.failed.add(key);
    return proved;
  }

  /** The samples the tolerances below were computed for. */
  private tolerancesOf: readonly Sample[] | null = null;
  private strict = 0;
  private slack: Float64Array = new Float64Array(0);
  /** A sample found to dominate each sample tried. */
  private readonly witnesses = new WeakMap<Sample, Sample>();

  private bounded(
    lo: number,
    hi: number,
    all: readonly Sample[],
    slack: Float64Array,
    strict: number,
  ): boolean {
    let best = Number.NEGATIVE_INFINITY;
    for (const s of all) if (s.agreement && s.revenue > best) best = s.revenue;
    const band = this.tieTolerance * Math.max(1, Math.abs(best));
    const bounds = this.problem.cellBounds!(lo, hi, best - band);
    if (bounds === null) return false;
    if (!(bounds.revenue < best - band)) return false;
    return witness(all, bounds.upper, slack, strict) !== null;
  }
}

/**
 * A sample at least `u` for every decisive player (less the player's slack, SolveContext.slack) and
 * above it for one by more than `strict`; null when none is.
 */
export function witness(
  all: Iterable<Sample>,
  u: ArrayLike<number>,
  slack: ArrayLike<number>,
  strict: number,
): Sample | null {
  for (const w of all) {
    if (!w.agreement) continue;
    const x = w.dom;
    let better = false;
    let ok = true;
    for (let j = 0; j < x.length; j++) {
      const y = u[j]!;
      if (!(x[j]! >= y - slack[j]!)) {
        ok = false;
        break;
      }
      if (x[j]! > y + strict) better = true;
    }
    if (ok && better) return w;
  }
  return null;
}
